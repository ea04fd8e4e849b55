"""The OpenAPI document and the interactive docs, which must work offline (no CDN)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_the_api_and_its_token_authentication(db: Any) -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "CareWatch API"
    assert schema["components"]["securitySchemes"]["ApiAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert {
        "/api/incidents",
        "/api/facilities",
        "/api/people",
        "/api/sources",
        "/api/reports",
        "/api/figures",
        "/api/places",
        "/api/places/resolve",
    } <= set(schema["paths"])


def test_every_output_field_says_its_sensitivity_class(db: Any) -> None:
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    narrative = schemas["IncidentDetail"]["properties"]["narrative"]["description"]
    assert narrative.startswith("Internal")
    assert "Restricted" in schemas["FacilityDetail"]["properties"]["exact_lat"]["description"]
    assert schemas["Incident"]["properties"]["certainty"]["description"] == "Public."


def test_the_docs_page_references_no_external_url(db: Any) -> None:
    answer = Client().get("/api/docs")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert not re.search(r"(src|href)=\"(https?:)?//", page), page
    assert not re.search(
        r"jsdelivr|unpkg|cdnjs|cdn\.", page
    )  # (not bare "cdn": the random CSRF token may hold it)
    assert '"validatorUrl": null' in page  # no badge fetched from validator.swagger.io
    assert "'unsafe-inline'" in answer["Content-Security-Policy"]


def test_the_docs_assets_are_served_by_the_api_itself(db: Any) -> None:
    page = Client().get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="(/api/docs/assets/[^"]+)"', page)
    assert len(assets) == 4
    for url in assets:
        answer = Client().get(url)
        assert answer.status_code == 200, url
        assert answer["Content-Type"].split(";")[0] in {
            "text/css",
            "text/javascript",
            "application/javascript",
            "image/svg+xml",
        }
        assert b"".join(answer.streaming_content)


def test_the_rest_of_the_site_keeps_its_strict_policy(db: Any) -> None:
    answer = Client().get("/api/openapi.json")
    assert "'unsafe-inline'" not in answer["Content-Security-Policy"]


def test_the_api_root_points_to_its_docs_and_schema(db: Any) -> None:
    index = Client().get("/api/").json()
    assert index["docs"].endswith("/api/docs") and index["openapi"].endswith("/api/openapi.json")
