"""What the supplies pages read: items, alerts and needs (a need as the public may read it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.supplies.choices import NeedState
from carewatch.supplies.models import Alert, Item, Need
from carewatch.supplies.units import unit_label


def items() -> QuerySet[Item]:
    return Item.objects.select_related("group")


def alerts_for(user: Any) -> QuerySet[Alert]:
    rows = Alert.objects.select_related("report__facility", "report__item", "need__governorate")
    return rows if can(user, "supply.manage") else rows.none()


def needs_for(user: Any) -> QuerySet[Need]:
    rows = Need.objects.select_related("group", "governorate")
    return rows if can(user, "supply.manage") else rows.none()


def open_needs() -> QuerySet[Need]:
    return Need.objects.filter(state=NeedState.OPEN).select_related("group", "governorate")


@dataclass(frozen=True)
class PublicNeed:
    """A need as an appeal shows it: what, how much, which governorate — no facility."""

    group: str
    quantity: str
    unit: str
    governorate: str


def public_needs(needs: Any, language: str) -> list[PublicNeed]:
    return [
        PublicNeed(
            n.group.name_in(language), f"{n.quantity:,.0f}", unit_label(n.unit), n.governorate.name
        )
        for n in needs
    ]
