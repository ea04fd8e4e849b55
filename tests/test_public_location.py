"""Safe locations (S2): public outputs name a place no finer than the level the administrator
chose (district by default, governorate if set); sub-districts and exact points never."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from tests.api_support import api_client

from carewatch.places.models import Place
from carewatch.places.selectors import public_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_district() -> Place:
    return (
        Place.objects.filter(level=3, parent__parent__name_en="Idleb")
        .exclude(name_en="Idleb")
        .order_by("pcode")
        .first()
    )


@pytest.fixture
def incident(make_incident: Any, sub_district: Place) -> Any:
    return make_incident(place_id=sub_district.pk, exact_lat=35.9312, exact_lon=36.6335)


def public_row(incident: Any) -> dict[str, Any]:
    return api_client().get(f"/api/incidents/{incident.pk}").json()


def test_by_default_the_public_sees_the_district(incident: Any, sub_district: Place) -> None:
    row = public_row(incident)
    assert row["public_location"]["pcode"] == sub_district.parent.pcode
    assert row["public_location"]["level"] == 2
    text = str(row)
    assert sub_district.pcode not in text and sub_district.name_en not in text
    assert "35.93" not in text and "36.63" not in text


@override_settings(CAREWATCH_PUBLIC_LOCATION_LEVEL=1)
def test_an_administrator_may_publish_governorates_only(incident: Any, sub_district: Place) -> None:
    row = public_row(incident)
    governorate = sub_district.parent.parent
    assert row["public_location"]["pcode"] == governorate.pcode
    assert sub_district.parent.pcode not in str(row)


def test_a_place_already_coarser_than_the_level_is_kept(make_incident: Any) -> None:
    governorate = Place.objects.get(level=1, name_en="Idleb")
    assert public_place(governorate) == governorate
    incident = make_incident(place_id=governorate.pk)
    assert public_row(incident)["public_location"]["pcode"] == governorate.pcode


def test_staff_still_see_the_place_as_recorded(
    incident: Any, sub_district: Place, analyst: Any
) -> None:
    row = api_client(analyst).get(f"/api/incidents/{incident.pk}").json()
    assert row["place"]["pcode"] == sub_district.pcode
    assert row["public_location"]["pcode"] == sub_district.parent.pcode


@pytest.mark.parametrize("level", ["3", "0", "district"])
def test_levels_finer_than_the_district_are_refused_at_start(tmp_path: Path, level: str) -> None:
    from tests.test_settings import carewatch

    result = carewatch(["check"], {"CAREWATCH_PUBLIC_LOCATION_LEVEL": level}, tmp_path)
    assert result.returncode != 0
    assert "CAREWATCH_PUBLIC_LOCATION_LEVEL" in result.stderr
