"""API shapes and input schemas of incidents, and their conversion to ``IncidentValues``."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, create_model

from carewatch.access.shape import Out as F
from carewatch.access.shape import (
    PlaceRef,
    Reader,
    Shape,
    attr,
    nested,
    nested_list,
    place_value,
)
from carewatch.facilities.api import FACILITY_REF
from carewatch.facilities.selectors import facilities_for
from carewatch.incidents.choices import (
    AttackType,
    CasualtyMeasure,
    Certainty,
    ClaimConfidence,
    DatePrecision,
    FacilityDamage,
    LocationType,
    PerpetratorCategory,
    Resource,
    ServiceInterruption,
    Weapon,
    WorkflowState,
)
from carewatch.incidents.models import Incident
from carewatch.incidents.values import IncidentValues, PerpetratorValue
from carewatch.lib.api.checks import Problems, check_order, check_point, not_a_choice, visible_ids
from carewatch.lib.api.types import (
    BLANK_IS_NONE,
    CountNumber,
    Day,
    Id,
    Latitude,
    Longitude,
    PastDay,
    PCode,
    Text200,
    Text300,
    Text500,
    Text1000,
    Text20000,
)
from carewatch.people.api import PERSON_REF
from carewatch.people.selectors import people_for
from carewatch.places.api import place_by_pcode
from carewatch.places.choices import LocationPrecision
from carewatch.places.selectors import public_place
from carewatch.sources.api_schemas import (
    FIGURE,
    INCIDENT_RECORD,
    REPORT_REF,
    SOURCE_REF,
    CasualtiesOut,
    casualties_value,
)
from carewatch.sources.choices import Language
from carewatch.sources.selectors import figures_for, sources_for
from carewatch_core.counts import Count

# Output


class PerpetratorOut(Schema):
    category: str
    name: str
    confidence: str
    source: SOURCE_REF.schema  # type: ignore[name-defined]


class PersonFateOut(Schema):
    person: PERSON_REF.schema  # type: ignore[name-defined]
    fate: str
    date: datetime.date | None


def _perpetrators(incident: Incident, reader: Reader) -> list[dict[str, Any]]:
    return [
        {
            "category": p.category,
            "name": p.name,
            "confidence": p.confidence,
            "source": SOURCE_REF.present(p.source, reader),
        }
        for p in incident.perpetrator_claims.all()
    ]


def _people(incident: Incident, reader: Reader) -> list[dict[str, Any]]:
    fates = list(incident.fates.all())
    allowed = set(
        people_for(reader.user)
        .filter(pk__in=[f.person_id for f in fates])
        .values_list("pk", flat=True)
    )
    return [
        {"person": PERSON_REF.present(f.person, reader), "fate": f.fate, "date": f.date}
        for f in fates
        if f.person_id in allowed
    ]


def _figures(incident: Incident, reader: Reader) -> list[dict[str, Any]]:
    return [
        FIGURE.present(f, reader)
        for f in figures_for(reader.user).filter(incident=incident).order_by("-period_end", "-pk")
    ]


def _exact(name: str) -> F:
    return F(
        float,
        lambda i, r: getattr(i, name),
        "Exact point (WGS84).",
        audit_verb="exact_location_viewed",
    )


INCIDENT = Shape(
    "incident",
    "Incident",
    {
        "id": attr(int, "pk"),
        "reference": attr(str),
        "title": attr(str),
        "date_start": attr(datetime.date),
        "date_end": attr(datetime.date),
        "date_precision": attr(int),
        "time": attr(datetime.time),
        "governorate": F(PlaceRef, lambda i, r: place_value(i.governorate)),
        "district": F(PlaceRef, lambda i, r: place_value(i.district)),
        "place": F(
            PlaceRef,
            lambda i, r: place_value(i.place),
            "The most precise administrative unit recorded.",
        ),
        "public_location": F(
            PlaceRef,
            lambda i, r: place_value(public_place(i.place, i.governorate, i.district)),
            "The place generalised to the level the administrator publishes (district by default).",
        ),
        "location_precision": attr(int),
        "location_type": attr(str),
        "attack_types": attr(list[str]),
        "weapons": attr(list[str]),
        "resources": attr(list[str]),
        "counts": F(
            CasualtiesOut,
            lambda i, r: casualties_value(i.counts()),
            "Casualties: null when unknown, never 0.",
        ),
        "facility_damage": attr(str),
        "service_interruption": attr(str),
        "interruption_from": attr(datetime.date),
        "interruption_until": attr(datetime.date),
        "certainty": attr(str),
        "state": attr(str),
        "version": attr(int),
    },
)
RECORD_WITH_REPORT = INCIDENT_RECORD.extend(
    "IncidentRecordWithReport", {"report": nested(REPORT_REF, lambda x: x.report)}
)
INCIDENT_DETAIL = INCIDENT.extend(
    "IncidentDetail",
    {
        "narrative": attr(str),
        "narrative_language": attr(str),
        "state_reason": attr(str),
        "exact_lat": _exact("exact_lat"),
        "exact_lon": _exact("exact_lon"),
        "facilities": nested_list(FACILITY_REF, lambda i: i.facilities.all()),
        "perpetrator_claims": F(
            list[PerpetratorOut], _perpetrators, "Alleged perpetrators, each a claim by a source."
        ),
        "records": nested_list(
            RECORD_WITH_REPORT, lambda i: i.records.all(), "What each report says."
        ),
        "people": F(list[PersonFateOut], _people),
        "figures": F(list[FIGURE.schema], _figures, "Figures sources state about this incident."),  # type: ignore[name-defined]
        "created_by": F(str, lambda i, r: i.created_by.get_username() if i.created_by else None),
    },
)

# Input


class CountIn(Schema, extra="forbid"):
    low: CountNumber
    high: CountNumber | None = Field(
        None, description="Upper bound of a range (omit for an exact number)."
    )


class PerpetratorIn(Schema, extra="forbid"):
    category: PerpetratorCategory
    source: Id = Field(..., description="The source making this claim.")
    name: Text200 = ""
    confidence: ClaimConfidence = ClaimConfidence.ALLEGED


COUNTS_HELP = (
    "Measure → {low, high}; leave a measure out (or null) when unknown: it is never taken as 0."
)


class IncidentCommon(Schema, extra="forbid"):
    title: Text300 = Field(..., min_length=1)
    date_start: PastDay
    date_precision: DatePrecision = DatePrecision.DAY
    place: PCode = Field(..., description="Governorate, district or sub-district p-code.")
    attack_types: list[AttackType] = Field(..., min_length=1, max_length=len(AttackType))
    weapons: list[Weapon] = Field(default_factory=list, max_length=len(Weapon))
    counts: dict[CasualtyMeasure, CountIn | None] = Field(
        default_factory=dict, description=COUNTS_HELP
    )
    narrative: Text20000 = ""


class IncidentSubmitIn(IncidentCommon):
    """A field documenter's report: the short form."""

    language: Language = Field(..., description="Language of the narrative.")
    place_text: Text200 = Field("", description="The place as the documenter knows it.")
    facility_text: Text200 = ""
    informant_name: Text200 = Field(
        "", description="Restricted: kept with the report, never shown to others."
    )
    informant_contact: Text200 = Field("", description="Restricted.")


class IncidentIn(IncidentCommon):
    """Every value of a consolidated incident."""

    date_end: Annotated[PastDay | None, BLANK_IS_NONE] = None
    time: datetime.time | None = None
    exact_lat: Latitude | None = None
    exact_lon: Longitude | None = None
    location_precision: LocationPrecision = LocationPrecision.DISTRICT
    location_type: LocationType = LocationType.HEALTH_BUILDING
    facilities: list[Id] = Field(default_factory=list, max_length=50)
    resources: list[Resource] = Field(default_factory=list, max_length=len(Resource))
    perpetrators: list[PerpetratorIn] = Field(default_factory=list, max_length=20)
    facility_damage: FacilityDamage = FacilityDamage.UNKNOWN
    service_interruption: ServiceInterruption = ServiceInterruption.UNKNOWN
    interruption_from: Annotated[Day | None, BLANK_IS_NONE] = None
    interruption_until: Annotated[Day | None, BLANK_IS_NONE] = None
    certainty: Certainty = Certainty.POSSIBLE
    narrative_language: Language | None = None


class Versioned(Schema, extra="forbid"):
    version: Id = Field(
        ..., description="The version you loaded; a newer one on the server answers 409."
    )
    reason: Text500 = Field("", description="Why (kept in the audit log).")


class IncidentPut(IncidentIn, Versioned):
    pass


def _optional_field(field: Any) -> Any:
    annotation = (
        Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    )
    return (annotation | None, None)


def _all_optional(base: type[Schema], name: str) -> type[Schema]:
    """``base`` with every field optional (a PATCH body), plus ``version`` and ``reason``."""
    fields = {key: _optional_field(field) for key, field in base.model_fields.items()}
    return create_model(name, __base__=Versioned, **fields)


IncidentPatch = _all_optional(IncidentIn, "IncidentPatch")


class StateIn(Schema, extra="forbid"):
    state: WorkflowState
    certainty: Certainty | None = Field(
        None, description="Set the certainty at the same time (optional)."
    )
    reason: Text1000 = Field("", description="Required to reject.")
    version: Id


def current_input(incident: Incident) -> dict[str, Any]:
    """An incident's values in ``IncidentIn`` form (the base a PATCH applies to)."""
    data = {name: getattr(incident, name) for name in IncidentValues.SCALAR_FIELDS}
    counts = {m: {"low": c.low, "high": c.high} for m, c in incident.counts().items()}
    perpetrators = [
        {"category": p.category, "source": p.source_id, "name": p.name, "confidence": p.confidence}
        for p in incident.perpetrator_claims.all()
    ]
    return data | {
        "place": incident.place.pcode,
        "attack_types": incident.attack_types,
        "weapons": incident.weapons,
        "resources": incident.resources,
        "facilities": [f.pk for f in incident.facilities.all()],
        "counts": counts,
        "perpetrators": perpetrators,
        "narrative_language": incident.narrative_language or None,
    }


def _counts(problems: Problems, counts: dict[Any, CountIn | None]) -> dict[str, Count]:
    result = {}
    for measure, count in counts.items():
        if count is None:
            continue
        if count.high is not None and count.high < count.low:
            problems.add(
                f"counts.{measure.value}.high", _("The upper bound is below the lower bound.")
            )
            continue
        result[measure.value] = Count(count.low, count.high if count.high != count.low else None)
    return result


def _place_id(problems: Problems, pcode: str) -> int:
    place = place_by_pcode(pcode)
    if place is None or place.level < 1:
        problems.add("place", _("Unknown p-code: choose a governorate, district or sub-district."))
        return 0
    return place.pk


def common_values(problems: Problems, data: IncidentCommon) -> dict[str, Any]:
    """Checked values shared by the short and the full form."""
    return {
        "title": data.title,
        "date_start": data.date_start,
        "date_precision": data.date_precision,
        "place_id": _place_id(problems, data.place),
        "attack_types": list(data.attack_types),
        "weapons": list(data.weapons),
        "counts": _counts(problems, data.counts),
        "narrative": data.narrative,
    }


def submit_values(data: IncidentSubmitIn) -> IncidentValues:
    """Checked values of a field submission (422 listing every problem)."""
    problems = Problems()
    values = common_values(problems, data)
    problems.raise_if_any()
    return IncidentValues(**values, narrative_language=data.language)


def _perpetrator_sources(
    user: Any, problems: Problems, perpetrators: list[PerpetratorIn]
) -> set[int]:
    wanted = {p.source for p in perpetrators}
    known = (
        set(sources_for(user).filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted
        else set()
    )
    for index, claim in enumerate(perpetrators):
        if claim.source not in known:
            problems.add(f"perpetrators.{index}.source", not_a_choice(claim.source))
    return known


def _full_checks(user: Any, problems: Problems, data: IncidentIn) -> dict[str, Any]:
    check_order(problems, data.date_start, data.date_end, "date_end")
    check_order(problems, data.interruption_from, data.interruption_until, "interruption_until")
    check_point(problems, data.exact_lat, data.exact_lon)
    sources = _perpetrator_sources(user, problems, data.perpetrators)
    return {
        "facility_ids": visible_ids(problems, facilities_for(user), data.facilities, "facilities"),
        "perpetrators": [
            PerpetratorValue(
                category=p.category, source_id=p.source, name=p.name, confidence=p.confidence
            )
            for p in data.perpetrators
            if p.source in sources
        ],
    }


def incident_values(user: Any, data: IncidentIn) -> IncidentValues:
    """Checked values of a full incident, references resolved through ``user``'s selectors."""
    problems = Problems()
    values = common_values(problems, data) | _full_checks(user, problems, data)
    problems.raise_if_any()
    scalars = (
        "date_end",
        "time",
        "exact_lat",
        "exact_lon",
        "location_precision",
        "location_type",
        "facility_damage",
        "service_interruption",
        "interruption_from",
        "interruption_until",
        "certainty",
    )
    values |= {name: getattr(data, name) for name in scalars}
    return IncidentValues(
        **values, resources=list(data.resources), narrative_language=data.narrative_language or ""
    )
