"""Writes for people, their fates, memorial clearance and person records."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action, snapshot
from carewatch.lib.common import save_versioned
from carewatch.people.choices import MemorialClearance
from carewatch.people.models import Person, PersonFate, PersonRecord
from carewatch.sources.models import Report
from carewatch_core.names import search_key

PERSON_FIELDS = (
    "name_ar",
    "name_latin",
    "sex",
    "age",
    "age_high",
    "date_of_birth",
    "profession",
    "specialty",
    "affiliation",
    "facility",
    "home_place",
    "family_details",
)


def _key(person: Person) -> str:
    return search_key(f"{person.name_ar} {person.name_latin}")[:600]


@transaction.atomic
def person_create(*, user: Any, **values: Any) -> Person:
    """Create a consolidated person (names as given; the search key is computed)."""
    person = Person(created_by=user if getattr(user, "is_authenticated", False) else None, **values)
    person.search_key = _key(person)
    person.save()
    log_action(action="carewatch.person.created", actor=user, obj=person, after=snapshot(person))
    return person


@transaction.atomic
def person_update(
    *, person: Person, user: Any, expected_version: int, reason: str = "", **values: Any
) -> Person:
    before = snapshot(person)
    for name, value in values.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"unknown person field {name}")
        setattr(person, name, value)
    person.search_key = _key(person)
    save_versioned(person, expected_version=expected_version, fields=[*PERSON_FIELDS, "search_key"])
    log_action(
        action="carewatch.person.changed",
        actor=user,
        obj=person,
        before=before,
        after=snapshot(person),
        reason=reason,
    )
    return person


@transaction.atomic
def person_fate_add(
    *,
    person: Person,
    user: Any,
    fate: str,
    incident: Any = None,
    date: datetime.date | None = None,
    place: Any = None,
) -> PersonFate:
    entry = PersonFate.objects.create(
        person=person, fate=fate, incident=incident, date=date, place=place
    )
    log_action(
        action="carewatch.person.fate_recorded",
        actor=user,
        obj=person,
        after=snapshot(entry, "person_fate"),
    )
    return entry


@transaction.atomic
def person_set_clearance(
    *,
    person: Person,
    user: Any,
    clearance: str,
    cleared_by: str,
    expected_version: int,
    on: datetime.date | None = None,
) -> Person:
    """Clear (or withdraw) a name for publication on the memorial roll; who cleared it is required."""
    if clearance != MemorialClearance.NOT_CLEARED and not cleared_by.strip():
        raise ValueError(_("Say who cleared this name for publication."))
    before = {"memorial_clearance": person.memorial_clearance, "cleared_by": person.cleared_by}
    person.memorial_clearance, person.cleared_by = clearance, cleared_by.strip()
    cleared = clearance != MemorialClearance.NOT_CLEARED
    person.cleared_at = (on or datetime.date.today()) if cleared else None
    save_versioned(
        person,
        expected_version=expected_version,
        fields=["memorial_clearance", "cleared_by", "cleared_at"],
    )
    after = {"memorial_clearance": clearance, "cleared_by": person.cleared_by}
    log_action(
        action="carewatch.person.clearance_changed",
        actor=user,
        obj=person,
        before=before,
        after=after,
    )
    return person


@transaction.atomic
def person_record_create(
    *, user: Any, report: Report, person: Person | None, **fields: Any
) -> PersonRecord:
    """Keep what ``report`` says about one person, names exactly as given."""
    record = PersonRecord.objects.create(report=report, person=person, **fields)
    log_action(
        action="carewatch.person_record.created",
        actor=user,
        obj=record,
        after=snapshot(record, "person_record"),
    )
    return record
