"""Bad input on reads: never a 500, always the API's error body, translated per Accept-Language.

Decisions tested here (documented in the OpenAPI description and ``api/types.py``):
Arabic-Indic digits are accepted where a number or a date is written as text; an empty
filter means no filter; a page past the end is 404; out-of-range ids are 422 in filters and
404 in paths; unknown p-codes and vocabulary codes are 422 naming the parameter.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from api_support import World, api_client, fill, operations

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=2017-02-30", "date_from"),
        ("date_to=yesterday", "date_to"),
        ("date_from=2017-9-1", "date_from"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page_size=1000", "page_size"),
        ("page_size=%D9%A3%D9%A0%D9%A0", "page_size"),
        ("source=abc", "source"),
        ("source=99999999999999999999999", "source"),
        ("facility=0", "facility"),
        ("place=NOPE", "place"),
        ("place=SY99", "place"),
        ("place=%00", "place"),
        ("attack_type=bombing", "attack_type"),
        ("certainty=CONFIRMED", "certainty"),
        ("state=deleted", "state"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_a_bad_filter_is_a_422_naming_the_parameter(
    query: str, field: str, world: World, clients: dict[str, Client]
) -> None:
    answer = clients["analyst"].get(f"/api/incidents?{query}")
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert set(body) == {"detail", "errors"} and field in [e["field"] for e in body["errors"]]


@pytest.mark.parametrize(
    "query",
    [
        "page=%D9%A1",
        "page_size=%D9%A2",
        "date_from=%D9%A2%D9%A0%D9%A1%D9%A7-%D9%A0%D9%A9-%D9%A0%D9%A1",
        "place=sy07",
        "certainty=&state=",
        "unknown_parameter=1",
    ],
)
def test_tolerated_forms_of_input_are_accepted(query: str, world: World) -> None:
    assert Client().get(f"/api/incidents?{query}").status_code == 200


WEIRD = [
    "",
    "abc",
    "2017-02-30",
    "-1",
    "0",
    "99999999999999999999999",
    "٣",
    "%00",
    "%FF%FE",
    "SY99",
    "x" * 5000,
    "1e400",
    "NaN",
    "[]",
    "' OR 1=1 --",
    "<script>",
    "%D8%A5%D8%AF%D9%84%D8%A8",
]


def test_weird_values_in_every_query_parameter_of_every_read_never_cause_a_server_error(
    world: World, clients: dict[str, Client]
) -> None:
    for role in ("anonymous", "verifier"):
        client = clients[role]
        for method, path, op in operations(client):
            if method != "GET":
                continue
            for parameter in (p["name"] for p in op.get("parameters", []) if p["in"] == "query"):
                for value in WEIRD:
                    url = (
                        f"{fill(path, world)}?{parameter}={value if '%' in value else quote(value)}"
                    )
                    answer = client.get(url)
                    assert answer.status_code in (200, 404, 422), (
                        role,
                        url[:120],
                        answer.content[:200],
                    )
                    assert "detail" in answer.json() or answer.status_code == 200


def test_bytes_that_are_not_utf8_in_a_query_string_are_not_a_server_error(
    world: World, clients: dict[str, Client]
) -> None:
    answer = clients["analyst"].get("/api/incidents", QUERY_STRING="q=%ff%fe%fd&place=%c3%28")
    assert answer.status_code in (200, 422)


@pytest.mark.parametrize(
    "path",
    [
        "/api/incidents/99999999999999999999999",
        "/api/incidents/abc",
        "/api/incidents/-1",
        "/api/nothing-here",
        "/api/places/NOPE",
        "/api/places/%00",
        "/api/docs/assets/../settings.py",
        "/api/docs/assets/redoc.standalone.js.map",
    ],
)
def test_unknown_paths_answer_404_with_the_api_body(path: str, db: Any) -> None:
    answer = Client().get(path)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found.", "errors": []}


def test_a_method_an_endpoint_does_not_have_is_405_with_the_api_body(db: Any) -> None:
    answer = Client().delete("/api/incidents")
    assert answer.status_code == 405
    assert set(answer.json()) == {"detail", "errors"} and "POST" in answer["Allow"]


def test_the_place_resolver_refuses_bad_parameters(db: Any) -> None:
    assert Client().get("/api/places/resolve").status_code == 422
    assert Client().get("/api/places/resolve?q=").status_code == 422
    assert (
        Client().get("/api/places/resolve?q=Idlib&within=XX99").json()["errors"][0]["field"]
        == "within"
    )
    assert (
        Client().get("/api/places/resolve?q=Idlib&level=9").json()["errors"][0]["field"] == "level"
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ar", "أدخل تاريخاً صحيحاً."),
        ("fr", "Saisissez une date valide."),
        ("en", "Enter a valid date."),
    ],
)
def test_field_errors_are_translated_per_accept_language(
    language: str, message: str, db: Any
) -> None:
    answer = Client(headers={"Accept-Language": language}).get(
        "/api/incidents?date_from=2017-02-30"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == message
    assert answer["Content-Language"] == language


def test_required_fields_are_named_in_the_callers_language(documenter: Any) -> None:
    client = api_client(documenter, **{"Accept-Language": "ar"})
    answer = client.post("/api/incidents/submit", {}, content_type="application/json")
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert errors["title"] == "هذا الحقل مطلوب."


@pytest.mark.parametrize(("language", "detail"), [("fr", "Introuvable."), ("en", "Not found.")])
def test_error_details_are_translated_too(language: str, detail: str, db: Any) -> None:
    answer = Client(headers={"Accept-Language": language}).get("/api/incidents/999999")
    assert answer.json()["detail"] == detail


def test_a_conflict_is_explained_in_the_callers_language(world: World) -> None:
    client = api_client(world.personas["verifier"], **{"Accept-Language": "ar"})
    answer = client.patch(
        f"/api/sources/{world.source.pk}",
        {"reliability": "A", "version": 9},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert (
        answer.json()["detail"] != answer.json()["detail"].encode("ascii", "ignore").decode()
    )  # Arabic text
