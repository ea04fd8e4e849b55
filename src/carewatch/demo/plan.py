"""The whole generated demo as plain data, drawn from one seeded random generator.

Planning is kept apart from writing so that the same seed always gives the same plan (it
touches no database and no clock), and the writer only turns it into service calls.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from carewatch.demo.geography import areas_by_governorate
from carewatch.demo.plan_facilities import FacilityPlan, StatusPlan, plan_facilities, plan_statuses
from carewatch.demo.plan_incidents import IncidentPlan, plan_incidents
from carewatch.demo.plan_people import PersonPlan, plan_people


@dataclass
class DemoPlan:
    facilities: list[FacilityPlan]
    incidents: list[IncidentPlan]
    statuses: list[StatusPlan]
    people: list[PersonPlan]


def make_plan(n_incidents: int = 300, seed: int = 2017) -> DemoPlan:
    """About one facility per five incidents and one named person per two (60 and 150 by default)."""
    rng = random.Random(seed)  # nosec B311  # seeded on purpose: reproducible demo data
    areas = areas_by_governorate()
    facilities = plan_facilities(rng, areas, max(6, n_incidents // 5))
    incidents = plan_incidents(rng, areas, facilities, n_incidents)
    statuses = plan_statuses(rng, facilities, _facility_hits(incidents))
    people = plan_people(rng, incidents, n_incidents // 2)
    return DemoPlan(facilities=facilities, incidents=incidents, statuses=statuses, people=people)


def _facility_hits(
    incidents: list[IncidentPlan],
) -> list[tuple[int, int, datetime.date, str, str]]:
    """(facility, incident, date, damage, interruption) of the attacks that count (not merged, not rejected)."""
    return [
        (i.story.facility.key, i.key, i.story.date, i.facility_damage, i.service_interruption)
        for i in incidents
        if i.story.facility is not None and i.state not in {"rejected", "merged"}
    ]
