"""Role × endpoint × record (S8): every operation listed in /api/openapi.json, called by every role.

The endpoints come from the OpenAPI document, so a new endpoint is in the matrix without
editing this file; what each role may see is stated here, from docs/domain.md "Roles".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from api_support import ROLES, World, audit_count, fill, operations, row_counts, send
from carewatch.accounts.permissions import can
from carewatch.api.main import api

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]

STAFF = {"field_documenter", "analyst", "communications", "verifier", "administrator"}
HQ = {"analyst", "communications", "verifier", "administrator"}
EVERYONE = {"anonymous", *STAFF}

# Who sees the seeded record of each collection (the world's verified public incident, the
# verifier's report, …). Field documenters see only their own incidents and reports.
SEES = {
    "incidents": EVERYONE - {"field_documenter"},
    "facilities": STAFF,
    "people": HQ,
    "sources": HQ,
    "reports": HQ,
    "figures": HQ,
    "places": EVERYONE,
    "people/memorial": EVERYONE,
    "stats": EVERYONE,
}


def collection(path: str) -> str:
    rest = path.removeprefix("/api/")
    return "people/memorial" if rest.startswith("people/memorial") else rest.split("/")[0]


def seeded_key(path: str, world: World) -> Any:
    """How the seeded record shows in a list: its id (or p-code)."""
    return {
        "incidents": world.public.pk,
        "facilities": world.facility.pk,
        "people": world.uncleared.pk,
        "sources": world.source.pk,
        "reports": world.report.pk,
        "figures": world.figure.pk,
        "people/memorial": world.cleared.pk,
        "places": None,
        "stats": None,
    }[collection(path)]


def _check_read(client: Client, role: str, path: str, world: World) -> None:
    url = fill(path, world)
    answer = client.get(
        url + ("?page_size=200" if "{" not in path and not path.endswith("resolve") else "")
    )
    sees = role in SEES[collection(path)]
    if "{" in path:
        assert answer.status_code == (200 if sees else 404), (role, url, answer.content[:200])
        return
    if path.endswith("/resolve"):
        assert client.get(url + "?q=Idlib").status_code == 200
        return
    assert answer.status_code == 200, (role, url, answer.content[:200])
    key = seeded_key(path, world)
    if key is not None:
        ids = [row.get("id") for row in answer.json()["results"]]
        assert (key in ids) == sees, (role, url, ids)


def _check_write(
    client: Client, role: str, method: str, path: str, op: dict[str, Any], world: World
) -> None:
    function = op["x-carewatch-requires"]
    before = row_counts()
    answer = send(client, method, fill(path, world), {})
    if role == "anonymous":
        expected = 401
    elif not can(world.personas[role], function):
        expected = 403
    else:
        expected = 422  # allowed: an empty body is then refused field by field
    assert answer.status_code == expected, (role, method, path, answer.content[:300])
    assert row_counts() == before, "a refused write changed the database"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_may_from_every_endpoint(
    role: str, world: World, clients: dict[str, Client]
) -> None:
    client = clients[role]
    ops = operations(client)
    assert len(ops) >= 25
    for method, path, op in ops:
        if method == "GET":
            _check_read(client, role, path, world)
        else:
            _check_write(client, role, method, path, op, world)


def test_every_write_endpoint_declares_the_function_it_needs_and_every_read_is_open_to_all(
    client: Client,
) -> None:
    for method, path, op in operations(client):
        if method == "GET":
            assert {} in op["security"], path  # anonymous allowed; rows follow the selectors
        else:
            assert "x-carewatch-requires" in op and {} not in op["security"], (method, path)


def test_every_operation_leaves_out_the_fields_it_does_not_fill(db: Any) -> None:
    """Hidden fields must be *absent* (``null`` means unknown): every operation excludes unset fields."""
    checked = 0
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.include_in_schema:
                    assert operation.exclude_unset, operation.view_func.__name__
                    checked += 1
    assert checked == len(operations(Client()))


def test_a_field_documenter_sees_only_their_own_incidents_in_the_api(
    world: World, clients: dict[str, Client]
) -> None:
    own = clients["field_documenter"].get("/api/incidents").json()["results"]
    assert [r["id"] for r in own] == [world.own.pk]
    assert clients["other_documenter"].get("/api/incidents").json()["count"] == 0
    assert clients["other_documenter"].get(f"/api/incidents/{world.own.pk}").status_code == 404
    assert clients["field_documenter"].get(f"/api/incidents/{world.own.pk}").status_code == 200


def test_a_field_documenter_sees_only_their_own_reports(
    world: World, clients: dict[str, Client]
) -> None:
    own = clients["field_documenter"].get("/api/reports").json()["results"]
    assert len(own) == 1 and own[0]["title"] == "Documenter's own report"
    assert clients["other_documenter"].get("/api/reports").json()["count"] == 0


def test_hidden_and_missing_records_answer_the_same_404(
    world: World, clients: dict[str, Client]
) -> None:
    hidden = clients["anonymous"].get(f"/api/incidents/{world.draft.pk}")
    missing = clients["anonymous"].get("/api/incidents/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_field_documenter_may_not_edit_even_their_own_incident(
    world: World, clients: dict[str, Client]
) -> None:
    answer = send(
        clients["field_documenter"],
        "patch",
        f"/api/incidents/{world.own.pk}",
        {"title": "x", "version": 1},
    )
    assert answer.status_code == 403
    assert audit_count("carewatch.incident.changed") == 0
