"""Reading facilities through the access rules (exact coordinates are read separately, and audited)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from carewatch.accounts.permissions import can, may_read
from carewatch.audit.services import log_action
from carewatch.facilities.models import Facility, FacilityStatusEntry
from carewatch_core.names import search_tokens


def facilities_for(user: Any) -> QuerySet[Facility]:
    """Staff see the registry; the public see none of it (only generalised places on public pages)."""
    qs = Facility.objects.select_related("place", "place__parent")
    return qs if can(user, "facility.view") else qs.none()


def with_status_on(qs: QuerySet[Facility], day: datetime.date) -> QuerySet[Facility]:
    """Annotate each facility with its status on ``day`` (``status_on_day``; None if none recorded)."""
    latest = FacilityStatusEntry.objects.filter(facility=OuterRef("pk"), date__lte=day).order_by(
        "-date", "-id"
    )
    return qs.annotate(status_on_day=Subquery(latest.values("status")[:1]))


def search_facilities(qs: QuerySet[Facility], text: str) -> QuerySet[Facility]:
    for token in search_tokens(text)[:8]:
        qs = qs.filter(search_key__icontains=token)
    return qs


def exact_location(user: Any, facility: Facility) -> tuple[float, float] | None:
    """The exact coordinates, for roles that need them; every read is audited (S2)."""
    if (
        not may_read(user, "facility.exact_lat")
        or facility.exact_lat is None
        or facility.exact_lon is None
    ):
        return None
    log_action(action="carewatch.facility.exact_location_viewed", actor=user, obj=facility)
    return facility.exact_lat, facility.exact_lon


@dataclass
class FacilityFilters:
    """What the registry is asked: text, place, type, and the status on a given day."""

    text: str = ""
    place_id: int | None = None
    facility_type: str = ""
    status: str = ""
    on: datetime.date | None = None


def filter_facilities(qs: QuerySet[Facility], f: FacilityFilters) -> QuerySet[Facility]:
    """Apply the registry filters; every facility carries ``status_on_day`` for ``f.on`` (today by default)."""
    qs = search_facilities(qs, f.text)
    if f.place_id:
        qs = qs.filter(
            Q(place_id=f.place_id)
            | Q(place__parent_id=f.place_id)
            | Q(place__parent__parent_id=f.place_id)
        )
    if f.facility_type:
        qs = qs.filter(facility_type=f.facility_type)
    qs = with_status_on(qs, f.on or timezone.localdate())
    if f.status:
        qs = qs.filter(status_on_day=f.status)  # type: ignore[misc]  # with_status_on adds it
    return qs.prefetch_related("aliases")
