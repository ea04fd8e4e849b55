"""Places and facilities picked by typing in a real browser (issue 17.5): "Idleb" and "إدلب" on a
phone, without a mouse; a facility found by its alias "M2". Outside CI it skips without Chromium."""

from __future__ import annotations

import re

import pytest

from test_browser import (  # noqa: F401  # browser, new_page, site: fixtures used through browser_session
    DESKTOP,
    DOCUMENTER,
    PHONE,
    VERIFIER,
    assert_fits,
    browser,
    browser_session,
    log_in,
    new_page,
    shot,
    site,
    switch_language,
)

pytestmark = pytest.mark.browser


def test_a_place_is_picked_by_typing_in_either_script_on_a_phone(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    [(governorate,)] = demo.query("SELECT id FROM places_place WHERE pcode = 'SY07'")
    [(district,)] = demo.query("SELECT id FROM places_place WHERE pcode = 'SY0700'")
    page = new(PHONE)
    log_in(page, demo, DOCUMENTER)
    page.goto(demo.url + "/incidents/submit/")
    search = page.locator("#id_place-search")
    expect(search).to_have_attribute("role", "combobox")
    search.press_sequentially("Idleb", delay=30)
    options = page.locator("#id_place-options [role=option]")
    expect(options.first).to_contain_text("Idleb")
    expect(options.nth(1)).to_contain_text("District")
    shot(page, "en-place-picker-phone")
    assert_fits(page)
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.locator("#id_place")).to_have_value(str(governorate))
    expect(search).to_have_value("Idleb")

    switch_language(page, "ar", "rtl")
    search = page.locator("#id_place-search")
    search.fill("")
    search.press_sequentially("إدلب", delay=30)
    expect(page.locator("#id_place-options [role=option]").first).to_contain_text("إدلب")
    search.press("ArrowDown")
    search.press("ArrowDown")  # the district of the same name, second
    expect(page.locator("#id_place-options [aria-selected=true]")).to_contain_text("منطقة")
    search.press("Enter")
    expect(page.locator("#id_place")).to_have_value(str(district))
    shot(page, "ar-place-picker-phone")
    assert_fits(page)


def test_a_facility_is_found_by_its_alias_and_chosen_as_a_chip(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    [(facility,)] = demo.query(
        "SELECT facility_id FROM facilities_facilityalias WHERE name = 'M2' LIMIT 1"
    )
    page = new(DESKTOP)
    log_in(page, demo, VERIFIER)
    page.goto(demo.url + "/incidents/new/")
    search = page.locator("#id_facilities-search")
    search.press_sequentially("m2", delay=30)
    option = page.locator("#id_facilities-options [role=option]").first
    expect(option).to_contain_text("M2")
    option.click()
    chip = page.locator(".picker-chosen li")
    expect(chip).to_have_count(1)
    selected = page.locator("#id_facilities").evaluate(
        "s => Array.from(s.selectedOptions).map(o => o.value)"
    )
    assert selected == [str(facility)]

    # The exact point: a click on the map sets both coordinates (inside the country).
    point_map = page.locator(".point-map")
    expect(point_map.locator("path.area").first).to_be_visible()
    frame = point_map.bounding_box()
    assert frame is not None
    point_map.click(position={"x": frame["width"] / 2, "y": frame["height"] / 2})
    expect(page.locator("#id_exact_lat")).not_to_have_value("")
    lat = float(page.locator("#id_exact_lat").input_value())
    lon = float(page.locator("#id_exact_lon").input_value())
    assert 32.0 < lat < 37.5 and 35.5 < lon < 42.5, (lat, lon)
    expect(point_map.locator("path.point-mark")).to_have_count(1)
    shot(page, "en-point-picker")
    for code, direction in (("fr", "ltr"), ("ar", "rtl")):
        switch_language(page, code, direction)
        page.locator("#id_facilities-search").press_sequentially("M2", delay=30)
        expect(page.locator("#id_facilities-options [role=option]").first).to_be_visible()
        shot(page, f"{code}-facility-picker")
    chip_remove = page.locator(".picker-chosen li button")
    expect(chip_remove).to_have_count(0)  # a fresh page after switching: nothing chosen yet
    expect(page).to_have_url(re.compile(r"/incidents/new/$"))
