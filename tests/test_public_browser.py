"""The public pages in a real browser, in English and Arabic: the dashboard (figures, charts with
their tables, the map, filters), In memoriam (search in both scripts), the methodology — and
no uncleared name nor exact location of a functioning facility on any public page.

Uses the demo site of ``test_browser`` (``carewatch demo`` then ``carewatch serve``). Set
``CAREWATCH_SCREENSHOTS=/some/folder`` to keep full-page screenshots.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import needs
from tests.test_browser import CHROMIUM, Site, browser, new_page, shot, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PUBLIC_PATHS = (
    "/",
    "/dashboard/",
    "/in-memoriam/",
    "/methodology/",
    "/open-data/",
    "/press/",
    "/press/bulletins/2017-09/",
    "/press/bulletins/press-2017-10-17/",
)


@pytest.fixture
def public(request: pytest.FixtureRequest) -> tuple[Site, Any]:
    if not Path(CHROMIUM).exists():
        needs(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    return request.getfixturevalue("site"), request.getfixturevalue("new_page")


def _in(page: Any, demo: Site, path: str, language: str) -> None:
    page.context.add_cookies([{"name": "carewatch_language", "value": language, "url": demo.url}])
    page.goto(demo.url + path)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_dashboard_shows_figures_charts_with_tables_and_the_map(
    public: tuple[Site, Any], language: str
) -> None:
    from playwright.sync_api import expect

    demo, open_page = public
    page = open_page()
    _in(page, demo, "/dashboard/", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert page.locator(".figure-card").count() == 8
    assert (
        page.locator("svg.chart").count() == 2 and page.locator("svg.chart rect.bar").count() > 20
    )
    assert (
        page.locator("svg.map path.area").count() == 62
        and page.locator("svg.map circle.dot").count() > 3
    )
    assert (
        page.locator("svg.chart").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    )  # time runs left to right
    table = page.locator("details.alt").first
    expect(table.locator("table")).to_be_hidden()
    table.locator("summary").click()
    expect(table.locator("table tbody tr").first).to_be_visible()
    # The drawn map gives way to the interactive one (test_public_map_browser.py) once it loads.
    live = page.locator(".live-map")
    expect(live).to_be_visible()
    expect(page.locator(".map-static")).to_be_hidden()
    box = live.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 250
    shot(page, f"public-dashboard-{language}")


def test_the_dashboard_filters_by_governorate(public: tuple[Site, Any]) -> None:
    demo, open_page = public
    page = open_page()
    _in(page, demo, "/dashboard/", "en")
    total = int(page.locator(".figure-card .headline").first.inner_text().replace(",", ""))
    page.locator("#id_governorate").select_option(label="Idleb")
    page.locator("form.dash-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"governorate="))
    idlib = int(page.locator(".figure-card .headline").first.inner_text().replace(",", ""))
    assert 0 < idlib < total
    assert page.locator("#id_governorate option:checked").inner_text() == "Idleb"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_in_memoriam_lists_cleared_names_and_searches_both_scripts(
    public: tuple[Site, Any], language: str
) -> None:
    from playwright.sync_api import expect

    demo, open_page = public
    cleared = demo.query(
        "SELECT p.name_ar, p.name_latin FROM people_person p JOIN people_personfate f ON f.person_id = p.id "
        "WHERE p.memorial_clearance != 'not_cleared' AND p.profession != 'not_health_worker' AND f.fate = 'killed' "
        "ORDER BY p.id LIMIT 1"
    )
    assert cleared, "the demo has no cleared name to show"
    name_ar, name_latin = cleared[0]
    page = open_page()
    _in(page, demo, "/in-memoriam/", language)
    count = page.locator("ol.roll li.name-card").count()
    assert count > 1
    page.locator("#id_q").fill(name_ar if language == "ar" else name_latin)
    page.locator("#id_q").press("Enter")
    expect(page.locator("ol.roll")).to_contain_text(name_latin)
    expect(page.locator("ol.roll li.name-card")).not_to_have_count(count)  # htmx replaced the rows
    assert page.locator("ol.roll li.name-card").count() < count
    shot(page, f"public-memorial-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_methodology_page(public: tuple[Site, Any], language: str) -> None:
    demo, open_page = public
    page = open_page()
    _in(page, demo, "/methodology/", language)
    assert page.locator("article.prose h2").count() == 8
    shot(page, f"public-methodology-{language}")


def test_no_uncleared_name_nor_exact_facility_location_reaches_a_public_page(
    public: tuple[Site, Any],
) -> None:
    demo, open_page = public
    uncleared = [
        n
        for row in demo.query(
            "SELECT name_ar, name_latin FROM people_person WHERE memorial_clearance = 'not_cleared'"
        )
        for n in row
        if n
    ]
    points = demo.query(
        "SELECT exact_lat, exact_lon FROM facilities_facility WHERE exact_lat IS NOT NULL"
    )
    incident_points = demo.query(
        "SELECT exact_lat, exact_lon FROM incidents_incident WHERE exact_lat IS NOT NULL"
    )
    assert uncleared and points, (
        "the demo must hold uncleared names and exact points for this check to mean anything"
    )
    patterns = [
        re.compile(re.escape(f"{v:.6f}"[:-3]).replace(r"\.", r"[.,\u066B]"))
        for row in points + incident_points
        for v in row
    ]
    page = open_page()
    for language in ("en", "ar"):
        for path in PUBLIC_PATHS:
            _in(page, demo, path, language)
            # The maps' path data are the gazetteer's boundaries in whole map units ("L41,232" is
            # an x,y pair, not a coordinate); everything else on the page is searched.
            text = re.sub(r'\sd="[^"]*"', "", page.content())
            leaked = [n for n in uncleared if n in text] + [
                p.pattern for p in patterns if p.search(text)
            ]
            assert not leaked, f"{path} ({language}) shows {leaked[:5]}"
