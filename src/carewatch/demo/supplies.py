"""Generated stock counts at facilities of the Aleppo governorate (marked generated), the
alerts and needs they raise, and the seed's Aleppo appeal citing those needs."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carewatch.accounts.models import User
from carewatch.donations.models import Appeal
from carewatch.facilities.models import Facility
from carewatch.supplies.choices import NeedState
from carewatch.supplies.models import Item, Need, StockReport
from carewatch.supplies.services import Count, record_stock

SEED = 2016
ALEPPO = "SY02"
#: (item, quantity range, use per day range): some last, some run short.
COUNTS = [
    ("ceftriaxone-1g", (20, 400), (10, 30)),
    ("saline-1l", (50, 900), (20, 60)),
    ("blood-bag", (2, 40), (3, 8)),
    ("morphine-10", (10, 200), (5, 15)),
    ("sterile-gloves", (100, 2000), (40, 120)),
    ("external-fixator", (0, 12), (1, 2)),
]


@transaction.atomic
def load_stock(*, reporter: User, appeal_slug: str) -> int:
    """Counts at up to eight facilities of the Aleppo governorate; the appeal cites the needs
    they raise. Returns how many counts (0: already there, or no such facility)."""
    if StockReport.objects.exists():
        return 0
    chance = random.Random(SEED)  # nosec B311  # generated demo data, no secret
    facilities = [
        f
        for f in Facility.objects.select_related("place__parent__parent").order_by("pk")
        if (f.place.ancestor_at(1) or f.place).pcode == ALEPPO
    ][:8]
    today, made = timezone.localdate(), 0
    for facility in facilities:
        for code, (low, high), (use_low, use_high) in COUNTS:
            record_stock(
                user=reporter,
                facility=facility,
                count=Count(
                    item=Item.objects.get(code=code),
                    quantity=Decimal(chance.randint(low, high)),
                    daily_use=Decimal(chance.randint(use_low, use_high)),
                    reported_on=today - timedelta(days=chance.randint(0, 6)),
                ),
                generated=True,
            )
            made += 1
    appeal = Appeal.objects.filter(slug=appeal_slug).first()
    if appeal is not None:
        appeal.needs.set(Need.objects.filter(state=NeedState.OPEN, governorate__pcode=ALEPPO))
    return made
