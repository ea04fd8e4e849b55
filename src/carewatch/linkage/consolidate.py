"""Consolidated values of two people or two incidents found to be one (docs/domain.md's rules).

The survivor keeps its values where it has them; the absorbed one fills what the survivor lacks.
Where both say something, an explicit rule decides (docs/linkage.md, "Review"):

- counts: the highest count among the incidents at or above the public certainty (probable), the
  range spanning every such figure (``resolve_count``); all of them when neither reaches it;
- certainty, facility damage, service interruption: the highest level either gives;
- date and place: the more precise one (the survivor's on a tie);
- attack types, weapons, resources, facilities, perpetrator claims: the union;
- a person's age: both ages as a range when they differ; sex and profession: a known value
  over "unknown" / "other";
- memorial clearance: the stricter one (a merge never makes a name public).

A reviewer changes any value afterwards with the edit form, giving a reason.
"""

from __future__ import annotations

from typing import Any, TypeVar

from carewatch.incidents.choices import (
    PUBLIC_CERTAINTY,
    Certainty,
    FacilityDamage,
    ServiceInterruption,
)
from carewatch.incidents.models import Incident
from carewatch.incidents.values import IncidentValues, PerpetratorValue
from carewatch.people.choices import MemorialClearance, Profession, Sex
from carewatch.people.models import Person
from carewatch.people.services import PERSON_FIELDS
from carewatch_core.counts import Count, resolve_count

T = TypeVar("T")


def _first(*values: T) -> T:
    """The first value that says something (not None nor empty)."""
    return next((v for v in values if v not in (None, "")), values[0])


def _highest(order: list[str], *values: str) -> str:
    return max(values, key=order.index)


def _union(*lists: list[T]) -> list[T]:
    return list(dict.fromkeys(item for items in lists for item in items))


# --- People ----------------------------------------------------------------------------------


def _ages(person: Person) -> tuple[int, int] | None:
    if person.age is None:
        return None
    return person.age, person.age_high if person.age_high is not None else person.age


def _age_range(survivor: Person, absorbed: Person) -> tuple[int | None, int | None]:
    known = [a for a in (_ages(survivor), _ages(absorbed)) if a is not None]
    if not known:
        return None, None
    low, high = min(a[0] for a in known), max(a[1] for a in known)
    return low, high if high != low else None


def person_values(survivor: Person, absorbed: Person) -> dict[str, Any]:
    """The survivor's ``PERSON_FIELDS`` after absorbing ``absorbed``."""
    values = {
        name: _first(getattr(survivor, name), getattr(absorbed, name)) for name in PERSON_FIELDS
    }
    values["sex"] = survivor.sex if survivor.sex != Sex.UNKNOWN else absorbed.sex
    values["profession"] = (
        survivor.profession if survivor.profession != Profession.OTHER else absorbed.profession
    )
    values["age"], values["age_high"] = _age_range(survivor, absorbed)
    return values


def stricter_clearance(survivor: Person, absorbed: Person) -> str:
    """Not cleared if either is not cleared; else the survivor's."""
    if MemorialClearance.NOT_CLEARED in (survivor.memorial_clearance, absorbed.memorial_clearance):
        return MemorialClearance.NOT_CLEARED
    return survivor.memorial_clearance


# --- Incidents -------------------------------------------------------------------------------


def _counts(survivor: Incident, absorbed: Incident) -> dict[str, Count]:
    sides = [i for i in (survivor, absorbed) if i.certainty in PUBLIC_CERTAINTY] or [
        survivor,
        absorbed,
    ]
    measures = _union(*(list(i.counts()) for i in sides))
    return {m: resolve_count(i.counts().get(m, Count()) for i in sides) for m in measures}


def _perpetrators(*incidents: Incident) -> list[PerpetratorValue]:
    claims = _union(
        *(
            [(p.category, p.name, p.source_id, p.confidence) for p in i.perpetrator_claims.all()]
            for i in incidents
        )
    )
    return [
        PerpetratorValue(category=c, source_id=s, name=n, confidence=f) for c, n, s, f in claims
    ]


def _when(survivor: Incident, absorbed: Incident) -> Incident:
    return absorbed if absorbed.date_precision < survivor.date_precision else survivor


def _where(survivor: Incident, absorbed: Incident) -> Incident:
    return absorbed if absorbed.place.level > survivor.place.level else survivor


def _interruption(survivor: Incident, absorbed: Incident) -> dict[str, Any]:
    starts = [d for d in (survivor.interruption_from, absorbed.interruption_from) if d]
    ends = [d for d in (survivor.interruption_until, absorbed.interruption_until) if d]
    return {
        "service_interruption": _highest(
            list(ServiceInterruption.values),
            survivor.service_interruption,
            absorbed.service_interruption,
        ),
        "interruption_from": min(starts, default=None),
        "interruption_until": max(ends, default=None),
    }


def _point(survivor: Incident, absorbed: Incident) -> dict[str, Any]:
    side = survivor if survivor.exact_lat is not None else absorbed
    return {
        "exact_lat": side.exact_lat,
        "exact_lon": side.exact_lon,
        "location_precision": min(survivor.location_precision, absorbed.location_precision),
    }


def incident_values(survivor: Incident, absorbed: Incident) -> IncidentValues:
    """The survivor's values after absorbing ``absorbed``."""
    when, where = _when(survivor, absorbed), _where(survivor, absorbed)
    return IncidentValues(
        title=survivor.title,
        date_start=when.date_start,
        date_end=when.date_end,
        date_precision=when.date_precision,
        time=_first(survivor.time, absorbed.time),
        place_id=where.place_id,
        **_point(survivor, absorbed),
        location_type=survivor.location_type,
        facility_ids=_union(
            *(sorted(i.facilities.values_list("pk", flat=True)) for i in (survivor, absorbed))
        ),
        attack_types=_union(survivor.attack_types, absorbed.attack_types),
        resources=_union(survivor.resources, absorbed.resources),
        weapons=_union(survivor.weapons, absorbed.weapons),
        counts=_counts(survivor, absorbed),
        perpetrators=_perpetrators(survivor, absorbed),
        facility_damage=_highest(
            list(FacilityDamage.values), survivor.facility_damage, absorbed.facility_damage
        ),
        **_interruption(survivor, absorbed),
        certainty=_highest(list(Certainty.values), survivor.certainty, absorbed.certainty),
        narrative=_first(survivor.narrative, absorbed.narrative),
        narrative_language=survivor.narrative_language
        if survivor.narrative
        else absorbed.narrative_language,
        is_generated=survivor.is_generated,
    )
