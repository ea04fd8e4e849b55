"""Facilities through the API: "out of service on a date", the status timeline, audited exact points."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from api_support import FACILITY_LAT, World, api_client, audit_count, district, last_audit, send
from carewatch.facilities.services import facility_create, facility_status_add

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


@pytest.fixture
def hospitals(verifier: Any) -> dict[str, Any]:
    """M2 out of service from 28 Sept 2016 and back on 1 Dec 2016; M10 out of service from 1 Oct 2016."""
    made = {}
    for name in ("M2", "M10"):
        made[name] = facility_create(
            user=verifier,
            name_latin=f"Hospital {name}",
            facility_type="secondary",
            place=district(),
            aliases=[(name, "code_name")],
        )
        facility_status_add(
            facility=made[name], user=verifier, status="functional", date=datetime.date(2016, 1, 1)
        )
    facility_status_add(
        facility=made["M2"],
        user=verifier,
        status="non_functional",
        cause="attacked",
        date=datetime.date(2016, 9, 28),
    )
    facility_status_add(
        facility=made["M2"], user=verifier, status="functional", date=datetime.date(2016, 12, 1)
    )
    facility_status_add(
        facility=made["M10"],
        user=verifier,
        status="non_functional",
        cause="attacked",
        date=datetime.date(2016, 10, 1),
    )
    return made


def _names(client: Client, query: str) -> list[str]:
    answer = client.get(f"/api/facilities?{query}")
    assert answer.status_code == 200, answer.content
    return [row["name_latin"] for row in answer.json()["results"]]


def test_out_of_service_on_a_date_is_a_query_over_the_status_timeline(
    hospitals: dict[str, Any], analyst: Any
) -> None:
    client = api_client(analyst)
    assert _names(client, "out_of_service_on=2016-09-30") == ["Hospital M2"]
    assert _names(client, "out_of_service_on=2016-10-15") == ["Hospital M10", "Hospital M2"]
    assert _names(client, "out_of_service_on=2017-01-01") == ["Hospital M10"]
    assert _names(client, "out_of_service_on=2015-06-01") == []


def test_each_facility_says_its_status_on_the_date_asked(
    hospitals: dict[str, Any], analyst: Any
) -> None:
    row = (
        api_client(analyst).get("/api/facilities?out_of_service_on=2016-10-15").json()["results"][0]
    )
    assert row["status"] == "non_functional" and row["status_date"] == "2016-10-15"


def test_the_detail_has_the_status_timeline_latest_first(
    hospitals: dict[str, Any], analyst: Any
) -> None:
    detail = api_client(analyst).get(f"/api/facilities/{hospitals['M2'].pk}").json()
    assert [(s["date"], s["status"]) for s in detail["statuses"]] == [
        ("2016-12-01", "functional"),
        ("2016-09-28", "non_functional"),
        ("2016-01-01", "functional"),
    ]
    assert detail["statuses"][1]["cause"] == "attacked"
    assert detail["aliases"] == [{"name": "M2", "kind": "code_name"}]


@pytest.mark.parametrize("text", ["M10", "m10", "Hospital"])
def test_facilities_are_found_by_name_or_code_name(
    hospitals: dict[str, Any], analyst: Any, text: str
) -> None:
    assert "Hospital M10" in _names(api_client(analyst), f"q={text}")


def test_facilities_can_be_filtered_by_place_and_type(
    hospitals: dict[str, Any], analyst: Any
) -> None:
    client = api_client(analyst)
    assert len(_names(client, "place=SY07")) == 2
    assert _names(client, "place=SY02") == []
    assert _names(client, "facility_type=pharmacy") == []


def test_exact_coordinates_are_shown_only_to_need_to_know_roles_and_each_read_is_audited(
    world: World, clients: dict[str, Client]
) -> None:
    url = f"/api/facilities/{world.facility.pk}"
    for role in ("field_documenter", "analyst", "communications"):
        assert "exact_lat" not in clients[role].get(url).json()
    assert audit_count("carewatch.facility.exact_location_viewed") == 0
    detail = clients["verifier"].get(url).json()
    assert detail["exact_lat"] == FACILITY_LAT
    entry = last_audit("carewatch.facility.exact_location_viewed")
    assert entry.actor == world.personas["verifier"] and entry.object_id == str(world.facility.pk)
    assert audit_count("carewatch.facility.exact_location_viewed") == 1


def test_lists_never_carry_exact_coordinates_even_for_need_to_know_roles(
    world: World, clients: dict[str, Client]
) -> None:
    row = clients["verifier"].get("/api/facilities").json()["results"][0]
    assert "exact_lat" not in row and "statuses" not in row
    assert audit_count("carewatch.facility.exact_location_viewed") == 0


def test_the_public_sees_no_facility_registry(world: World, clients: dict[str, Client]) -> None:
    assert clients["anonymous"].get("/api/facilities").json()["count"] == 0
    assert clients["anonymous"].get(f"/api/facilities/{world.facility.pk}").status_code == 404


def test_a_verifier_registers_a_facility_records_its_status_and_edits_it(verifier: Any) -> None:
    client = api_client(verifier)
    created = send(
        client,
        "post",
        "/api/facilities",
        {
            "name_ar": "مشفى الأمل",
            "facility_type": "secondary",
            "place": "SY0700",
            "exact_lat": 35.93,
            "exact_lon": 36.63,
            "aliases": [{"name": "M4", "kind": "code_name"}],
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    status = send(
        client,
        "post",
        f"/api/facilities/{pk}/statuses",
        {"status": "partial", "cause": "lack_of_supplies", "date": "2017-09-21"},
    )
    assert status.status_code == 201 and status.json()["statuses"][0]["status"] == "partial"
    edited = send(
        client, "patch", f"/api/facilities/{pk}", {"beds": 40, "version": 1, "reason": "new wing"}
    )
    assert (
        edited.status_code == 200
        and edited.json()["beds"] == 40
        and edited.json()["exact_lat"] == 35.93
    )
    assert last_audit("carewatch.facility.changed").reason == "new wing"
    stale = send(client, "patch", f"/api/facilities/{pk}", {"beds": 50, "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2


def test_a_patch_can_remove_the_exact_point(world: World, clients: dict[str, Client]) -> None:
    answer = send(
        clients["verifier"],
        "patch",
        f"/api/facilities/{world.facility.pk}",
        {"exact_lat": None, "exact_lon": None, "version": 1},
    )
    assert answer.status_code == 200 and answer.json()["exact_lat"] is None
