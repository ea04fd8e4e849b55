"""Fixtures of the API tests (loaded with ``pytest_plugins = ["api_fixtures"]``): a small world with canaries.

Kept apart from ``api_support`` (plain helpers that tests import) so pytest can load this
module as a plugin without it having been imported first.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from api_support import (
    CANARY_CONTACT,
    CANARY_FACILITY,
    CANARY_FAMILY,
    CANARY_INFORMANT,
    CANARY_NARRATIVE,
    CANARY_OWN_INFORMANT,
    CANARY_SOURCE_NOTE,
    CANARY_SPECIALTY,
    CANARY_TITLE,
    CANARY_UNCLEARED,
    FACILITY_LAT,
    FACILITY_LON,
    INCIDENT_LAT,
    INCIDENT_LON,
    RECORD_LAT,
    RECORD_LON,
    ROLES,
    World,
    api_client,
    district,
)
from carewatch_core.counts import Count


def _values(**overrides: Any) -> Any:
    from carewatch.incidents.values import IncidentValues

    base: dict[str, Any] = {
        "title": "Airstrike on a hospital",
        "date_start": datetime.date(2017, 9, 19),
        "place_id": district().pk,
        "attack_types": ["heavy_weapons"],
        "weapons": ["aerial_bomb_plane"],
        "counts": {"killed_hw": Count(2), "injured_patients": Count(3, 5)},
        "certainty": "probable",
    }
    return IncidentValues(**(base | overrides))


def _sources(verifier: Any) -> dict[str, Any]:
    from carewatch.sources.services import report_create, source_create

    source = source_create(
        user=verifier,
        name="White Helmets",
        source_type="ngo",
        reliability="B",
        description=CANARY_SOURCE_NOTE,
    )
    report = report_create(
        user=verifier,
        source=source,
        kind="press_release",
        language="en",
        title="Press release",
        original_text="450 civilians killed",
        informant_name=CANARY_INFORMANT,
        informant_contact=CANARY_CONTACT,
    )
    return {"source": source, "report": report}


def _facility(verifier: Any) -> Any:
    from carewatch.facilities.services import facility_create, facility_status_add

    facility = facility_create(
        user=verifier,
        name_ar="مشفى القدس",
        name_latin=CANARY_FACILITY,
        facility_type="secondary",
        place=district(),
        exact_lat=FACILITY_LAT,
        exact_lon=FACILITY_LON,
        aliases=[("M10", "code_name")],
    )
    facility_status_add(
        facility=facility,
        user=verifier,
        status="non_functional",
        date=datetime.date(2017, 9, 20),
        cause="attacked",
    )
    return facility


def _incidents(verifier: Any, documenter: Any, facility: Any, report: Any) -> dict[str, Any]:
    from carewatch.incidents.services import (
        incident_create,
        incident_record_create,
        incident_submit,
    )

    public = incident_create(
        user=verifier,
        state="verified",
        values=_values(
            title=CANARY_TITLE,
            narrative=CANARY_NARRATIVE,
            exact_lat=INCIDENT_LAT,
            exact_lon=INCIDENT_LON,
            facility_ids=[facility.pk],
        ),
    )
    incident_record_create(
        user=verifier,
        report=report,
        incident=public,
        fields={
            "date": public.date_start,
            "lat": RECORD_LAT,
            "lon": RECORD_LON,
            "description": CANARY_NARRATIVE,
            "counts": {"killed_hw": [2, None]},
            "attack_types": ["heavy_weapons"],
        },
    )
    draft = incident_create(
        user=verifier,
        state="submitted",
        values=_values(title="Unverified rumour", certainty="rumour"),
    )
    own = incident_submit(
        user=documenter,
        values=_values(title="Documenter's own report", narrative="كتبه الموثق"),
        language="ar",
        informant_name=CANARY_OWN_INFORMANT,
    )
    return {"public": public, "draft": draft, "own": own}


def _people(verifier: Any, incident: Any, report: Any) -> dict[str, Any]:
    from carewatch.people.services import (
        person_create,
        person_fate_add,
        person_record_create,
        person_set_clearance,
    )

    uncleared = person_create(
        user=verifier,
        name_latin=CANARY_UNCLEARED,
        name_ar="هادي",
        profession="nurse",
        family_details=CANARY_FAMILY,
        date_of_birth=datetime.date(1990, 1, 2),
    )
    cleared = person_create(
        user=verifier,
        name_latin="Dr Khaled Cleared",
        name_ar="د. خالد",
        profession="doctor",
        specialty=CANARY_SPECIALTY,
    )
    person_set_clearance(
        person=cleared,
        user=verifier,
        clearance="cleared",
        cleared_by="His family",
        expected_version=1,
    )
    for person in (uncleared, cleared):
        person_fate_add(
            person=person,
            user=verifier,
            fate="killed",
            incident=incident,
            date=incident.date_start,
            place=incident.place,
        )
    person_record_create(
        user=verifier, report=report, person=uncleared, name_latin=CANARY_UNCLEARED, fate="killed"
    )
    return {"uncleared": uncleared, "cleared": cleared}


@pytest.fixture
def world(personas: dict[str, Any], other_documenter: Any) -> World:
    """Sources, a report, a facility, incidents (public, unverified, a documenter's own), people, a figure."""
    from carewatch.sources.services import figure_record

    verifier, documenter = personas["verifier"], personas["field_documenter"]
    sources = _sources(verifier)
    facility = _facility(verifier)
    incidents = _incidents(verifier, documenter, facility, sources["report"])
    people = _people(verifier, incidents["public"], sources["report"])
    figure = figure_record(
        user=verifier,
        report=sources["report"],
        quantity=450,
        measure="killed",
        population="civilians",
        quote="450 civilians killed",
        incident=incidents["public"],
    )
    return World(
        **sources,
        **incidents,
        **people,
        facility=facility,
        figure=figure,
        personas=personas,
        other_documenter=other_documenter,
    )


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    """One API client per role (token auth), plus ``other_documenter`` (not the author of anything)."""
    found = {role: api_client(world.personas[role]) for role in ROLES}
    found["other_documenter"] = api_client(world.other_documenter)
    return found
