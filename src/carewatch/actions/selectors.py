"""Decision-makers and calls to action as campaign staff manage them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.actions.models import CallToAction, DecisionMaker


def managed_makers(user: Any) -> QuerySet[DecisionMaker]:
    rows = DecisionMaker.objects.order_by("name")
    return rows if can(user, "supporter.manage") else rows.none()


def managed_calls(user: Any) -> QuerySet[CallToAction]:
    rows = CallToAction.objects.order_by("slug")
    return rows if can(user, "supporter.manage") else rows.none()
