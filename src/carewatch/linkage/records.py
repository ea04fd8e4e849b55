"""Consolidated people and incidents as the core linker's records (merged ones left out, except
those of reviewed pairs: training from the reviewers' decisions needs both records of a pair).

Record ids are the primary keys as text. Place codes come from the gazetteer place each row
keeps (``codes``), not from its name.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q

from carewatch.incidents.choices import CasualtyMeasure, WorkflowState
from carewatch.incidents.models import Incident
from carewatch.linkage.models import Merge
from carewatch.people.choices import Fate, Profession, Sex
from carewatch.people.models import Person, PersonFate
from carewatch.places.models import Place
from carewatch_core.linkage.cells import unidentified
from carewatch_core.linkage.records import IncidentRecord, PersonRecord, PlaceCodes

SOURCE = "carewatch"
SEX_CODES: dict[str, str] = {Sex.MALE: "m", Sex.FEMALE: "f"}
KILLED = [m for m in CasualtyMeasure.values if m.startswith("killed_") and m != "killed_children"]
INJURED = [
    m for m in CasualtyMeasure.values if m.startswith("injured_") and m != "injured_children"
]


def place_codes(place: Place | None) -> tuple[str, str]:
    """(governorate p-code, sub-district p-code or "") of a gazetteer place."""
    if place is None or place.level < 1:
        return "", ""
    return place.pcode[:4], place.pcode if place.level == 3 else ""


def _named(name: str) -> str:
    """The name, or "" where it says the person was not identified ("مجهول الهوية"): as in an
    analyst's list (``link-file``), such a name is no evidence that two records are one person."""
    return "" if unidentified(name) else name


def _death(person: Person, moved: list[PersonFate]) -> Any:
    killed = [fate for fate in [*person.fates.all(), *moved] if fate.fate == Fate.KILLED]
    return killed[0] if killed else None


def _person(person: Person, moved: list[PersonFate]) -> tuple[PersonRecord, tuple[str, str]]:
    death = _death(person, moved)
    place = (death.place if death and death.place_id else None) or (
        death.incident.place if death and death.incident_id else None
    )
    facility = (person.facility.name_latin or person.facility.name_ar) if person.facility else ""
    record = PersonRecord(
        record_id=str(person.pk),
        source=SOURCE,
        name_ar=_named(person.name_ar),
        name_latin=_named(person.name_latin),
        sex=SEX_CODES.get(person.sex, ""),
        age=person.age,
        date_of_death=death.date if death else None,
        place=place.name_en if place else "",
        facility=facility,
        profession=person.profession if person.profession not in (Profession.OTHER, "") else "",
    )
    return record, place_codes(place)


def _merged_fates(people: list[Person]) -> dict[int, list[PersonFate]]:
    """The fates a merge moved away from each merged person (they still describe that record)."""
    merged = [p.pk for p in people if p.merged_into_id]
    merges = Merge.objects.filter(kind="person", absorbed_id__in=merged, undone_at__isnull=True)
    moved = {m.absorbed_id: m.state["absorbed"]["fates"] for m in merges}
    fates = PersonFate.objects.filter(
        pk__in=[pk for ids in moved.values() for pk in ids]
    ).select_related("place", "incident__place")
    by_id = {fate.pk: fate for fate in fates}
    return {person: [by_id[pk] for pk in ids if pk in by_id] for person, ids in moved.items()}


def person_records(include: Collection[int] = ()) -> tuple[list[PersonRecord], PlaceCodes]:
    """Every person not merged into another, and those of ``include`` even if merged (the records
    of reviewed pairs, which training reads), with their place codes."""
    people = list(
        Person.objects.filter(Q(merged_into__isnull=True) | Q(pk__in=list(include)))
        .select_related("facility")
        .prefetch_related("fates__place", "fates__incident__place")
        .order_by("pk")
    )
    moved = _merged_fates(people)
    pairs = [_person(person, moved.get(person.pk, [])) for person in people]
    return [record for record, _ in pairs], {record.record_id: codes for record, codes in pairs}


def _total(counts: dict[str, Any], measures: list[str]) -> int | None:
    known = [counts[m].low for m in measures if m in counts and counts[m].known]
    return sum(known) if known else None


def _incident(incident: Incident) -> IncidentRecord:
    counts = incident.counts()
    facility = next(iter(incident.facilities.all()), None)
    return IncidentRecord(
        record_id=str(incident.pk),
        source=SOURCE,
        date=incident.date_start,
        date_precision=incident.date_precision,
        place=incident.place.name_en,
        lat=incident.exact_lat,
        lon=incident.exact_lon,
        facility=(facility.name_latin or facility.name_ar) if facility else "",
        attack_types=frozenset(incident.attack_types),
        killed=_total(counts, KILLED),
        injured=_total(counts, INJURED),
    )


def incident_records(include: Collection[int] = ()) -> tuple[list[IncidentRecord], PlaceCodes]:
    """Every incident not merged into another, and those of ``include`` even if merged (a merge
    leaves the merged incident's values as they were), with their place codes."""
    incidents = (
        Incident.objects.filter(~Q(state=WorkflowState.MERGED) | Q(pk__in=list(include)))
        .select_related("place")
        .prefetch_related("tags", "casualties", "facilities")
        .order_by("pk")
    )
    return [_incident(i) for i in incidents], {str(i.pk): place_codes(i.place) for i in incidents}
