"""The seed's appeal as demo content, with receipt issuers and generated gifts.

From UOSSM Canada's September 2016 newsletter (the second seed document): "UOSSM medical
facilities in Aleppo are running dangerously low on supplies/medicines. WE NEED YOUR SUPPORT NOW!
PLEASE DONATE". The goal, the issuers' addresses and registration number are the demo's own
(marked so), and every gift and receipt is generated (marked generated; none is mailed).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carewatch.donations import receipts, services
from carewatch.donations.choices import AppealStatus, Frequency, Method
from carewatch.donations.models import Appeal, AppealText, Issuer
from carewatch.supporters.models import Supporter
from carewatch.supporters.services_supporters import Details

SLUG = "aleppo-supplies"
SEED = 2016
TEXTS = {
    "en": (
        "Aleppo's medical facilities are running dangerously low on supplies",
        "UOSSM medical facilities in Aleppo are running dangerously low on supplies and "
        "medicines. {{ incidents 2016 }} attacks on health care were verified in Syria in 2016.\n\n"
        "We need your support now.",
        "By bank transfer to UOSSM Canada (demo account), or by cheque to UOSSM Canada.",
    ),
    "fr": (
        "Les structures médicales d'Alep manquent dangereusement de fournitures",
        "Les structures médicales de l'UOSSM à Alep manquent dangereusement de fournitures et "
        "de médicaments. {{ incidents 2016 }} attaques contre les soins de santé ont été "
        "vérifiées en Syrie en 2016.\n\nNous avons besoin de votre soutien maintenant.",
        "Par virement à l'UOSSM (compte de démonstration), ou par chèque à l'ordre de l'UOSSM.",
    ),
    "ar": (
        "المنشآت الطبية في حلب تعاني نقصًا خطيرًا في الإمدادات",
        "تعاني المنشآت الطبية التابعة للاتحاد في حلب نقصًا خطيرًا في الإمدادات والأدوية. "
        "جرى التحقق من {{ incidents 2016 }} هجومًا على الرعاية الصحية في سوريا عام 2016.\n\n"
        "نحتاج إلى دعمكم الآن.",
        "بتحويل مصرفي إلى الاتحاد (حساب تجريبي)، أو بشيك باسم الاتحاد.",
    ),
}


def _issuers() -> None:
    Issuer.objects.create(
        country="FR",
        name="UOSSM France",
        address="Adresse de démonstration, 75000 Paris",
        purpose="Apporter secours et soins médicaux aux populations affectées par le conflit "
        "en Syrie",
        legal_reference="Association loi 1901 (données de démonstration)",
        signatory="Le trésorier (démonstration)",
        place="Paris",
    )
    Issuer.objects.create(
        country="CA",
        name="UOSSM Canada",
        address="Demo address, Toronto ON",
        registration="000000000RR0000 (demo)",
        signatory="The treasurer (demo)",
        place="Toronto",
    )


@transaction.atomic
def load_gifts(gifts: int = 60) -> Appeal | None:
    """The appeal, the issuers and generated gifts with their receipts (None: already there)."""
    if Appeal.objects.exists():
        return None
    _issuers()
    appeal = Appeal.objects.create(
        slug=SLUG, status=AppealStatus.OPEN, goal=Decimal(50000), currency="CAD", generated=False
    )
    for language, (title, story, other) in TEXTS.items():
        AppealText.objects.create(
            appeal=appeal, language=language, title=title, story=story, other_ways=other
        )
    chance = random.Random(SEED)  # nosec B311  # generated demo data, no secret
    people = list(Supporter.objects.filter(generated=True).order_by("pk")[:gifts])
    today = timezone.localdate()
    for person in people:
        monthly = chance.random() < 0.25
        services.record_offline(
            details=Details(email=person.email, name=person.name, country=person.country),
            gift=services.Gift(
                amount=Decimal(chance.choice([20, 25, 50, 50, 100, 150, 250])),
                currency="CAD",
                method=chance.choice([Method.TRANSFER, Method.CHEQUE, Method.CASH]),
                frequency=Frequency.MONTHLY if monthly else Frequency.ONE_OFF,
                received_on=today - timedelta(days=chance.randint(0, 60)),
                appeal=appeal,
                address=f"{chance.randint(1, 200)} demo street",
            ),
            actor="demo",
            generated=True,
        )
    corrected = appeal.donations.filter(receipts__isnull=False).first()
    if corrected is not None:  # one receipt corrected: void, and replaced
        receipts.reissue(
            receipt=corrected.receipts.get(), reason="Donor's name misspelt (demo)", actor="demo"
        )
    return appeal
