"""Places and facilities picked by typing, not scrolled (issue 17.5): the searches behind the
pickers, in Arabic and Latin script, and the forms that carry them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import idlib_district, place

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def found(client: Client, route: str, text: str, **headers: Any) -> list[dict[str, str]]:
    answer = client.get(reverse(route), {"q": text}, **headers)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    results: list[dict[str, str]] = answer.json()["results"]
    return results


def test_places_are_found_by_any_spelling_in_either_script(documenter: Any) -> None:
    from carewatch_core.geo.search import PlaceIndex

    client = signed_in(documenter)
    idleb = [str(place(p).pk) for p in ("SY07", "SY0700", "SY070000")]
    for text in ("Idleb", "إدلب", "idleb ", "Idlib", "ادلب"):
        hits = found(client, "place-search", text)
        assert [h["value"] for h in hits[:3]] == idleb, text
    first = found(client, "place-search", "Idleb")
    assert first[0]["detail"] == "Governorate"
    assert first[1]["detail"] == "District · Idleb"
    assert first[2]["detail"] == "Sub-district · Idleb › Idleb"
    # The beginning of a name, and a word inside it
    assert found(client, "place-search", "Idl")[0]["label"] == "Idleb"
    assert any("Nu'man" in h["label"] for h in found(client, "place-search", "Numan"))
    assert isinstance(PlaceIndex([]).search("x"), list)


def test_an_arabic_page_gets_arabic_names(documenter: Any) -> None:
    client = signed_in(documenter)
    client.cookies["carewatch_language"] = "ar"
    hits = found(client, "place-search", "Ariha")
    assert hits[0]["label"] == "أريحا"
    assert "إدلب" in hits[1]["detail"]


def test_nothing_typed_or_nonsense_finds_nothing(documenter: Any) -> None:
    client = signed_in(documenter)
    for text in ("", "   ", "-1", "zzzzqqqq", "x" * 5000, "'; DROP TABLE places_place; --"):
        assert found(client, "place-search", text) == [], text


def test_the_searches_are_for_staff(campaigner: Any) -> None:
    for route in ("place-search", "facility-search"):
        assert Client().get(reverse(route), {"q": "Idleb"}).status_code == 302
        assert signed_in(campaigner).get(reverse(route), {"q": "Idleb"}).status_code == 403


@pytest.fixture
def hospital(verifier: Any) -> Any:
    from carewatch.facilities.services import facility_create

    return facility_create(
        user=verifier,
        name_latin="Al-Awda Hospital",
        name_ar="مشفى العودة",
        facility_type="secondary",
        place=place("SY070500"),  # Ariha sub-district
        exact_lat=35.81234,
        exact_lon=36.60987,
        aliases=[("M2", "code_name")],
    )


def test_facilities_are_found_by_name_alias_and_place(documenter: Any, hospital: Any) -> None:
    client = signed_in(documenter)
    for text in ("Awda", "العودة", "m2", "Ariha", "أريحا", "Idleb"):
        hits = found(client, "facility-search", text)
        assert [h["value"] for h in hits] == [str(hospital.pk)], text
    [hit] = found(client, "facility-search", "M2")
    assert hit["label"] == "Al-Awda Hospital"
    assert "M2" in hit["detail"] and "Idleb › Ariha" in hit["detail"]
    assert "35.81234" not in repr(hit) and "36.60987" not in repr(hit)
    assert found(client, "facility-search", "Aleppo") == []


def test_the_forms_carry_the_pickers(verifier: Any, hospital: Any) -> None:
    client = signed_in(verifier)
    page = client.get(reverse("incident-create")).content.decode()
    assert f'data-picker="{reverse("place-search")}"' in page
    assert f'data-picker="{reverse("facility-search")}"' in page
    assert "picker.js" in page
    # Without JavaScript the lists still hold every place, so the form still works.
    assert f'<option value="{idlib_district().pk}">' in page


def test_a_point_is_picked_on_a_map_and_typed_points_are_checked_against_the_place(
    verifier: Any,
) -> None:
    from carewatch.facilities.models import Facility
    from carewatch.incidents.forms import IncidentForm, point_in_place
    from carewatch.sources.models import Source

    client = signed_in(verifier)
    page = client.get(reverse("incident-create")).content.decode()
    assert 'data-point-picker="/dashboard/boundaries/2.geojson"' in page
    assert "carewatch/pointpicker.js" in page and "vendor/leaflet/leaflet.js" in page
    facility_page = client.get(reverse("facility-create")).content.decode()
    assert "data-point-picker=" in facility_page
    ariha = place("SY070500")
    assert point_in_place(ariha, 35.81, 36.61)
    assert not point_in_place(ariha, 36.20, 37.15)  # Aleppo city
    form = IncidentForm(
        {
            "title": "x",
            "date_start": "2017-09-19",
            "date_precision": "1",
            "place": ariha.pk,
            "attack_types": ["heavy_weapons"],
            "exact_lat": "36.20",
            "exact_lon": "37.15",
        },
        facilities=Facility.objects.none(),
        sources=Source.objects.none(),
        editing=False,
    )
    assert not form.is_valid()
    assert "This point is outside \u2068Ariha\u2069: check the coordinates or the place." in str(
        form.errors["exact_lat"]
    )


def test_a_large_registry_is_searched_not_listed_whole(verifier: Any) -> None:
    """Above FULL_LIST_LIMIT facilities the pickers' lists hold only what is chosen (the rest is
    found by searching): the incident list no longer renders the whole registry on every page."""
    from tests.conftest import idlib_district

    from carewatch.facilities.models import Facility
    from carewatch.places.fields import FULL_LIST_LIMIT

    place = idlib_district()
    Facility.objects.bulk_create(
        Facility(name_latin=f"Bench Clinic {n}", facility_type="primary", place=place)
        for n in range(FULL_LIST_LIMIT + 5)
    )
    chosen = Facility.objects.order_by("-pk").first()
    client = signed_in(verifier)
    page = client.get(reverse("incident-list"), {"facility": chosen.pk}).content.decode()
    select = re.search(r'<select name="facility".*?</select>', page, re.S).group(0)
    assert 'data-picker="/facilities/search/"' in select
    assert re.findall(r"<option", select) == ["<option", "<option"]  # "Any" and the chosen one
    assert f'value="{chosen.pk}" selected' in select and "Bench Clinic 1<" not in select
    form = client.get(reverse("incident-create")).content.decode()
    multiple = re.search(r'<select name="facilities".*?</select>', form, re.S).group(0)
    assert "<option" not in multiple
