"""The API answers as its OpenAPI document says (issue 16.12): schemathesis over every operation.

Schemathesis generates requests from ``/api/openapi.json`` — valid ones, and ones the schema
forbids — and sends them in-process (WSGI) to the API, as the public and as a verifier with a
token, over a seeded world. Every answer must be a documented status with a documented body
and content type; no 5xx; a request the schema forbids must not be accepted. Bounded: a few
examples per operation and mode (about a minute in all).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api_support import World

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 6


def operations() -> list[tuple[str, GenerationMode]]:
    """Each operation with valid requests; and with invalid ones where it takes a body or a query
    (an operation with nothing to get wrong, or only a path, has no invalid request to make)."""
    from carewatch.api.main import api

    found = []
    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            label = f"{method.upper()} {path}"
            found.append((label, GenerationMode.POSITIVE))
            takes = "requestBody" in operation or any(
                p["in"] == "query" for p in operation.get("parameters", [])
            )
            if takes:
                found.append((label, GenerationMode.NEGATIVE))
    return found


@pytest.fixture
def api_schema(world: World) -> Iterator[Any]:
    """The document, with the API called in-process. Django's WSGI handler closes the database
    connection when a request starts and finishes; the test's transaction lives on that
    connection, so (as Django's own test client does) that hook is off while the test runs."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def verifier_headers(world: World) -> dict[str, str]:
    from carewatch.accounts.services import api_token_create

    _token, key = api_token_create(user=world.personas["verifier"], label="conformance")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    ("label", "mode"), operations(), ids=lambda v: v.value if isinstance(v, GenerationMode) else v
)
def test_every_answer_is_one_the_document_lists(
    label: str, mode: GenerationMode, api_schema: Any, verifier_headers: dict[str, str]
) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)
        case.call_and_validate(headers=verifier_headers, checks=CHECKS)

    check()
