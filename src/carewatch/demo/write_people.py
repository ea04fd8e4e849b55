"""Write generated people, their fates, the records naming them and memorial clearances."""

from __future__ import annotations

from carewatch.demo.plan_people import PersonPlan, PersonRecordPlan
from carewatch.demo.written import Written
from carewatch.people.models import Person
from carewatch.people.services import (
    person_create,
    person_fate_add,
    person_record_create,
    person_set_clearance,
)


def write_people(plans: list[PersonPlan], written: Written) -> None:
    for plan in plans:
        person = _person(plan, written)
        incident = written.incidents[plan.incident.key]
        person_fate_add(
            person=person,
            user=written.user,
            fate=plan.fate,
            incident=incident,
            date=incident.date_start,
            place=incident.place,
        )
        for record in plan.records:
            _record(person, record, written)
        if plan.clearance != "not_cleared":
            person_set_clearance(
                person=person,
                user=written.user,
                clearance=plan.clearance,
                cleared_by=plan.cleared_by,
                expected_version=person.version,
                on=plan.cleared_on,
            )


def _person(plan: PersonPlan, written: Written) -> Person:
    """Works where the attack happened when it was at a facility; lives in that sub-district."""
    incident = plan.incident
    facility = (
        written.facilities.get(incident.story.facility.key)
        if incident.story.facility and plan.affiliation
        else None
    )
    return person_create(
        user=written.user,
        name_ar=plan.name_ar,
        name_latin=plan.name_latin,
        sex=plan.sex,
        age=plan.age,
        age_high=plan.age_high,
        profession=plan.profession,
        specialty=plan.specialty,
        affiliation=plan.affiliation,
        facility=facility,
        home_place=written.places[incident.story.area.pcode],
        family_details=plan.family_details,
        is_generated=True,
    )


def _record(person: Person, plan: PersonRecordPlan, written: Written) -> None:
    """The person as this report names them: its spelling, its age wording, its language."""
    person_record_create(
        user=written.user,
        report=written.reports[(plan.incident_key, plan.record_index)],
        person=person,
        name_ar=plan.name_ar,
        name_latin=plan.name_latin,
        sex=plan.sex,
        age_text=plan.age_text,
        profession_text=plan.profession_text,
        fate=plan.fate,
        date=plan.date,
        place_text=plan.place_text,
        values={"generated": True},
    )
