"""People through the API: names withheld unless cleared or need-to-know, the memorial roll, clearance."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from api_support import CANARY_FAMILY, CANARY_UNCLEARED, World, audit_count, last_audit, send

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


def test_staff_without_restricted_clearance_see_a_placeholder_for_uncleared_names(
    world: World, clients: dict[str, Client]
) -> None:
    rows = {row["id"]: row for row in clients["analyst"].get("/api/people").json()["results"]}
    uncleared, cleared = rows[world.uncleared.pk], rows[world.cleared.pk]
    assert uncleared["display_name"] == f"Name withheld (person #{world.uncleared.pk})"
    assert cleared["display_name"] == "Dr Khaled Cleared"
    assert "name_latin" not in uncleared and "family_details" not in uncleared


def test_need_to_know_roles_read_names_and_family_details_and_the_read_is_audited(
    world: World, clients: dict[str, Client]
) -> None:
    detail = clients["verifier"].get(f"/api/people/{world.uncleared.pk}").json()
    assert detail["name_latin"] == CANARY_UNCLEARED and detail["family_details"] == CANARY_FAMILY
    entry = last_audit("carewatch.person.restricted_viewed")
    assert entry.actor == world.personas["verifier"] and entry.object_id == str(world.uncleared.pk)
    assert {"family_details", "name_latin", "date_of_birth"} <= set(entry.after["fields"])
    assert (
        audit_count("carewatch.person_record.restricted_viewed") == 1
    )  # the person records in the detail


def test_a_list_read_is_audited_once_with_every_id(
    world: World, clients: dict[str, Client]
) -> None:
    clients["verifier"].get("/api/people")
    entry = last_audit("carewatch.person.restricted_viewed")
    assert (
        entry.after["ids"] == [str(world.uncleared.pk), str(world.cleared.pk)]
        and entry.object_id == ""
    )


def test_the_detail_lists_fates_with_their_incident(
    world: World, clients: dict[str, Client]
) -> None:
    fates = clients["analyst"].get(f"/api/people/{world.uncleared.pk}").json()["fates"]
    assert fates == [
        {
            "fate": "killed",
            "date": "2017-09-19",
            "place": fates[0]["place"],
            "incident": {"id": world.public.pk, "reference": world.public.reference},
        }
    ]


def test_the_memorial_roll_shows_cleared_health_workers_only(
    world: World, clients: dict[str, Client]
) -> None:
    page = clients["anonymous"].get("/api/people/memorial").json()
    assert [row["id"] for row in page["results"]] == [world.cleared.pk]
    assert page["results"][0]["governorate"]["pcode"] == "SY07"
    assert CANARY_UNCLEARED not in str(page)


def test_communications_clear_a_name_and_it_joins_the_memorial_roll(
    world: World, clients: dict[str, Client]
) -> None:
    answer = send(
        clients["communications"],
        "post",
        f"/api/people/{world.uncleared.pk}/clearance",
        {"clearance": "cleared", "cleared_by": "His sister", "on": "2017-10-01", "version": 1},
    )
    assert answer.status_code == 200, answer.content
    assert (
        answer.json()["memorial_clearance"] == "cleared"
        and answer.json()["cleared_at"] == "2017-10-01"
    )
    entry = last_audit("carewatch.person.clearance_changed")
    assert (
        entry.actor == world.personas["communications"]
        and entry.after["cleared_by"] == "His sister"
    )
    roll = clients["anonymous"].get("/api/people/memorial").json()["results"]
    assert world.uncleared.pk in [row["id"] for row in roll]


def test_clearing_a_name_needs_who_cleared_it_and_the_current_version(
    world: World, clients: dict[str, Client]
) -> None:
    url = f"/api/people/{world.uncleared.pk}/clearance"
    missing = send(clients["communications"], "post", url, {"clearance": "cleared", "version": 1})
    stale = send(
        clients["communications"],
        "post",
        url,
        {"clearance": "cleared", "cleared_by": "Family", "version": 7},
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "cleared_by"
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    assert audit_count("carewatch.person.clearance_changed") == 1  # the world's own clearance only


def test_an_analyst_may_not_clear_names(world: World, clients: dict[str, Client]) -> None:
    answer = send(
        clients["analyst"],
        "post",
        f"/api/people/{world.uncleared.pk}/clearance",
        {"clearance": "cleared", "cleared_by": "x", "version": 1},
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("text", ["هادي", "Hadi", "hady"])
def test_need_to_know_roles_search_names_in_arabic_and_latin(
    world: World, clients: dict[str, Client], text: str
) -> None:
    rows = clients["verifier"].get(f"/api/people?q={quote(text)}").json()["results"]
    assert [row["id"] for row in rows] == [world.uncleared.pk]


def test_people_can_be_filtered_by_profession_and_clearance(
    world: World, clients: dict[str, Client]
) -> None:
    client = clients["analyst"]
    assert [r["id"] for r in client.get("/api/people?profession=doctor").json()["results"]] == [
        world.cleared.pk
    ]
    assert [
        r["id"] for r in client.get("/api/people?memorial_clearance=not_cleared").json()["results"]
    ] == [world.uncleared.pk]
    assert client.get("/api/people?fate=abducted").json()["count"] == 0


def test_staff_who_may_not_read_names_search_cleared_names_only(
    world: World, clients: dict[str, Client]
) -> None:
    """Searching uncleared names would reveal them one guess at a time."""
    analyst = clients["analyst"]
    assert analyst.get(f"/api/people?q={quote('Hadi')}").json()["count"] == 0
    assert [r["id"] for r in analyst.get("/api/people?q=Khaled").json()["results"]] == [
        world.cleared.pk
    ]
