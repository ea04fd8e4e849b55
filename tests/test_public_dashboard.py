"""The public dashboard: headline figures with sources and certainty, monthly charts with named
periods, the district map with generalised points only, filters, text alternatives, AR/FR/EN."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db

EXACT_LAT, EXACT_LON = 35.931337, 36.631337
FACILITY_LAT, FACILITY_LON = 35.812468, 36.690124


def _page(language: str = "en", **params: Any) -> str:
    client = Client()
    client.cookies["carewatch_language"] = language
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    return response.content.decode()


def _coordinate(value: float) -> re.Pattern[str]:
    whole, fraction = f"{value:.6f}".split(".")
    return re.compile(re.escape(whole) + r"\s*[.,\u066B]\s*" + fraction[:3])


def test_headline_figures_count_verified_probable_or_confirmed_attacks(make_incident: Any) -> None:
    make_incident(certainty="confirmed", counts={"killed_hw": Count(2)})
    make_incident(certainty="probable", counts={"killed_hw": Count(1, 3)})
    make_incident(certainty="possible", counts={"killed_hw": Count(50)})
    make_incident(state="submitted", counts={"killed_hw": Count(70)})
    page = _page()
    cards = re.findall(r'<p class="headline">(.*?)</p>\s*<p><strong>(.*?)</strong>', page, re.S)
    values = {label: re.sub(r"<[^>]+>", "", value).strip() for value, label in cards}
    assert values["Attacks on health care"] == "2"
    assert values["Health workers killed"] == "3–5"
    assert values["Patients killed"] == "unknown"
    assert "Verified incidents whose certainty is: Probable, Confirmed." in page


def test_every_figure_points_to_its_sources(make_incident: Any, verifier: Any) -> None:
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create, source_create

    incident = make_incident()
    for name, kind in (("CANARY-WITNESS-NAME", "eyewitness"), ("Relief NGO", "ngo")):
        report = report_create(
            user=verifier,
            source=source_create(user=verifier, name=name, source_type=kind),
            kind="statement",
            language="en",
            original_text="...",
        )
        incident_record_create(user=verifier, report=report, incident=incident, fields={})
    page = _page()
    assert page.count('href="#figure-sources">2 sources</a>') == 8
    sources = re.search(r'id="figure-sources">(.*?)</p>', page, re.S).group(1)
    assert "Relief NGO" in sources and "Eyewitness" in sources
    assert "CANARY-WITNESS-NAME" not in page


def test_the_monthly_charts_have_named_periods_and_a_table(make_incident: Any) -> None:
    make_incident(date_start=datetime.date(2017, 4, 20), counts={"killed_hw": Count(2)})
    make_incident(date_start=datetime.date(2017, 9, 20))
    page = _page()
    assert page.count('<svg class="chart"') == 2
    assert page.count('class="bar"') == 2 * 6  # April to September 2017, the empty months drawn too
    assert (
        "Astana memorandum on de-escalation zones" in page
        and "Idlib de-escalation zone agreed" in page
    )
    assert page.count('class="mark"') == 4  # two agreements inside the period, on each chart
    table = re.search(r"<details class=\"alt\">.*?</details>", page, re.S).group(0)
    assert "April 2017" in table and "September 2017" in table


def test_before_and_after_each_named_period_with_a_rate_ratio(make_incident: Any) -> None:
    for day in (1, 2, 3):
        make_incident(date_start=datetime.date(2017, 5, day + 10))
    make_incident(date_start=datetime.date(2017, 3, 1))
    page = _page()
    assert "3 attacks in the 90 days from this date, against 1 in the 90 days before." in page
    assert "Rate ratio \u20663.00\u2069 (95% confidence interval \u20660.24–157.49\u2069)" in page


def test_the_map_shades_districts_and_puts_points_at_district_centres_only(
    make_incident: Any, verifier: Any
) -> None:
    from tests.conftest import idlib_district

    from carewatch.facilities.services import facility_create, facility_status_add
    from carewatch_core.geo.svgmap import country_map

    hospital = facility_create(
        user=verifier,
        name_latin="Hospital",
        facility_type="secondary",
        place=idlib_district(),
        exact_lat=FACILITY_LAT,
        exact_lon=FACILITY_LON,
    )
    facility_status_add(
        facility=hospital, user=verifier, status="functional", date=datetime.date(2017, 9, 1)
    )
    make_incident(exact_lat=EXACT_LAT, exact_lon=EXACT_LON, facility_ids=[hospital.pk])
    page = _page()
    for value in (EXACT_LAT, EXACT_LON, FACILITY_LAT, FACILITY_LON):
        assert not _coordinate(value).search(page)
    shape = next(s for s in country_map("SY", 2).shapes if s.pcode == idlib_district().pcode)
    circles = re.findall(r'<circle class="dot" cx="([\d.]+)" cy="([\d.]+)"', page)
    assert circles == [(f"{shape.x:g}", f"{shape.y:g}")]
    assert re.search(r'<path class="area q5" d="[^"]+"><title>Idleb: 1</title>', page)
    assert page.count('<path class="area') == 62


def test_filters_narrow_every_figure_and_a_bad_filter_is_reported(make_incident: Any) -> None:
    from carewatch.places.models import Place

    make_incident(attack_types=["heavy_weapons"])
    make_incident(attack_types=["obstruction"])
    page = _page(attack_type="obstruction")
    assert re.search(
        r'<p class="headline"><bdi dir="ltr">1</bdi></p>\s*<p><strong>Attacks on health care', page
    )
    aleppo = Place.objects.get(level=1, name_en="Aleppo")
    assert re.search(
        r'<p class="headline"><bdi dir="ltr">0</bdi></p>\s*<p><strong>Attacks on health care',
        _page(governorate=aleppo.pk),
    )
    bad = _page(governorate="999999", date_from="2018-01-01", date_to="2017-01-01")
    assert (
        "Choose a governorate from the list." in bad
        and "The end date is before the start date." in bad
    )
    assert re.search(r'<p class="headline"><bdi dir="ltr">2</bdi></p>', bad)


def test_a_change_shows_at_once(make_incident: Any, verifier: Any) -> None:
    from carewatch.incidents.services import incident_set_state

    incident = make_incident()
    assert re.search(r'<p class="headline"><bdi dir="ltr">1</bdi></p>', _page())
    incident_set_state(
        incident=incident, user=verifier, state="under_review", expected_version=incident.version
    )
    assert re.search(r'<p class="headline"><bdi dir="ltr">0</bdi></p>', _page())


def test_the_dashboard_speaks_arabic_right_to_left_and_french(make_incident: Any) -> None:
    from tests.conftest import idlib_district

    make_incident()
    arabic = _page("ar")
    assert 'dir="rtl"' in arabic and f"<title>{idlib_district().name_ar}: 1</title>" in arabic
    assert "مذكرة أستانا حول مناطق خفض التصعيد" in arabic
    assert "Mémorandum d'Astana" in _page("fr").replace("&#x27;", "'")


def test_signed_in_staff_see_the_same_public_figures(make_incident: Any, verifier: Any) -> None:
    make_incident(certainty="possible")
    client = Client()
    client.force_login(verifier)
    page = client.get(reverse("dashboard")).content.decode()
    assert re.search(
        r'<p class="headline"><bdi dir="ltr">0</bdi></p>\s*<p><strong>Attacks on health care', page
    )


def test_a_cached_page_carries_each_visitors_own_working_csrf_token(make_incident: Any) -> None:
    make_incident()
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        page = client.get(reverse("dashboard")).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert "placeholder" not in token
        tokens.append(token)
        answer = client.post(
            reverse("set_language"),
            {"language": "ar", "next": "/dashboard/", "csrfmiddlewaretoken": token},
        )
        assert answer.status_code == 302
    assert tokens[0] != tokens[1]


def test_the_worst_months_of_each_year_name_ties(make_incident: Any) -> None:
    for day in (3, 9):
        make_incident(date_start=datetime.date(2017, 9, day), counts={"killed_others": Count(2)})
    make_incident(date_start=datetime.date(2017, 3, 5), counts={"killed_others": Count(4)})
    page = _page()
    assert (
        "2017 · most attacks: September 2017 (2) · deadliest month: tied: March 2017, September 2017 (4 killed)"
        in page
    )
