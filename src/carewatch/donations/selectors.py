"""Which appeals a visitor may open, and what an appeal has received."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum

from carewatch.accounts.permissions import can
from carewatch.donations.choices import AppealStatus, DonationState
from carewatch.donations.models import Appeal, Donation, Receipt


def appeals_for(user: Any) -> QuerySet[Appeal]:
    rows = Appeal.objects.prefetch_related("texts")
    return rows if can(user, "supporter.view") else rows.exclude(status=AppealStatus.DRAFT)


def managed_appeals(user: Any) -> QuerySet[Appeal]:
    rows = Appeal.objects.prefetch_related("texts")
    return rows if can(user, "supporter.manage") else rows.none()


def managed_donations(user: Any) -> QuerySet[Donation]:
    rows = Donation.objects.select_related("supporter", "appeal")
    return rows if can(user, "supporter.manage") else rows.none()


def managed_receipts(user: Any) -> QuerySet[Receipt]:
    rows = Receipt.objects.select_related("supporter")
    return rows if can(user, "supporter.manage") else rows.none()


def received(appeal: Appeal) -> Decimal:
    """What the appeal has received in its own currency: gifts that succeeded, less refunds
    (a disputed gift is not counted while the dispute lasts)."""
    total = Donation.objects.filter(
        appeal=appeal,
        currency=appeal.currency,
        state__in=(DonationState.SUCCEEDED, DonationState.REFUNDED),
    ).aggregate(total=Sum(F("amount") - F("refunded")))["total"]
    return Decimal(total or 0)


def donors(appeal: Appeal) -> int:
    return (
        Donation.objects.filter(appeal=appeal, state=DonationState.SUCCEEDED)
        .values("supporter")
        .distinct()
        .count()
    )
