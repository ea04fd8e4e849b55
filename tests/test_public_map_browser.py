"""The dashboard's interactive map in a real browser (issue 17.6): on a 390 px phone, the time
slider moved by touch-free keys, an area tapped for its name and count, zooming in spreading the
governorates' circles into districts; in Arabic and French. Outside CI it skips without Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import needs
from tests.test_browser import (  # noqa: F401  (browser, new_page, site: fixtures)
    CHROMIUM,
    PHONE,
    Site,
    assert_fits,
    browser,
    new_page,
    shot,
    site,
)
from tests.test_public_browser import _in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(request: pytest.FixtureRequest) -> tuple[Site, Any]:
    if not Path(CHROMIUM).exists():
        needs(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    return request.getfixturevalue("site"), request.getfixturevalue("new_page")


def dots(page: Any) -> int:
    count: int = page.locator(".live-map path.dot").count()
    return count


def test_the_map_moves_through_the_years_on_a_phone(demo_site: tuple[Site, Any]) -> None:
    from playwright.sync_api import expect

    demo, open_page = demo_site
    page = open_page(PHONE)
    _in(page, demo, "/dashboard/", "en")
    live = page.locator(".live-map")
    expect(live).to_be_visible()
    expect(page.locator(".map-static")).to_be_hidden()
    expect(live.locator("path.area").first).to_be_visible()
    expect(page.locator(".map-legend li").first).to_be_visible()
    expect(live.locator(".map-label").first).to_be_visible()  # governorates named without hovering
    slider = page.locator("#map-year")
    expect(page.locator("output.map-year")).to_have_text("All years")
    gathered = dots(page)
    assert gathered > 0
    live.scroll_into_view_if_needed()
    shot(page, "en-dashboard-map-phone")
    assert_fits(page)

    years = [
        str(y)
        for (y,) in demo.query(
            "SELECT DISTINCT strftime('%Y', date_start) FROM incidents_incident "
            "WHERE state = 'verified' AND certainty IN ('probable', 'confirmed') ORDER BY 1"
        )
    ]
    slider.focus()
    slider.press("ArrowRight")
    expect(page.locator("output.map-year")).to_have_text(years[0])
    assert slider.get_attribute("aria-valuetext") == years[0]
    slider.press("End")
    expect(page.locator("output.map-year")).to_have_text(years[-1])
    shot(page, "en-dashboard-map-phone-last-year")

    slider.press("Home")
    shaded = live.locator("path.area:not(.q0)").first
    shaded.dispatch_event("click")
    expect(live.locator(".leaflet-popup-content")).to_be_visible()
    expect(live.locator(".leaflet-popup-content strong")).not_to_be_empty()

    public = "state = 'verified' AND certainty IN ('probable', 'confirmed')"
    [(governorates, districts)] = demo.query(
        "SELECT count(DISTINCT governorate_id), count(DISTINCT district_id) "  # noqa: S608 - a constant
        f"FROM incidents_incident WHERE {public}"
    )
    assert gathered == governorates  # zoomed out: one circle per governorate
    # Zooming in spreads them into districts. Leaflet ignores a click during the zoom's
    # animation, so each click is given time; at most six.
    for _ in range(6):
        if dots(page) == districts:
            break
        live.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)
    shot(page, "en-dashboard-map-phone-zoomed")
    expect(page.locator(".live-map path.dot")).to_have_count(districts)


def test_the_map_speaks_arabic_and_french(demo_site: tuple[Site, Any]) -> None:
    from playwright.sync_api import expect

    demo, open_page = demo_site
    page = open_page()
    for language, everything in (("ar", "كل السنوات"), ("fr", "Toutes les années")):
        _in(page, demo, "/dashboard/", language)
        expect(page.locator("output.map-year")).to_have_text(everything)
        label = page.locator(".live-map .map-label").first
        expect(label).to_be_visible()
        if language == "ar":
            names = page.locator(".live-map .map-label").all_inner_texts()
            assert any("حلب" in n for n in names), names
        page.locator(".live-map").scroll_into_view_if_needed()
        shot(page, f"{language}-dashboard-map")
