"""The open-data page and the staff export in a real browser, on a demo instance (Arabic and English).

Uses the demo site, browser and sign-in helpers of ``test_browser``. Checks on the real demo
data what the files must never hold: no uncleared name in the memorial roll, no facility's
exact point in any public file. Set ``CAREWATCH_SCREENSHOTS`` to keep screenshots.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from test_browser import (  # noqa: F401  # browser, new_page, site: fixtures used through browser_session
    VERIFIER,
    browser,
    browser_session,
    log_in,
    new_page,
    shot,
    site,
    switch_language,
)

pytestmark = pytest.mark.browser


def download(page: Any, link: Any) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_the_public_find_open_data_from_the_landing_page_and_download_it(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    page = new()
    page.goto(demo.url + "/")
    page.locator("footer a", has_text="Open data").click()
    expect(page).to_have_url(re.compile(r"/open-data/$"))
    expect(page.locator("h1")).to_have_text("Open data")
    expect(page.locator("body")).to_contain_text("CC BY 4.0")
    shot(page, "en-open-data")

    incidents = download(page, page.locator("#incidents a[href$='.geojson']")).decode()
    memorial = download(page, page.locator("#memorial a[href$='/memorial.csv']")).decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(page, page.locator("#incidents a", has_text="XLSX"))), read_only=True
    )
    assert workbook.sheetnames == ["data", "dictionary"]

    names = {r["name_latin"] for r in csv.DictReader(io.StringIO(memorial))} | {
        r["name_ar"] for r in csv.DictReader(io.StringIO(memorial))
    }
    uncleared = demo.query(
        "SELECT name_latin, name_ar FROM people_person WHERE memorial_clearance = 'not_cleared'"
    )
    cleared = demo.query(
        "SELECT name_latin, name_ar FROM people_person WHERE memorial_clearance != 'not_cleared'"
    )
    assert uncleared and names - {""}, "the demo has both cleared and uncleared names"
    assert (
        not ({n for pair in uncleared for n in pair if n} - {n for pair in cleared for n in pair})
        & names
    )
    points = demo.query(
        "SELECT exact_lat, exact_lon FROM facilities_facility WHERE exact_lat IS NOT NULL"
    )
    assert points, "the demo has facilities with exact points"
    for lat, lon in points:
        assert f"{lat:.3f}" not in incidents or f"{lon:.3f}" not in incidents, (lat, lon)

    switch_language(page, "ar", "rtl")
    expect(page).to_have_url(re.compile(r"/open-data/$"))  # the same page, in Arabic
    expect(page.locator("main")).to_contain_text("الترخيص")
    page.locator("#incidents details summary").click()
    expect(page.locator("#incidents details table")).to_be_visible()
    expect(page.locator("#incidents details table")).to_contain_text(
        "#affected+healthworker+killed"
    )
    shot(page, "ar-open-data")


def test_a_verifier_exports_the_filtered_incident_list(request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    page = new()
    log_in(page, demo, VERIFIER)
    page.goto(demo.url + "/incidents/?certainty=confirmed")
    listed = int(
        re.search(r"\d[\d,]*", page.locator("#incident-rows p.muted").first.inner_text())
        .group()
        .replace(",", "")
    )
    expect(page.locator("#incident-export")).to_be_visible()
    shot(page, "en-incident-list-export")
    data = download(page, page.locator("#incident-export a", has_text="XLSX"))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)["data"].iter_rows(values_only=True)
    )
    certainty = rows[0].index("certainty")
    assert len(rows) - 1 == listed > 0
    assert {r[certainty] for r in rows[1:]} == {"confirmed"}
    assert "exact_lat" not in rows[0] and "title" in rows[0]  # internal yes, restricted never
