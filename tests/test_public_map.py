"""The dashboard's interactive map (issue 17.6): its data are the dashboard's own counts per area
at the public level, per year for the time slider, for the dashboard's filters; its boundaries stop
at the public level; a tile server is optional and only its origin is allowed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from tests.test_settings import carewatch

from conftest import place

pytestmark = pytest.mark.django_db

EXACT = (35.931337, 36.631337)


def map_json(language: str = "en", **params: Any) -> dict[str, Any]:
    client = Client()
    client.cookies["carewatch_language"] = language
    answer = client.get(reverse("dashboard-map"), params)
    assert answer.status_code == 200
    data: dict[str, Any] = answer.json()
    return data


@pytest.fixture
def attacks(make_incident: Any) -> list[Any]:
    """Verified attacks in two districts and two years, one not public, one with an exact point."""
    ariha, idleb = place("SY0705").pk, place("SY0700").pk
    return [
        make_incident(place_id=ariha, date_start=datetime.date(2016, 5, 1)),
        make_incident(
            place_id=ariha,
            date_start=datetime.date(2017, 2, 1),
            exact_lat=EXACT[0],
            exact_lon=EXACT[1],
        ),
        make_incident(
            place_id=idleb, date_start=datetime.date(2017, 3, 1), attack_types=["threat"]
        ),
        make_incident(place_id=idleb, date_start=datetime.date(2017, 4, 1), certainty="rumour"),
        make_incident(place_id=idleb, date_start=datetime.date(2017, 4, 2), state="submitted"),
    ]


def test_the_map_counts_public_attacks_per_district_and_year(attacks: list[Any]) -> None:
    data = map_json()
    incidents = data["counts"]["incidents"]
    assert data["level"] == 2 and data["years"] == ["2016", "2017"]
    assert incidents["all"] == {"SY0705": 2, "SY0700": 1}
    assert incidents["2016"] == {"SY0705": 1}
    assert incidents["2017"] == {"SY0705": 1, "SY0700": 1}
    ariha = next(a for a in data["areas"] if a["pcode"] == "SY0705")
    assert ariha["name"] == "Ariha" and ariha["governorate"] == "SY07"
    assert {g["pcode"] for g in data["governorates"]} >= {"SY07", "SY02"}
    assert [m["code"] for m in data["measures"]] == ["incidents", "killed_hw"]


def test_the_map_follows_the_dashboards_filters(attacks: list[Any]) -> None:
    data = map_json(attack_type="threat")
    assert data["counts"]["incidents"]["all"] == {"SY0700": 1}
    narrowed = map_json(date_from="2017-01-01", date_to="2017-02-28")
    assert narrowed["years"] == ["2017"]
    assert narrowed["counts"]["incidents"]["2017"] == {"SY0705": 1}


def test_the_map_holds_no_exact_point_and_nothing_finer_than_the_public_level(
    attacks: list[Any],
) -> None:
    text = json.dumps(map_json())
    assert str(EXACT[0])[:7] not in text and str(EXACT[1])[:7] not in text
    assert "SY070500" not in text  # sub-districts are internal
    client = Client()
    assert client.get(reverse("dashboard-boundaries", args=[2])).status_code == 200
    assert client.get(reverse("dashboard-boundaries", args=[1])).status_code == 200
    assert client.get(reverse("dashboard-boundaries", args=[3])).status_code == 404


@override_settings(CAREWATCH_PUBLIC_LOCATION_LEVEL=1)
def test_with_governorates_public_the_map_stops_at_governorates(attacks: list[Any]) -> None:
    data = map_json()
    assert data["level"] == 1
    assert data["counts"]["incidents"]["all"] == {"SY07": 3}
    assert Client().get(reverse("dashboard-boundaries", args=[2])).status_code == 404


def test_names_come_in_the_readers_language(attacks: list[Any]) -> None:
    data = map_json("ar")
    assert next(a for a in data["areas"] if a["pcode"] == "SY0705")["name"] == "أريحا"
    assert data["words"]["all"] == "كل السنوات"


def test_the_dashboard_carries_the_live_map_and_keeps_the_drawn_one(attacks: list[Any]) -> None:
    page = Client().get(reverse("dashboard"), {"attack_type": "threat"}).content.decode()
    assert 'class="live-map" hidden' in page
    assert 'data-map="/dashboard/map.json?attack_type=threat"' in page
    assert "vendor/leaflet/leaflet.js" in page and "carewatch/map.js" in page
    assert '<svg class="map"' in page  # without JavaScript
    assert "data-tiles" not in page
    csp = Client().get(reverse("dashboard"))["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp


@override_settings(
    CAREWATCH_MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    CAREWATCH_MAP_TILE_ATTRIBUTION="© Example tiles",
)
def test_a_tile_server_is_allowed_only_when_set() -> None:
    answer = Client().get(reverse("dashboard"))
    assert "img-src 'self' data: https://tiles.example.org;" in answer["Content-Security-Policy"]
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in answer.content.decode()


@pytest.mark.parametrize(
    "url", ["http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png"]
)
def test_a_tile_address_that_is_not_https_with_z_x_y_stops_the_start(
    tmp_path: Path, url: str
) -> None:
    result = carewatch(["check"], {"CAREWATCH_MAP_TILE_URL": url}, tmp_path)
    assert result.returncode != 0
    assert "CAREWATCH_MAP_TILE_URL" in result.stderr
