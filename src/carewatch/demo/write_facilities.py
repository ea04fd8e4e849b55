"""Write generated facilities and their status timelines through the facility services."""

from __future__ import annotations

from carewatch.demo.namebank import AFFILIATIONS
from carewatch.demo.plan_facilities import FacilityPlan, StatusPlan
from carewatch.demo.written import Written
from carewatch.facilities.services import facility_create, facility_status_add


def write_facilities(plans: list[FacilityPlan], written: Written) -> None:
    """Generated coordinates near the sub-district centre are fine here: no real site is exposed."""
    for plan in plans:
        written.facilities[plan.key] = facility_create(
            user=written.user,
            aliases=plan.aliases,
            name_ar=plan.name_ar,
            name_latin=plan.name_latin,
            facility_type=plan.facility_type,
            subtype=plan.subtype,
            beds=plan.beds,
            operator=AFFILIATIONS[plan.key % len(AFFILIATIONS)],
            place=written.places[plan.area.pcode],
            exact_lat=plan.lat,
            exact_lon=plan.lon,
            is_generated=True,
        )


def write_statuses(plans: list[StatusPlan], written: Written) -> None:
    """Statuses caused by an attack cite the first report of that attack."""
    for plan in plans:
        report = written.reports.get((plan.incident_key, 0)) if plan.incident_key else None
        facility_status_add(
            facility=written.facilities[plan.facility_key],
            user=written.user,
            status=plan.status,
            date=plan.date,
            cause=plan.cause,
            report=report,
            note=plan.note,
        )
