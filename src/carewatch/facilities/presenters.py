"""What the facility pages show, prepared once, as ``access.shown`` views for the reader. Exact
coordinates are never part of it: the template offers their on-purpose, audited read."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from carewatch.access.shown import ShownReader
from carewatch.access.slots import incidents_for
from carewatch.accounts.permissions import can
from carewatch.facilities.choices import FacilityStatus
from carewatch.facilities.forms import AliasForm, StatusForm
from carewatch.facilities.models import Facility
from carewatch.sources.selectors import reports_for

STATUS_LABELS = dict(FacilityStatus.choices)
#: More panels for a facility's page, from the apps above (each: reader, facility → (template,
#: its context)); the supplies app adds the stock timeline.
FACILITY_PANELS: list[Callable[[ShownReader, Facility], tuple[str, dict[str, Any]]]] = []


def status_label(code: str | None) -> str:
    return str(STATUS_LABELS[code]) if code in STATUS_LABELS else ""


def district_of(facility: Facility) -> Any:
    """The district the facility's public location lies in (itself if it is a district)."""
    return facility.place.ancestor_at(2)


def governorate_of(facility: Facility) -> Any:
    return facility.place.ancestor_at(1)


def timeline(facility: Facility) -> list[Any]:
    return list(facility.statuses.select_related("report__source").order_by("-date", "-id"))


def facility_page(
    reader: ShownReader,
    facility: Facility,
    alias_form: AliasForm | None = None,
    status_form: StatusForm | None = None,
) -> dict[str, Any]:
    """The detail page: names, aliases, location (generalised), incidents the user may see, timeline."""
    user = reader.user
    can_edit = can(user, "facility.edit")
    incidents = incidents_for(user).filter(facilities=facility).order_by("-date_start", "-id")
    return {
        "facility": reader.show(facility),
        "aliases": reader.show(list(facility.aliases.all())),
        "district": district_of(facility),
        "governorate": governorate_of(facility),
        "statuses": reader.show(timeline(facility)),
        "current": reader.show(facility.status_on(timezone.localdate())),
        "incidents": reader.show(list(incidents[:200])),
        "can_edit": can_edit,
        "can_open_reports": can(user, "report.view"),
        "alias_form": (alias_form or AliasForm(facility=facility)) if can_edit else None,
        "status_form": (status_form or StatusForm(reports=reports_for(user))) if can_edit else None,
        "panels": [panel(reader, facility) for panel in FACILITY_PANELS],
    }


def list_context(
    reader: ShownReader, form: Any, page: Any, on: datetime.date | None
) -> dict[str, Any]:
    """The registry table, with the status of each facility on the chosen day."""
    rows = [(reader.show(f), status_label(f.status_on_day)) for f in page.object_list]
    page.object_list = [row[0] for row in rows]
    return {"form": form, "page": page, "rows": rows, "on": on or timezone.localdate()}
