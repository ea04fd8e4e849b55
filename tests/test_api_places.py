"""The gazetteer and place resolution through the API (public information)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_governorates_are_listed_with_their_names_in_both_scripts(db: Any) -> None:
    page = Client().get("/api/places?level=1").json()
    assert page["count"] == 14
    idlib = next(p for p in page["results"] if p["pcode"] == "SY07")
    assert (
        idlib["name_en"] == "Idleb"
        and idlib["name_ar"] == "إدلب"
        and idlib["parent"]["pcode"] == "SY"
    )


def test_places_under_a_parent_and_by_name(db: Any) -> None:
    districts = Client().get("/api/places?parent=SY07").json()["results"]
    assert districts and {p["level"] for p in districts} == {2}
    assert "SY07" in [
        p["pcode"] for p in Client().get(f"/api/places?q={quote('إدلب')}&level=1").json()["results"]
    ]
    assert Client().get("/api/places?parent=NOPE").status_code == 422


def test_a_place_detail_lists_its_children_and_aliases(db: Any) -> None:
    detail = Client().get("/api/places/sy07").json()
    assert detail["pcode"] == "SY07"
    assert all(child["level"] == 2 for child in detail["children"])
    assert "Idlib" in detail["aliases"]


@pytest.mark.parametrize(
    ("text", "pcode"), [("Idlib", "SY07"), ("إدلب", "SY07"), ("Aleppo", "SY02"), ("Idlibb", "SY07")]
)
def test_place_names_resolve_to_p_codes_in_any_script(text: str, pcode: str) -> None:
    answer = Client().get(f"/api/places/resolve?q={quote(text)}").json()
    assert answer["query"] == text
    assert answer["match"]["pcode"] == pcode and answer["match"]["place"]["pcode"] == pcode


def test_resolution_can_be_limited_to_a_level_and_a_parent(db: Any) -> None:
    answer = Client().get("/api/places/resolve?q=Idlib&level=2&within=SY07").json()
    assert answer["match"]["level"] == 2 and answer["match"]["pcode"].startswith("SY07")


def test_a_name_that_matches_nothing_resolves_to_null(db: Any) -> None:
    assert Client().get("/api/places/resolve?q=Atlantis%20Springs").json()["match"] is None
