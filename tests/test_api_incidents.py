"""Incidents through the API: public output, filters, search, pagination, writes, conflicts, audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from api_support import (
    World,
    api_client,
    audit_count,
    district,
    full_incident,
    last_audit,
    row_counts,
    send,
    submission,
)
from carewatch.incidents.models import Incident
from carewatch.incidents.services import incident_create
from carewatch.places.models import Place
from conftest import incident_values

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]

PUBLIC_KEYS = {
    "id",
    "reference",
    "date_start",
    "date_end",
    "date_precision",
    "governorate",
    "location_precision",
    "location_type",
    "attack_types",
    "weapons",
    "resources",
    "counts",
    "facility_damage",
    "service_interruption",
    "interruption_from",
    "interruption_until",
    "certainty",
    "state",
    "version",
    "public_location",
}


def test_the_public_sees_only_public_fields_of_an_incident(
    world: World, clients: dict[str, Client]
) -> None:
    row = clients["anonymous"].get("/api/incidents").json()["results"][0]
    detail = clients["anonymous"].get(f"/api/incidents/{world.public.pk}").json()
    assert set(row) == PUBLIC_KEYS
    assert set(detail) == PUBLIC_KEYS | {"figures"} and detail["figures"] == []
    assert detail["governorate"] == {
        "pcode": "SY07",
        "level": 1,
        "name_en": "Idleb",
        "name_ar": "إدلب",
    }


def test_counts_are_null_when_unknown_and_ranges_have_low_and_high(
    world: World, clients: dict[str, Client]
) -> None:
    counts = clients["anonymous"].get(f"/api/incidents/{world.public.pk}").json()["counts"]
    assert counts["killed_hw"] == {"low": 2, "high": 2}
    assert counts["injured_patients"] == {"low": 3, "high": 5}
    assert counts["killed_patients"] is None


def test_staff_see_internal_fields_and_only_restricted_roles_see_the_exact_point(
    world: World, clients: dict[str, Client]
) -> None:
    analyst = clients["analyst"].get(f"/api/incidents/{world.public.pk}").json()
    verifier = clients["verifier"].get(f"/api/incidents/{world.public.pk}").json()
    assert analyst["narrative"] == verifier["narrative"]
    assert analyst["district"]["pcode"] == "SY0700"
    assert "exact_lat" not in analyst and "exact_lat" in verifier
    assert audit_count("carewatch.incident.exact_location_viewed") == 1
    assert (
        last_audit("carewatch.incident.exact_location_viewed").actor == world.personas["verifier"]
    )


# Filters and search


@pytest.fixture
def spread(verifier: Any) -> dict[str, Incident]:
    """Verified incidents in different places, dates, types and certainty."""
    aleppo = Place.objects.get(level=1, name_en="Aleppo")
    sub_district = Place.objects.filter(level=3, parent=district()).order_by("pcode").first()

    def make(**values: Any) -> Incident:
        return incident_create(user=verifier, values=incident_values(**values), state="verified")

    return {
        "idlib_sept": make(
            title="مشفى الأمل",
            narrative="قصف مشفى الأمل في إدلب",
            date_start=datetime.date(2017, 9, 3),
        ),
        "idlib_sub": make(
            title="Clinic hit", place_id=sub_district.pk, date_start=datetime.date(2017, 10, 1)
        ),
        "aleppo": make(
            title="Mohammed al-Halabi hospital",
            place_id=aleppo.pk,
            date_start=datetime.date(2016, 9, 25),
            attack_types=["chemical"],
            certainty="confirmed",
        ),
    }


def _ids(client: Client, query: str) -> set[int]:
    answer = client.get(f"/api/incidents?{query}")
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_from=2017-09-01&date_to=2017-09-30", {"idlib_sept"}),
        ("date_from=2017-01-01", {"idlib_sept", "idlib_sub"}),
        ("place=SY07", {"idlib_sept", "idlib_sub"}),
        ("place=SY0700", {"idlib_sept", "idlib_sub"}),
        ("place=sy02", {"aleppo"}),
        ("attack_type=chemical", {"aleppo"}),
        ("certainty=confirmed", {"aleppo"}),
        ("certainty=", {"idlib_sept", "idlib_sub", "aleppo"}),
        ("state=verified&attack_type=heavy_weapons", {"idlib_sept", "idlib_sub"}),
    ],
)
def test_incidents_can_be_filtered(
    spread: dict[str, Incident], query: str, expected: set[str]
) -> None:
    assert _ids(Client(), query) == {spread[name].pk for name in expected}


def test_filtering_by_sub_district_matches_incidents_placed_there(
    spread: dict[str, Incident], analyst: Any
) -> None:
    """For staff; the public may not narrow below the district (test_public_inference)."""
    pcode = spread["idlib_sub"].place.pcode
    assert _ids(api_client(analyst), f"place={pcode}") == {spread["idlib_sub"].pk}
    assert Client().get(f"/api/incidents?place={pcode}").status_code == 422


def test_filtering_by_source_and_facility_uses_what_the_caller_may_see(
    world: World, clients: dict[str, Client]
) -> None:
    analyst = clients["analyst"]
    assert _ids(analyst, f"source={world.source.pk}") == {world.public.pk}
    assert _ids(analyst, f"facility={world.facility.pk}") == {world.public.pk}
    refused = clients["anonymous"].get(f"/api/incidents?facility={world.facility.pk}")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "facility"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأمل", "idlib_sept"),
        ("الامل", "idlib_sept"),
        ("مشفى", "idlib_sept"),
        ("Muhammad Halabi", "aleppo"),
        ("mohamed al halaby", "aleppo"),
        ("clinic", "idlib_sub"),
    ],
)
def test_staff_search_incidents_in_arabic_and_latin_script(
    spread: dict[str, Incident], analyst: Any, text: str, expected: str
) -> None:
    from urllib.parse import quote

    assert _ids(api_client(analyst), f"q={quote(text)}") == {spread[expected].pk}


def test_the_public_may_not_search_text_that_covers_internal_fields(
    spread: dict[str, Incident],
) -> None:
    answer = Client().get("/api/incidents?q=Halabi")
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "q"


# Pagination


@pytest.fixture
def seven(verifier: Any) -> list[Incident]:
    day = datetime.date(2017, 9, 1)
    return [
        incident_create(user=verifier, values=incident_values(date_start=day), state="verified")
        for _ in range(7)
    ]


def test_pages_cover_every_row_once_in_a_stable_order(seven: list[Incident]) -> None:
    seen, url = [], "/api/incidents?page_size=3"
    while url:
        page = Client().get(url).json()
        assert page["count"] == 7
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted((i.pk for i in seven), reverse=True)


def test_a_page_has_links_to_its_neighbours(seven: list[Incident]) -> None:
    page = Client().get("/api/incidents?page=2&page_size=3").json()
    assert "page=1&" in page["previous"] and "page_size=3" in page["previous"]
    assert "page=3" in page["next"]
    assert Client().get("/api/incidents?page=3&page_size=3").json()["next"] is None


def test_page_size_is_capped_at_200_and_a_page_past_the_end_is_404(seven: list[Incident]) -> None:
    assert Client().get("/api/incidents?page_size=200").status_code == 200
    assert Client().get("/api/incidents?page_size=201").status_code == 422
    past = Client().get("/api/incidents?page=99999999999999999999999")
    assert past.status_code == 404 and past.json()["errors"][0]["field"] == "page"


# Writes


def test_a_field_documenter_submits_a_report_and_gets_a_submitted_incident(documenter: Any) -> None:
    answer = send(
        api_client(documenter),
        "post",
        "/api/incidents/submit",
        submission(informant_name="A witness"),
    )
    assert answer.status_code == 201, answer.content
    incident = Incident.objects.get(pk=answer.json()["id"])
    assert incident.state == "submitted" and incident.created_by == documenter
    assert incident.records.get().report.informant_name == "A witness"
    assert "informant_name" not in str(answer.json())
    assert last_audit("carewatch.incident.created").actor == documenter
    assert last_audit("carewatch.report.received").object_id == str(
        incident.records.get().report_id
    )


def test_a_verifier_creates_a_full_incident(verifier: Any, world: World) -> None:
    body = full_incident(
        facilities=[world.facility.pk],
        exact_lat=35.93,
        exact_lon=36.63,
        date_end="2017-09-21",
        perpetrators=[{"category": "state_forces", "source": world.source.pk}],
        counts={"killed_hw": {"low": 3, "high": 5}, "injured_hw": None},
    )
    answer = send(api_client(verifier), "post", "/api/incidents", body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert (
        data["counts"]["killed_hw"] == {"low": 3, "high": 5}
        and data["counts"]["injured_hw"] is None
    )
    assert [f["id"] for f in data["facilities"]] == [world.facility.pk]
    assert data["perpetrator_claims"][0]["source"]["name"] == "White Helmets"
    entry = last_audit("carewatch.incident.created")
    assert entry.object_id == str(data["id"]) and entry.actor == verifier


def test_put_replaces_the_values_and_bumps_the_version(verifier: Any, make_incident: Any) -> None:
    incident = make_incident()
    answer = send(
        api_client(verifier),
        "put",
        f"/api/incidents/{incident.pk}",
        full_incident(title="Corrected", version=1, reason="typo"),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["title"] == "Corrected" and answer.json()["version"] == 2
    entry = last_audit("carewatch.incident.changed")
    assert entry.reason == "typo" and entry.after["title"] == "Corrected"


def test_patch_changes_only_the_fields_sent(verifier: Any, make_incident: Any) -> None:
    incident = make_incident(narrative="Kept as it was")
    answer = send(
        api_client(verifier),
        "patch",
        f"/api/incidents/{incident.pk}",
        {"certainty": "confirmed", "version": 1},
    )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["certainty"] == "confirmed" and data["narrative"] == "Kept as it was"
    assert data["counts"]["injured_patients"] == {"low": 3, "high": 5}


def test_two_people_saving_the_same_version_get_a_409_and_nothing_is_lost(
    verifier: Any, admin: Any, make_incident: Any
) -> None:
    incident, one, other = make_incident(), api_client(verifier), api_client(admin)
    first = send(
        one, "put", f"/api/incidents/{incident.pk}", full_incident(title="First edit", version=1)
    )
    before = row_counts()
    second = send(
        other, "put", f"/api/incidents/{incident.pk}", full_incident(title="Second edit", version=1)
    )
    assert first.status_code == 200
    assert second.status_code == 409
    assert (
        second.json()["current_version"] == 2 and second.json()["errors"][0]["field"] == "version"
    )
    incident.refresh_from_db()
    assert incident.title == "First edit" and incident.version == 2
    assert row_counts() == before  # nothing of the second edit, not even an audit entry


def test_a_stale_patch_is_a_conflict_too(verifier: Any, make_incident: Any) -> None:
    incident = make_incident()
    send(
        api_client(verifier),
        "patch",
        f"/api/incidents/{incident.pk}",
        {"title": "New", "version": 1},
    )
    stale = send(
        api_client(verifier),
        "patch",
        f"/api/incidents/{incident.pk}",
        {"title": "Older", "version": 1},
    )
    assert stale.status_code == 409


def test_a_verifier_verifies_and_rejects_with_a_reason(verifier: Any, make_incident: Any) -> None:
    incident, client = make_incident(state="submitted"), api_client(verifier)
    verified = send(
        client,
        "post",
        f"/api/incidents/{incident.pk}/state",
        {"state": "verified", "certainty": "confirmed", "version": 1},
    )
    assert verified.status_code == 200 and verified.json()["state"] == "verified"
    assert last_audit("carewatch.incident.verified").after["certainty"] == "confirmed"
    back = send(
        client,
        "post",
        f"/api/incidents/{incident.pk}/state",
        {"state": "under_review", "version": 2},
    )
    no_reason = send(
        client, "post", f"/api/incidents/{incident.pk}/state", {"state": "rejected", "version": 3}
    )
    assert back.status_code == 200 and no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    rejected = send(
        client,
        "post",
        f"/api/incidents/{incident.pk}/state",
        {"state": "rejected", "reason": "Duplicate", "version": 3},
    )
    assert (
        rejected.status_code == 200
        and last_audit("carewatch.incident.rejected").reason == "Duplicate"
    )


def test_an_impossible_state_change_is_a_field_error(verifier: Any, make_incident: Any) -> None:
    incident = make_incident(state="verified")
    answer = send(
        api_client(verifier),
        "post",
        f"/api/incidents/{incident.pk}/state",
        {"state": "draft", "version": 1},
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "state"
