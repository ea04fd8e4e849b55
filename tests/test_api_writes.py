"""Every write endpoint: a valid body is saved through its service and audited; bad input writes nothing.

The endpoints come from /api/openapi.json; ``valid_writes`` (api_support) must name each one.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from api_support import (
    World,
    api_client,
    audit_count,
    fill,
    full_incident,
    last_audit,
    operations,
    row_counts,
    send,
    submission,
    valid_writes,
)

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


@pytest.fixture
def admin_client(world: World) -> Client:
    return api_client(world.personas["administrator"])


def write_operations(client: Client) -> list[tuple[str, str]]:
    return [(method, path) for method, path, _op in operations(client) if method != "GET"]


def test_every_write_endpoint_has_a_valid_example_in_these_tests(
    admin_client: Client, world: World
) -> None:
    assert sorted(write_operations(admin_client)) == sorted(valid_writes(world))


@pytest.mark.parametrize("index", range(14))
def test_a_valid_write_is_saved_and_audited(index: int, admin_client: Client, world: World) -> None:
    (method, path), (body, action) = sorted(valid_writes(world).items())[index]
    before = audit_count(action)
    answer = send(admin_client, method, fill(path, world), body)
    assert answer.status_code in (200, 201), (method, path, answer.content[:500])
    assert audit_count(action) == before + 1
    entry = last_audit(action)
    assert entry.actor == world.personas["administrator"]


def _set(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of ``body`` with ``dotted`` (``counts.killed_hw.low``) set, or removed if ``value`` is ``DROP``."""
    changed = copy.deepcopy(body)
    *parents, last = dotted.split(".")
    node = changed
    for key in parents:
        node = node.setdefault(key, {})
    if value is DROP:
        node.pop(last, None)
    else:
        node[last] = value
    return changed


DROP = object()

# (endpoint, field to set, value, field named in the error)
BAD_FIELDS = [
    ("submit", "date_start", "2017-02-30", "date_start"),
    ("submit", "date_start", "2999-01-01", "date_start"),
    ("submit", "date_start", "19/09/2017", "date_start"),
    ("submit", "date_start", "0001-01-01", "date_start"),
    ("create", "date_start", "1899-12-31", "date_start"),
    ("report", "published_on", "0001-01-01", "published_on"),
    ("alias", "kind_of", "code_name", "kind_of"),
    ("submit", "date_start", DROP, "date_start"),
    ("submit", "title", "", "title"),
    ("submit", "title", "x" * 301, "title"),
    ("submit", "title", "a\x00b", "title"),
    ("submit", "title", 42, "title"),
    ("submit", "counts.killed_hw.low", "abc", "counts.killed_hw.low"),
    ("submit", "counts.killed_hw.low", -1, "counts.killed_hw.low"),
    ("submit", "counts.killed_hw.low", 10**30, "counts.killed_hw.low"),
    ("submit", "counts.killed_hw.low", 2.5, "counts.killed_hw.low"),
    ("submit", "counts.killed_hw", {"low": 5, "high": 2}, "counts.killed_hw.high"),
    ("submit", "counts.killed_everyone", {"low": 1}, "counts.killed_everyone.[key]"),
    ("submit", "counts", [1, 2], "counts"),
    ("submit", "attack_types", ["bombing"], "attack_types.0"),
    ("submit", "attack_types", [], "attack_types"),
    ("submit", "attack_types", "heavy_weapons", "attack_types"),
    ("submit", "place", "SY99", "place"),
    ("submit", "place", "SY", "place"),
    ("submit", "language", "klingon", "language"),
    ("submit", "informant_name", "x" * 201, "informant_name"),
    ("submit", "narrativ", "typo in a field name", "narrativ"),
    ("create", "facilities", [999_999], "facilities.0"),
    ("create", "facilities", [10**30], "facilities.0"),
    ("create", "facilities", ["abc"], "facilities.0"),
    ("create", "exact_lat", 99.0, "exact_lat"),
    ("create", "exact_lat", 35.9, "exact_lat"),  # without its longitude
    ("create", "exact_lat", 10.0, "exact_lat"),
    ("create", "date_end", "2017-09-01", "date_end"),
    ("create", "time", "25:61", "time"),
    ("create", "certainty", "certain", "certainty"),
    ("create", "perpetrators", [{"category": "aliens", "source": 1}], "perpetrators.0.category"),
    (
        "create",
        "perpetrators",
        [{"category": "unknown", "source": 999_999}],
        "perpetrators.0.source",
    ),
    ("create", "interruption_until", "2017-01-01", "interruption_until"),
    ("create", "title", None, "title"),
    ("put", "version", DROP, "version"),
    ("put", "version", "abc", "version"),
    ("put", "version", 0, "version"),
    ("state", "state", "flying", "state"),
    ("state", "reason", "x" * 1001, "reason"),
    ("facility", "name_latin", "", "name_ar"),
    ("facility", "place", "SY", "place"),
    ("facility", "beds", "many", "beds"),
    ("facility", "aliases", [{"name": ""}], "aliases.0.name"),
    ("facility_patch", "facility_type", None, "facility_type"),
    ("facility_patch", "place", "SY99", "place"),
    ("facility_patch", "exact_lat", 10.0, "exact_lat"),
    ("status", "cause", "attacked", "cause"),
    ("status", "status", "exploded", "status"),
    ("status", "date", "2999-12-31", "date"),
    ("status", "report", 999_999, "report"),
    ("alias", "name", "M10", "name"),
    ("clearance", "cleared_by", "", "cleared_by"),
    ("clearance", "clearance", "maybe", "clearance"),
    ("source", "name", "white helmets", "name"),
    ("source", "url", "javascript:alert(1)", "url"),
    ("source_patch", "reliability", None, "reliability"),
    ("source_patch", "reliability", "Z", "reliability"),
    ("report", "source", 999_999, "source"),
    ("report", "corrects", 999_999, "corrects"),
    ("report", "published_on", "2017-02-30", "published_on"),
    ("figure", "quantity_high", 10, "quantity_high"),
    ("figure", "quote", "", "quote"),
    ("figure", "attributed_to", 999_999, "attributed_to"),
    ("figure", "incident", 999_999, "incident"),
    ("figure", "place", "NOPE", "place"),
    ("figure", "period_end", "2010-01-01", "period_end"),
]

# Other values a bad value needs to be bad (a date range needs its start).
ALSO = {
    ("create", "interruption_until", "2017-01-01"): {"interruption_from": "2017-09-20"},
    ("figure", "period_end", "2010-01-01"): {"period_start": "2011-01-01"},
}

ENDPOINTS = {
    "submit": ("POST", "/api/incidents/submit"),
    "create": ("POST", "/api/incidents"),
    "put": ("PUT", "/api/incidents/{incident_id}"),
    "state": ("POST", "/api/incidents/{incident_id}/state"),
    "facility": ("POST", "/api/facilities"),
    "facility_patch": ("PATCH", "/api/facilities/{facility_id}"),
    "status": ("POST", "/api/facilities/{facility_id}/statuses"),
    "alias": ("POST", "/api/facilities/{facility_id}/aliases"),
    "clearance": ("POST", "/api/people/{person_id}/clearance"),
    "source": ("POST", "/api/sources"),
    "source_patch": ("PATCH", "/api/sources/{source_id}"),
    "report": ("POST", "/api/reports"),
    "figure": ("POST", "/api/figures"),
}


@pytest.mark.parametrize(("endpoint", "field", "value", "error_field"), BAD_FIELDS)
def test_a_bad_value_is_a_422_naming_its_field_and_nothing_is_written(
    endpoint: str, field: str, value: Any, error_field: str, admin_client: Client, world: World
) -> None:
    method, path = ENDPOINTS[endpoint]
    body = _set(valid_writes(world)[(method, path)][0], field, value)
    body |= ALSO.get((endpoint, field, str(value)), {})
    before = row_counts()
    answer = send(admin_client, method, fill(path, world), body)
    assert answer.status_code == 422, answer.content[:500]
    errors = answer.json()["errors"]
    assert error_field in [e["field"] for e in errors], errors
    assert all(e["message"] for e in errors)
    assert row_counts() == before


def test_an_unknown_field_is_a_422_naming_it_on_every_write_endpoint(
    admin_client: Client, world: World
) -> None:
    """A misspelt field is never silently ignored (the value the caller meant would be lost)."""
    for (method, path), bodies in valid_writes(world).items():
        before = row_counts()
        answer = send(admin_client, method, fill(path, world), {**bodies[0], "unexpected_field": 1})
        assert answer.status_code == 422, (method, path, answer.content[:300])
        assert "unexpected_field" in [e["field"] for e in answer.json()["errors"]], (method, path)
        assert row_counts() == before


RAW_BODIES = [
    (b"", 422),
    (b"{not json", 400),
    (b"\xff\xfe\xfa not utf-8", 400),
    (b"[]", 422),
    (b'"text"', 422),
    (b"null", 422),
    (b"[" * 50_000, 400),
    (b'{"title": "\\ud800"}', 422),
    (json.dumps({"unexpected": 1}).encode(), 422),
]


@pytest.mark.parametrize(("raw", "status"), RAW_BODIES)
def test_an_unreadable_or_wrongly_shaped_body_is_refused_on_every_write_endpoint(
    raw: bytes, status: int, admin_client: Client, world: World
) -> None:
    for method, path in write_operations(admin_client):
        before = row_counts()
        answer = send(admin_client, method, fill(path, world), raw)
        assert answer.status_code == status, (method, path, answer.content[:300])
        assert set(answer.json()) == {"detail", "errors"}
        assert row_counts() == before


def test_a_body_over_the_size_limit_is_413_on_every_write_endpoint(
    admin_client: Client, world: World
) -> None:
    huge = b'{"title": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    for method, path in write_operations(admin_client):
        before = row_counts()
        answer = send(admin_client, method, fill(path, world), huge)
        assert answer.status_code == 413, (method, path, answer.content[:200])
        assert row_counts() == before


WEIRD_VALUES = [
    "",
    "abc",
    "2017-02-30",
    -1,
    0,
    10**30,
    1e308,
    "٣",
    "\x00",
    None,
    [],
    {},
    [None],
    "x" * 100_000,
    True,
]


def test_weird_values_in_every_field_of_every_write_endpoint_never_cause_a_server_error(
    admin_client: Client, world: World
) -> None:
    for (method, path), (body, _action) in valid_writes(world).items():
        for field in list(body):
            for value in WEIRD_VALUES:
                before = row_counts()
                answer = send(admin_client, method, fill(path, world), _set(body, field, value))
                assert answer.status_code in (200, 201, 409, 422), (
                    method,
                    path,
                    field,
                    value,
                    answer.content[:300],
                )
                if answer.status_code >= 400:
                    assert row_counts() == before, (method, path, field, value)


def test_arabic_indic_digits_are_accepted_where_numbers_and_dates_are_written_as_text(
    admin_client: Client,
) -> None:
    body = submission(date_start="٢٠١٧-٠٩-٢٠", counts={"killed_hw": {"low": "٣", "high": "٥"}})
    answer = send(admin_client, "post", "/api/incidents/submit", body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["date_start"] == "2017-09-20" and data["counts"]["killed_hw"] == {
        "low": 3,
        "high": 5,
    }


def test_a_writer_cannot_reference_what_they_may_not_see(world: World) -> None:
    """A documenter citing a report (via a facility status) they cannot see: 422 as if it did not exist."""
    client = api_client(world.personas["verifier"])
    answer = send(
        client,
        "post",
        f"/api/facilities/{world.facility.pk}/statuses",
        {"status": "non_functional", "date": "2017-10-02", "cause": "attacked", "report": 999_999},
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "report"


def test_writing_to_a_missing_record_is_404_and_writes_nothing(admin_client: Client) -> None:
    before = row_counts()
    answer = send(admin_client, "put", "/api/incidents/999999", full_incident(version=1))
    assert answer.status_code == 404 and row_counts() == before
