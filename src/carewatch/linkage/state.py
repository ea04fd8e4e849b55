"""The full state of a consolidated person or incident, captured before a merge and written back
on un-merge, so that un-merging restores exactly what was there.

A state is plain JSON: every concrete field (raw values: it may hold restricted ones, so it is
never shown nor logged; the audit log gets ``snapshot`` digests), the multi-valued parts of an
incident, and which records, fates and figures point at the entity. Only the bookkeeping that
must move forward is left out: ``version`` (optimistic locking: a stale form must not win after
an un-merge) and ``updated_at``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from carewatch.incidents.models import (
    CasualtyCount,
    Incident,
    IncidentRecord,
    IncidentTag,
    PerpetratorClaim,
)
from carewatch.lib.common import save_versioned
from carewatch.people.models import Person, PersonFate, PersonRecord
from carewatch.sources.models import Figure

BOOKKEEPING = {"id", "version", "updated_at", "created_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _fields(instance: models.Model) -> list[models.Field[Any, Any]]:
    return [f for f in instance._meta.concrete_fields if f.name not in BOOKKEEPING]


def field_values(instance: models.Model) -> dict[str, Any]:
    """Every concrete field but the bookkeeping, by attribute name, as JSON values."""
    return {f.attname: _plain(f.value_from_object(instance)) for f in _fields(instance)}


def _ids(qs: Any) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


def person_state(person: Person) -> dict[str, Any]:
    """What a person is: fields, and the ids of its records and fates."""
    return {
        "fields": field_values(person),
        "records": _ids(PersonRecord.objects.filter(person=person)),
        "fates": _ids(PersonFate.objects.filter(person=person)),
    }


def incident_state(incident: Incident) -> dict[str, Any]:
    """What an incident is: fields, tags, counts, perpetrator claims, facilities, and the ids of
    the records, fates and figures that point at it."""
    return {
        "fields": field_values(incident),
        "tags": sorted([t.kind, t.code] for t in IncidentTag.objects.filter(incident=incident)),
        "counts": {
            c.measure: [c.low, c.high] for c in CasualtyCount.objects.filter(incident=incident)
        },
        "perpetrators": sorted(
            [p.category, p.name, p.source_id, p.confidence]
            for p in PerpetratorClaim.objects.filter(incident=incident)
        ),
        "facilities": _ids(incident.facilities.all()),
        "records": _ids(IncidentRecord.objects.filter(incident=incident)),
        "fates": _ids(PersonFate.objects.filter(incident=incident)),
        "figures": _ids(Figure.objects.filter(incident=incident)),
    }


def _write_fields(instance: Any, values: dict[str, Any]) -> None:
    fields = _fields(instance)
    for field in fields:
        setattr(instance, field.attname, field.to_python(values[field.attname]))
    save_versioned(instance, expected_version=instance.version, fields=[f.name for f in fields])


def person_restore(person: Person, state: dict[str, Any]) -> None:
    """Write ``state`` back (the caller audits)."""
    _write_fields(person, state["fields"])
    PersonRecord.objects.filter(pk__in=state["records"]).update(person=person)
    PersonFate.objects.filter(pk__in=state["fates"]).update(person=person)


def incident_restore(incident: Incident, state: dict[str, Any]) -> None:
    """Write ``state`` back (the caller audits)."""
    _write_fields(incident, state["fields"])
    IncidentTag.objects.filter(incident=incident).delete()
    IncidentTag.objects.bulk_create(
        IncidentTag(incident=incident, kind=k, code=c) for k, c in state["tags"]
    )
    CasualtyCount.objects.filter(incident=incident).delete()
    CasualtyCount.objects.bulk_create(
        CasualtyCount(incident=incident, measure=m, low=low, high=high)
        for m, (low, high) in state["counts"].items()
    )
    PerpetratorClaim.objects.filter(incident=incident).delete()
    PerpetratorClaim.objects.bulk_create(
        PerpetratorClaim(incident=incident, category=c, name=n, source_id=s, confidence=f)
        for c, n, s, f in state["perpetrators"]
    )
    incident.facilities.set(state["facilities"])
    IncidentRecord.objects.filter(pk__in=state["records"]).update(incident=incident)
    PersonFate.objects.filter(pk__in=state["fates"]).update(incident=incident)
    Figure.objects.filter(pk__in=state["figures"]).update(incident=incident)
