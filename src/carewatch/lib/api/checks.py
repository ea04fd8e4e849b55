"""Checks an input needs beyond its schema: cross-field rules and references to visible rows.

They collect every problem first (a client fixes all its fields in one round trip), then
:meth:`Problems.raise_if_any` answers 422. A reference to a row the caller cannot see is
refused exactly like one to a row that does not exist, so nothing leaks through errors.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import pydantic
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema

from carewatch.lib.api.errors import field_error, from_pydantic, invalid, not_found
from carewatch.lib.lookups import row_or_404
from carewatch_core.geo.gazetteer import Gazetteer


class Problems:
    """Field errors found so far."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(field_error(field, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise invalid(self.errors)


def not_a_choice(value: Any) -> str:
    """Django's own (translated) message for a choice that is not available."""
    return _("Select a valid choice. %(value)s is not one of the available choices.") % {
        "value": value
    }


def visible_or_404(qs: QuerySet[Any], pk: int) -> Any:
    """Row ``pk`` of a selector's queryset, else 404: a hidden row looks exactly like a missing one."""
    try:
        return row_or_404(qs, pk)
    except Http404:
        raise not_found() from None


def visible_row(problems: Problems, qs: QuerySet[Any], pk: int | None, field: str) -> Any:
    """The row ``pk`` of ``qs`` (a selector's queryset), or ``None`` with a problem noted."""
    if pk is None:
        return None
    row = qs.filter(pk=pk).first()
    if row is None:
        problems.add(field, not_a_choice(pk))
    return row


def visible_ids(problems: Problems, qs: QuerySet[Any], ids: Iterable[int], field: str) -> list[int]:
    """``ids`` (deduplicated, in order) if all are rows of ``qs``; the missing ones are problems."""
    wanted = list(dict.fromkeys(ids))
    found = set(qs.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    for index, pk in enumerate(wanted):
        if pk not in found:
            problems.add(f"{field}.{index}", not_a_choice(pk))
    return [pk for pk in wanted if pk in found]


def check_order(
    problems: Problems, start: datetime.date | None, end: datetime.date | None, field: str
) -> None:
    """An end date may not come before its start."""
    if start and end and end < start:
        problems.add(field, _("The end date is before the start date."))


def check_point(
    problems: Problems, lat: float | None, lon: float | None, field: str = "exact_lat"
) -> None:
    """Both coordinates or neither, and inside the country (a swapped or mistyped point is refused)."""
    if (lat is None) != (lon is None):
        problems.add(field, _("Give both latitude and longitude, or neither."))
        return
    if lat is None or lon is None:
        return
    west, south, east, north = Gazetteer.load("SY").bbox
    if not (south <= lat <= north and west <= lon <= east):
        problems.add(field, _("This point is outside the country."))


def merged(schema: type[Schema], current: dict[str, Any], changes: dict[str, Any]) -> Any:
    """``schema`` validated over ``current`` values with ``changes`` applied (a PATCH); 422 if invalid.

    Validating the merged whole means a PATCH obeys every rule a full write does: an explicit
    ``null`` for a value that cannot be empty is a field error, not a database error.
    """
    try:
        return schema.model_validate(current | changes)
    except pydantic.ValidationError as exc:
        raise from_pydantic(exc) from exc
