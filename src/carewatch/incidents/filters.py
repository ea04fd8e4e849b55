"""The incident filters, defined once: the lists, the API and the statistics narrow incidents with
these conditions, so a period or a source means the same thing on every page and in every figure.

An incident belongs to the day it started: a period keeps the incidents that *started* in it (an
attack from 30 December to 2 January counts in December, on the list as in the monthly figures).
Conditions on related rows are ``EXISTS`` subqueries, so no incident is listed or counted twice.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q

from carewatch.facilities.models import Facility
from carewatch.incidents.models import IncidentRecord, IncidentTag


def started_between(date_from: datetime.date | None, date_to: datetime.date | None) -> Q:
    """Incidents that started on or after ``date_from`` and on or before ``date_to`` (each optional)."""
    condition = Q()
    if date_from:
        condition &= Q(date_start__gte=date_from)
    if date_to:
        condition &= Q(date_start__lte=date_to)
    return condition


def has_tag(kind: str, code: str) -> Exists:
    return Exists(IncidentTag.objects.filter(incident=OuterRef("pk"), kind=kind, code=code))


def has_facility(facility_id: int) -> Exists:
    return Exists(Facility.objects.filter(incidents=OuterRef("pk"), pk=facility_id))


def has_facility_type(code: str) -> Exists:
    return Exists(Facility.objects.filter(incidents=OuterRef("pk"), facility_type=code))


def has_source(source_id: int) -> Exists:
    return Exists(
        IncidentRecord.objects.filter(incident=OuterRef("pk"), report__source_id=source_id)
    )
