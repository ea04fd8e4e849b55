"""In memoriam: the public roll of health workers killed — cleared names only, profession, date,
generalised place, organisation; search in both scripts and filters."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _person(
    verifier: Any,
    *,
    cleared: bool = True,
    fate: str = "killed",
    profession: str = "nurse",
    date: datetime.date = datetime.date(2017, 9, 19),
    place: Any = None,
    **names: Any,
) -> Any:
    from carewatch.people.services import person_create, person_fate_add, person_set_clearance

    person = person_create(user=verifier, profession=profession, **names)
    if cleared:
        person = person_set_clearance(
            person=person,
            user=verifier,
            clearance="cleared",
            cleared_by="Family",
            expected_version=person.version,
        )
    person_fate_add(person=person, user=verifier, fate=fate, date=date, place=place)
    return person


def _roll(language: str = "en", htmx: bool = False, **params: Any) -> str:
    client = Client()
    client.cookies["carewatch_language"] = language
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(reverse("memorial"), params, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_only_cleared_names_of_health_workers_killed_are_shown(verifier: Any) -> None:
    _person(verifier, name_latin="Rami al-Khatib", name_ar="رامي الخطيب", affiliation="Relief NGO")
    _person(verifier, cleared=False, name_latin="CANARY-UNCLEARED-NAME")
    _person(verifier, fate="injured", name_latin="CANARY-INJURED-NAME")
    _person(verifier, profession="not_health_worker", name_latin="CANARY-NOT-HEALTH-WORKER")
    page = _roll()
    assert (
        "Rami al-Khatib" in page
        and "رامي الخطيب" in page
        and "Relief NGO" in page
        and "Nurse" in page
    )
    assert "2017-09-19" in page
    assert "CANARY" not in page
    assert "1 name is published here." in page


def test_the_place_of_death_is_generalised_to_the_district(verifier: Any) -> None:
    from django.db.models import F

    from carewatch.places.models import Place

    # A sub-district not named like its district (otherwise the check below would prove nothing).
    sub_district = (
        Place.objects.filter(level=3, parent__level=2).exclude(name_en=F("parent__name_en")).first()
    )
    _person(verifier, name_latin="Salma Haddad", place=sub_district)
    page = _roll()
    assert sub_district.parent.name_en in page
    assert f">{sub_district.name_en}<" not in page and f"· {sub_district.name_en}<" not in page


def test_search_in_arabic_and_latin_script_with_loose_spelling(verifier: Any) -> None:
    _person(verifier, name_latin="Mohammad al-Halabi", name_ar="محمد الحلبي")
    _person(verifier, name_latin="Fatima Darwish", name_ar="فاطمة درويش")
    assert "Mohammad al-Halabi" in _roll(q="Muhammad Halabi") and "Fatima" not in _roll(
        q="Muhammad Halabi"
    )
    arabic = _roll(q="فاطمه", htmx=True)
    assert "Fatima Darwish" in arabic and "Halabi" not in arabic and "<html" not in arabic


def test_filters_by_profession_year_and_governorate(verifier: Any) -> None:
    from tests.conftest import idlib_district

    from carewatch.places.models import Place

    _person(
        verifier,
        name_latin="Doctor Idlib",
        profession="doctor",
        place=idlib_district(),
        date=datetime.date(2016, 5, 2),
    )
    _person(verifier, name_latin="Nurse Aleppo", place=Place.objects.get(level=1, name_en="Aleppo"))
    assert "Nurse Aleppo" not in _roll(profession="doctor") and "Doctor Idlib" in _roll(
        profession="doctor"
    )
    assert "Doctor Idlib" in _roll(year="2016") and "Nurse Aleppo" not in _roll(year="2016")
    idlib = Place.objects.get(level=1, name_en="Idleb")
    assert "Doctor Idlib" in _roll(governorate=idlib.pk) and "Nurse Aleppo" not in _roll(
        governorate=idlib.pk
    )


def test_a_bad_filter_is_reported_and_every_name_shown(verifier: Any) -> None:
    _person(verifier, name_latin="Rami al-Khatib")
    page = _roll(year="1066", governorate="x")
    assert "Some filters are not valid" in page and "Rami al-Khatib" in page


def test_the_roll_in_arabic(verifier: Any) -> None:
    _person(verifier, name_latin="Rami al-Khatib", name_ar="رامي الخطيب")
    page = _roll("ar")
    assert 'dir="rtl"' in page and 'lang="ar" dir="rtl">رامي الخطيب' in page
