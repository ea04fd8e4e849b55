"""Canary values (S1): internal and restricted strings and exact coordinates never leak.

Every GET endpoint listed in /api/openapi.json is crawled — lists (largest page) and the detail
of every seeded record — as the public and as a field documenter who wrote none of it. A
verifier's crawl is the control: it must find the canaries, or the crawl proves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from api_support import (
    CANARY_FACILITY,
    CANARY_OWN_INFORMANT,
    INTERNAL_CANARIES,
    RESTRICTED_CANARIES,
    World,
    operations,
)

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


def _records(world: World) -> dict[str, list[str]]:
    """Every seeded record for each path parameter."""
    return {
        "incident_id": [str(i.pk) for i in (world.public, world.draft, world.own)],
        "facility_id": [str(world.facility.pk)],
        "person_id": [str(p.pk) for p in (world.uncleared, world.cleared)],
        "source_id": [str(s.pk) for s in world.source.__class__.objects.all()],
        "report_id": [str(r.pk) for r in world.report.__class__.objects.all()],
        "figure_id": [str(world.figure.pk)],
        "pcode": ["SY07", "SY0700"],
    }


def crawl(client: Client, world: World) -> Iterator[tuple[str, int, str]]:
    """(url, status, body) for every GET endpoint and seeded record."""
    records = _records(world)
    for method, path, _op in operations(client):
        if method != "GET":
            continue
        urls = [path]
        for name, values in records.items():
            urls = (
                [u.replace("{" + name + "}", v) for u in urls for v in values]
                if "{" + name + "}" in path
                else urls
            )
        assert all("{" not in u for u in urls), f"add the parameter of {path} to _records()"
        for url in urls:
            suffix = "?q=Idlib" if url.endswith("/resolve") else "?page_size=200"
            answer = client.get(url + suffix)
            yield url, answer.status_code, answer.content.decode("utf-8")


def _leaks(client: Client, world: World, canaries: tuple[str, ...]) -> list[tuple[str, str]]:
    found, seen_ok = [], 0
    for url, status, body in crawl(client, world):
        assert status in (200, 404), (url, status, body[:200])
        seen_ok += status == 200
        found += [(url, canary) for canary in canaries if canary in body]
    assert seen_ok >= 8, "the crawl reached too few endpoints to mean anything"
    return found


def test_no_internal_or_restricted_canary_reaches_the_public(
    world: World, clients: dict[str, Client]
) -> None:
    assert _leaks(clients["anonymous"], world, INTERNAL_CANARIES + RESTRICTED_CANARIES) == []


def test_no_canary_of_others_reaches_a_field_documenter_who_wrote_none_of_it(
    world: World, clients: dict[str, Client]
) -> None:
    # Facility names are internal and field documenters may read them (they report attacks on them).
    canaries = tuple(c for c in INTERNAL_CANARIES + RESTRICTED_CANARIES if c != CANARY_FACILITY)
    assert _leaks(clients["other_documenter"], world, canaries) == []


def test_a_field_documenter_never_sees_restricted_values_even_their_own(
    world: World, clients: dict[str, Client]
) -> None:
    """The informant they typed in is kept restricted: it goes in, it does not come back out."""
    assert _leaks(clients["field_documenter"], world, RESTRICTED_CANARIES) == []


def test_internal_staff_without_restricted_clearance_see_no_restricted_canary(
    world: World, clients: dict[str, Client]
) -> None:
    for role in ("analyst", "communications"):
        assert _leaks(clients[role], world, RESTRICTED_CANARIES) == [], role


def test_the_crawl_does_find_every_canary_where_it_is_allowed(
    world: World, clients: dict[str, Client]
) -> None:
    """Control: a verifier may read them all, so the same crawl must find every one."""
    leaked = {
        canary
        for _url, canary in _leaks(
            clients["verifier"], world, INTERNAL_CANARIES + RESTRICTED_CANARIES
        )
    }
    assert leaked == set(INTERNAL_CANARIES + RESTRICTED_CANARIES)
    assert CANARY_OWN_INFORMANT in leaked


def test_every_answer_to_a_token_is_kept_out_of_caches(
    world: World, clients: dict[str, Client]
) -> None:
    """``Cache-Control: no-store`` on whatever a caller with a token reads, the public's cacheable."""
    for role in ("verifier", "field_documenter", "analyst"):
        for method, path, _op in operations(clients[role]):
            if method == "GET" and "{" not in path:
                answer = clients[role].get(path)
                assert "no-store" in answer.headers.get("Cache-Control", ""), (role, path)
    assert "no-store" not in clients["anonymous"].get("/api/stats/counts").headers.get(
        "Cache-Control", ""
    )
