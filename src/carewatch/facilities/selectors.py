"""Reading facilities through the access rules (exact coordinates are read separately, and audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from carewatch.accounts.permissions import can
from carewatch.audit.services import log_action
from carewatch.facilities.models import Facility, FacilityStatusEntry
from carewatch_core.names import search_tokens


def facilities_for(user: Any) -> QuerySet[Facility]:
    """Staff see the registry; the public see none of it (only generalised places on public pages)."""
    qs = Facility.objects.select_related("place", "place__parent")
    return qs if can(user, "facility.view") else qs.none()


def with_status_on(qs: QuerySet[Facility], day: datetime.date) -> QuerySet[Facility]:
    """Annotate each facility with its status on ``day`` (``status_on_day``; None if none recorded)."""
    latest = FacilityStatusEntry.objects.filter(facility=OuterRef("pk"), date__lte=day).order_by("-date", "-id")
    return qs.annotate(status_on_day=Subquery(latest.values("status")[:1]))


def search_facilities(qs: QuerySet[Facility], text: str) -> QuerySet[Facility]:
    for token in search_tokens(text)[:8]:
        qs = qs.filter(search_key__icontains=token)
    return qs


def exact_location(user: Any, facility: Facility) -> tuple[float, float] | None:
    """The exact coordinates, for roles that need them; every read is audited (S2)."""
    if not can(user, "facility.view_exact") or facility.exact_lat is None or facility.exact_lon is None:
        return None
    log_action(action="carewatch.facility.exact_location_viewed", actor=user, obj=facility)
    return facility.exact_lat, facility.exact_lon
