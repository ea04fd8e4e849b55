"""The values of an incident as forms, the API, importers and the demo hand them to services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from carewatch.incidents.choices import (
    Certainty,
    DatePrecision,
    FacilityDamage,
    LocationType,
    ServiceInterruption,
)
from carewatch.places.choices import LocationPrecision
from carewatch_core.counts import Count


@dataclass
class PerpetratorValue:
    category: str
    source_id: int
    name: str = ""
    confidence: str = "alleged"


@dataclass
class IncidentValues:
    """Everything a consolidated incident holds, already validated."""

    title: str
    date_start: datetime.date
    place_id: int
    date_precision: int = DatePrecision.DAY
    date_end: datetime.date | None = None
    time: datetime.time | None = None
    exact_lat: float | None = None
    exact_lon: float | None = None
    location_precision: int = LocationPrecision.DISTRICT
    location_type: str = LocationType.HEALTH_BUILDING
    facility_ids: list[int] = field(default_factory=list)
    attack_types: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)
    perpetrators: list[PerpetratorValue] = field(default_factory=list)
    facility_damage: str = FacilityDamage.UNKNOWN
    service_interruption: str = ServiceInterruption.UNKNOWN
    interruption_from: datetime.date | None = None
    interruption_until: datetime.date | None = None
    certainty: str = Certainty.POSSIBLE
    narrative: str = ""
    narrative_language: str = ""
    is_generated: bool = False

    SCALAR_FIELDS = (
        "title",
        "date_start",
        "date_precision",
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
        "narrative",
        "narrative_language",
    )
