"""Stock reports (audited): a count of one item at one facility, with what is used per day.
When what is left lasts fewer days than the item's threshold (the facility's own, else every
facility's, else ``CAREWATCH_SUPPLY_ALERT_DAYS``), an **alert** is raised for the people
responsible — an audit entry on the facility, which the notices tell whoever follows it
(docs/notices.md) — and a **need** at governorate level: enough for ``NEED_DAYS`` days."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.facilities.models import Facility
from carewatch.supplies.choices import NeedState
from carewatch.supplies.models import Alert, Item, Need, StockReport, Threshold

#: Days of use a need asks for.
NEED_DAYS = 30


class StockRefused(ValueError):
    """The report cannot be recorded; the message says why, in the user's language."""


@dataclass(frozen=True)
class Count:
    item: Item
    quantity: Decimal
    daily_use: Decimal
    reported_on: date


def threshold_for(item: Item, facility: Facility) -> int:
    own = Threshold.objects.filter(item=item, facility=facility).values_list("days", flat=True)
    every = Threshold.objects.filter(item=item, facility__isnull=True).values_list(
        "days", flat=True
    )
    return next(iter(own), None) or next(iter(every), None) or settings.CAREWATCH_SUPPLY_ALERT_DAYS


def _check(count: Count) -> None:
    if count.quantity < 0 or count.daily_use < 0:
        raise StockRefused(_("Quantities are zero or more."))
    if count.reported_on > timezone.localdate():
        raise StockRefused(_("The count cannot be dated in the future."))


@transaction.atomic
def record_stock(
    *, user: Any, facility: Facility, count: Count, generated: bool = False, submission: str = ""
) -> StockReport:
    _check(count)
    report = StockReport.objects.create(
        facility=facility,
        item=count.item,
        quantity=count.quantity,
        daily_use=count.daily_use,
        reported_on=count.reported_on,
        reported_by=user,
        generated=generated,
        submission=submission,
    )
    log_action(
        action="carewatch.stock.reported",
        actor=user,
        obj=report,
        after={
            "facility": facility.pk,
            "item": count.item.code,
            "quantity": str(count.quantity),
            "daily_use": str(count.daily_use),
            "on": count.reported_on.isoformat(),
        },
    )
    days = threshold_for(count.item, facility)
    left = report.days_left
    if left is not None and left < days:
        _alert(user, facility, report, left, days)
    return report


def _alert(user: Any, facility: Facility, report: StockReport, left: float, days: int) -> Alert:
    need = _need(facility, report)
    if need is not None and report.generated and not need.generated:
        Need.objects.filter(pk=need.pk).update(generated=True)
    alert = Alert.objects.create(
        report=report, days_left=Decimal(str(round(left, 1))), threshold=days, need=need
    )
    log_action(  # on the facility: whoever follows it is told (bell, and mail if they asked)
        action="carewatch.facility.stock_alert",
        actor=user,
        obj=facility,
        after={"item": report.item.code, "days_left": str(alert.days_left), "threshold": days},
    )
    return alert


def _need(facility: Facility, report: StockReport) -> Need | None:
    governorate = facility.place.ancestor_at(1)
    wanted = math.ceil(max(Decimal(0), report.daily_use * NEED_DAYS - report.quantity))
    if governorate is None or wanted <= 0:
        return None
    item = report.item
    need = (
        Need.objects.select_for_update()
        .filter(group=item.group, unit=item.unit, governorate=governorate, state=NeedState.OPEN)
        .first()
    )
    if need is None:
        need = Need.objects.create(
            group=item.group,
            unit=item.unit,
            governorate=governorate,
            quantity=wanted,
            generated=report.generated,
        )
    else:
        need.quantity += wanted
        need.save(update_fields=["quantity"])
    log_action(
        action="carewatch.need.raised",
        actor="stock alert",
        obj=need,
        after={"group": item.group.code, "added": wanted, "governorate": governorate.pcode},
    )
    return need


@transaction.atomic
def need_met(*, need: Need, actor: Any) -> Need:
    Need.objects.filter(pk=need.pk).update(state=NeedState.MET)
    log_action(action="carewatch.need.met", actor=actor, obj=need)
    need.refresh_from_db()
    return need
