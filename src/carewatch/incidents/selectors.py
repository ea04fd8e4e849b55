"""Reading incidents: every query starts from ``incidents_for(user)``, which applies access rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from carewatch.accounts.permissions import can, clearance_of
from carewatch.incidents.choices import PUBLIC_CERTAINTY, TagKind, WorkflowState
from carewatch.incidents.filters import has_facility, has_source, has_tag, started_between
from carewatch.incidents.models import Incident
from carewatch.places.models import Place
from carewatch.places.selectors import public_level
from carewatch_core.names import search_tokens
from carewatch_core.sensitivity import Level


def incidents_for(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may see: all for HQ staff, their own for field documenters,
    verified probable-or-confirmed ones for the public."""
    qs = Incident.objects.select_related("place", "governorate", "district")
    if can(user, "incident.view_all"):
        return qs
    if can(user, "incident.view_own"):
        return qs.filter(created_by=user)
    return qs.filter(state=WorkflowState.VERIFIED, certainty__in=PUBLIC_CERTAINTY)


@dataclass
class IncidentFilters:
    """The list filters of DOMAIN/issue: period, place, attack type, certainty, state, source, facility, text."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    place_id: int | None = None
    attack_type: str = ""
    certainty: str = ""
    state: str = ""
    source_id: int | None = None
    facility_id: int | None = None
    text: str = ""


class PlaceTooFine(ValueError):
    """A public reader asked for incidents of a place finer than the public location level."""


def place_filter_allowed(user: Any, place: Place) -> bool:
    """Whether ``user`` may narrow incidents to ``place``. Staff may use any level; the public
    no level finer than the one public outputs generalise to (a district by default): incidents
    narrowed to a sub-district would place each of them there, one query per sub-district."""
    return clearance_of(user) != Level.PUBLIC or place.level <= public_level()


def filter_incidents(
    qs: QuerySet[Incident], f: IncidentFilters, *, reader: Any
) -> QuerySet[Incident]:
    """``qs`` narrowed by ``f`` for ``reader`` (whose access ``qs`` already applies); a place finer
    than ``reader`` may narrow to raises ``PlaceTooFine``. The conditions are those of
    ``incidents.filters``, which the statistics use too."""
    if f.place_id:
        qs = _within_place(qs, f.place_id, reader)
    qs = qs.filter(started_between(f.date_from, f.date_to))
    if f.attack_type:
        qs = qs.filter(has_tag(TagKind.ATTACK_TYPE, f.attack_type))
    if f.certainty:
        qs = qs.filter(certainty=f.certainty)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.source_id:
        qs = qs.filter(has_source(f.source_id))
    if f.facility_id:
        qs = qs.filter(has_facility(f.facility_id))
    for token in search_tokens(f.text)[:8]:
        qs = qs.filter(search_key__icontains=token)
    return qs


def _within_place(qs: QuerySet[Incident], place_id: int, reader: Any) -> QuerySet[Incident]:
    """Incidents in the place (at any level below it; the country is everything), read once."""
    place = Place.objects.filter(pk=place_id).only("pk", "level", "pcode").first()
    if place is not None and not place_filter_allowed(reader, place):
        raise PlaceTooFine(place.pcode)
    if place is not None and place.level == 0:
        return qs
    return qs.filter(
        Q(place_id=place_id)
        | Q(district_id=place_id)
        | Q(governorate_id=place_id)
        | Q(place__parent_id=place_id)
    )


def incident_details(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may see, each with everything its page shows (one is taken from
    it with ``row_or_404`` or ``row_or_none``)."""
    return incidents_for(user).prefetch_related(
        "tags",
        "casualties",
        "facilities__aliases",
        "perpetrator_claims__source",
        "records__report__source",
        "figures__report__source",
        "fates__person",
    )
