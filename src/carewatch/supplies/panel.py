"""The facility page's stock panel (registered in apps.ready): each item's latest count, what
is used per day and the days left, and the counts before it — beside the status timeline."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from carewatch.access.shown import ShownReader
from carewatch.accounts.permissions import can
from carewatch.facilities.models import Facility
from carewatch.supplies.models import StockReport
from carewatch.supplies.services import threshold_for
from carewatch.supplies.units import unit_label

#: Counts shown per facility (the latest first).
SHOWN = 60


def stock_panel(reader: ShownReader, facility: Facility) -> tuple[str, dict[str, Any]]:
    language = translation.get_language() or "en"
    reports = list(
        StockReport.objects.filter(facility=facility)
        .select_related("item", "item__group")
        .order_by("-reported_on", "-pk")[:SHOWN]
    )
    latest: dict[int, Any] = {}
    for report in reports:
        latest.setdefault(report.item_id, report)
    rows = [  # plain values: no record that points at the facility reaches the template
        {
            "item": r.item.name_in(language),
            "unit": unit_label(r.item.unit),
            "quantity": r.quantity,
            "daily_use": r.daily_use,
            "reported_on": r.reported_on,
            "days_left": r.days_left,
            "low": r.days_left is not None and r.days_left < threshold_for(r.item, facility),
        }
        for r in latest.values()
    ]
    history = [
        {
            "item": r.item.name_in(language),
            "quantity": r.quantity,
            "daily_use": r.daily_use,
            "reported_on": r.reported_on,
        }
        for r in reports
    ]
    data = {
        "rows": rows,
        "history": history,
        "can_report": can(reader.user, "supply.report"),
        "facility_id": facility.pk,
    }
    return "supplies/_panel.html", data
