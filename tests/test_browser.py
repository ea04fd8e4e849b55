"""End to end in a real browser against a real server: ``carewatch demo`` then ``carewatch serve``.

Debian's Chromium drives the staff UI the way a field documenter and a verifier use it, in
Arabic (right to left) and English. Outside CI the tests skip when /usr/bin/chromium is
missing; under CI=true they fail. Set ``CAREWATCH_SCREENSHOTS=/some/folder`` to keep
full-page screenshots of what was checked.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DemoTemplate, carewatch_command, instance_environment, needs

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The demo's published logins (src/carewatch/demo/accounts.py).
DOCUMENTER = ("documenter", "demo-documenter-2017")
VERIFIER = ("verifier", "demo-verifier-2017")
ADMIN = ("admin", "demo-admin-2017")

TITLE_AR = "قصف مستشفى الشفاء في معرة النعمان"
# The same hospital written another way: alef maqsura as ya, no final hamza.
QUERY_AR = "مستشفي الشفا"
NARRATIVE_AR = "استهدفت غارة جوية مدخل الطوارئ في مستشفى الشفاء صباحاً، وتوقف قسم الإسعاف عن العمل."


@dataclass
class Site:
    url: str
    database: Path

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the demo database directly (only to pick records to look at; the UI does the rest)."""
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql, params).fetchall()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_carewatch = carewatch_command


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"carewatch serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"carewatch serve did not answer on {url} within {seconds} s")


def browser_session(request: pytest.FixtureRequest) -> tuple[Site, Any]:
    """Check for Chromium before any set-up (skip here, fail under CI), then start the site and the browser."""
    if not Path(CHROMIUM).exists():
        needs(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    return request.getfixturevalue("site"), request.getfixturevalue("new_page")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate) -> Iterator[Site]:
    """A copy of the demo instance (embedded SQLite) in a temporary folder, served by waitress on a free port."""
    assert DOCUMENTER[1] in demo_template.output, "the demo no longer prints the documenter's login"
    from carewatch.demo.accounts import demo_totp_secret

    assert demo_totp_secret(VERIFIER[0]) in demo_template.output, (
        "the demo no longer prints the authenticator keys"
    )
    data = demo_template.copy(tmp_path_factory, "carewatch-instance")
    _SIGNED_IN.clear()
    _LAST_STEP.clear()
    with served(data) as site:
        yield site


@contextmanager
def served(data: Path, extra: dict[str, str] | None = None) -> Iterator[Site]:
    """``carewatch serve`` on a free port and a worker beside it (imports, mail and invalidations
    started in the browser are jobs of the queue), on the instance in ``data``; ``extra``:
    settings for this instance (``CAREWATCH_…``). Both processes stop when the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = instance_environment(data) | {
        k: v.replace("{url}", url) for k, v in (extra or {}).items()
    }
    log = (data / "serve.log").open("wb")
    server = subprocess.Popen(
        _carewatch("serve", "--port", str(port)), env=env, stdout=log, stderr=subprocess.STDOUT
    )
    worker = subprocess.Popen(_carewatch("worker"), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url + "/", server)
        yield Site(url=url, database=data / "carewatch.sqlite3")
    finally:
        for process in (server, worker):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Pages in fresh contexts (separate cookies, so separate logins), closed after the test."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = DESKTOP) -> Any:
        context = browser.new_context(viewport=viewport, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    """A full-page screenshot into $CAREWATCH_SCREENSHOTS, if set."""
    folder = os.environ.get("CAREWATCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def current_code(username: str, not_before_step: int = 0) -> tuple[str, int]:
    """The demo account's one-time code (its key is published by ``carewatch demo``) for a step
    after ``not_before_step`` (codes are single-use). The server accepts the code of the next
    30-second step as well (a clock one step fast: django-otp's tolerance of 1), so a second
    sign-in in the same step uses that code instead of waiting; a third one waits."""
    from django_otp.oath import TOTP

    from carewatch.demo.accounts import demo_totp_key

    totp = TOTP(bytes.fromhex(demo_totp_key(username)))
    while True:
        totp.time = time.time()
        step = max(totp.t(), not_before_step + 1)
        if step <= totp.t() + 1:
            totp.time = step * totp.step + totp.t0 + 1
            return f"{totp.token():06d}", step
        time.sleep(1)


# Signed-in cookies per demo account: a second page of the same account joins the session
# instead of signing in again (each full sign-in spends a one-time code).
_SIGNED_IN: dict[str, list[Any]] = {}
_LAST_STEP: dict[str, int] = {}


def log_in(page: Any, site: Site, account: tuple[str, str], fresh: bool = False) -> None:
    """Password, then the one-time code, as a person signs in (``fresh``: always the full steps)."""
    from playwright.sync_api import expect

    if account[0] in _SIGNED_IN and not fresh:
        page.context.add_cookies(_SIGNED_IN[account[0]])
        page.goto(site.url + "/incidents/")
        expect(page.locator("header .who")).to_contain_text(account[0])
        return
    page.goto(site.url + "/accounts/login/")
    page.locator("#id_username").fill(account[0])
    page.locator("#id_password").fill(account[1])
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()
    code, _LAST_STEP[account[0]] = current_code(account[0], _LAST_STEP.get(account[0], 0))
    page.locator("#id_code").fill(code)
    page.locator("main form button.primary[type=submit]").click()
    expect(page.locator("header .who")).to_contain_text(account[0])
    _SIGNED_IN[account[0]] = page.context.cookies()


def switch_language(page: Any, code: str, direction: str) -> None:
    """Press the language button in the top bar; the same page comes back in that language."""
    from playwright.sync_api import expect

    page.locator(f"form.langs button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def assert_fits(page: Any) -> None:
    """Nothing wider than the window: no sideways scrolling."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_a_field_documenter_reports_an_attack_in_arabic_and_finds_it_again(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    site, new_page = browser_session(request)
    page = new_page(PHONE)
    log_in(page, site, DOCUMENTER)
    switch_language(page, "ar", "rtl")

    page.locator("nav.mainnav a.button").click()
    expect(page).to_have_url(re.compile(r"/incidents/submit/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_fits(page)
    shot(page, "ar-submit-phone")

    page.locator("#id_title").fill(TITLE_AR)
    page.locator("#id_date_start").fill("2024-03-15")
    # The district of Ma'arrat An Nu'man, chosen by its Arabic name in the grouped list.
    place = page.locator("#id_place option").filter(has_text=re.compile(r"^\s*معرة النعمان\s*$"))
    expect(place).to_have_count(1)
    page.locator("#id_place").select_option(value=place.get_attribute("value"))
    page.locator("#id_attack_types input[value=heavy_weapons]").check()
    page.locator("#id_weapons input[value=aerial_bomb_plane]").check()
    page.locator("#id_count_killed_hw").fill("2")
    page.locator("#id_count_injured_others").fill("3-5")
    page.locator("#id_narrative").fill(NARRATIVE_AR)
    page.locator("#id_language").select_option("ar")
    page.locator("#id_place_text").fill("حي الشمالي، معرة النعمان")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/incidents/\d+/$"))
    incident_url = page.url
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("main h1")).to_have_text(TITLE_AR)
    expect(page.locator("main")).to_contain_text("معرة النعمان")
    expect(page.locator("main")).to_contain_text("3–5")
    expect(page.locator("main")).to_contain_text("مدخل الطوارئ")
    reference = page.locator("main dl.facts dd").first.inner_text().strip()
    assert reference

    # Live search (htmx) with the name written differently, from the list page.
    page.set_viewport_size(DESKTOP)
    page.locator("nav.mainnav a[href$='/incidents/']").click()
    expect(page).to_have_url(re.compile(r"/incidents/$"))
    rows = page.locator("#incident-rows tbody tr")
    expect(rows.first).to_be_visible()
    page.locator("#id_q").press_sequentially(QUERY_AR, delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE_AR)
    expect(rows.first.get_by_role("link", name=reference)).to_have_attribute(
        "href",
        re.compile(r"/incidents/\d+/\?from=q%3D"),  # the list's search goes along
    )
    shot(page, "ar-incident-list-search")

    # The filter button finds it too, with another spelling (ة written ه) and the words in another order.
    page.goto(site.url + "/incidents/")
    page.locator("#id_q").fill("معره النعمان مستشفي")
    page.locator("form.filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE_AR)
    assert page.locator("#id_q").input_value() == "معره النعمان مستشفي"

    page.goto(site.url + "/incidents/")
    shot(page, "ar-incident-list")
    page.goto(incident_url)
    shot(page, "ar-incident-page")

    switch_language(page, "en", "ltr")
    expect(page.locator("main h1")).to_have_text(TITLE_AR)
    shot(page, "en-incident-page")
    page.goto(site.url + "/incidents/")
    expect(page.locator("main h1")).to_have_text("Incidents")
    shot(page, "en-incident-list")


def test_a_verifier_sees_the_reports_side_by_side_and_a_documenter_sees_only_their_own(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    site, new_page = browser_session(request)
    [(many_pk, records)] = site.query(
        "SELECT incident_id, COUNT(*) AS n FROM incidents_incidentrecord WHERE incident_id IS NOT NULL "
        "GROUP BY incident_id ORDER BY n DESC, incident_id LIMIT 1"
    )
    assert records >= 2, "the demo should have an incident reported by several sources"
    [(other_pk, other_reference, other_title)] = site.query(
        "SELECT i.id, i.reference, i.title FROM incidents_incident i JOIN accounts_user u ON u.id = i.created_by_id "
        "WHERE u.username = 'documenter2' ORDER BY i.id LIMIT 1"
    )

    verifier = new_page()
    log_in(verifier, site, VERIFIER)
    verifier.goto(f"{site.url}/incidents/{many_pk}/")
    cards = verifier.locator(".side-by-side article.record")
    expect(cards).to_have_count(records)
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2, "the first two reports should sit on one row"
    assert second["x"] > first["x"], "in English the second report is to the right of the first"
    shot(verifier, "en-incident-records-side-by-side")
    switch_language(verifier, "ar", "rtl")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2
    assert second["x"] < first["x"], "in Arabic the second report is to the left of the first"
    shot(verifier, "ar-incident-records-side-by-side")

    documenter = new_page()
    log_in(documenter, site, DOCUMENTER)
    response = documenter.goto(f"{site.url}/incidents/{other_pk}/")
    assert response is not None
    assert response.status == 404
    content = documenter.content()
    assert other_reference not in content
    assert other_title not in content
    # Not in their list either, even when searched for by reference.
    documenter.goto(f"{site.url}/incidents/?q={other_reference}")
    expect(documenter.locator("#incident-rows tbody a[href*='/incidents/']")).to_have_count(0)
    expect(documenter.locator("#incident-rows")).not_to_contain_text(other_title)


def _visit(page: Any, url: str, code: str, direction: str, name: str) -> None:
    """Open a page, check its language and direction, keep a screenshot, and check it fits a phone."""
    from playwright.sync_api import expect

    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url}: HTTP {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("main h1").first).to_be_visible()
    shot(page, f"{code}-{name}")
    page.set_viewport_size(PHONE)
    try:
        assert_fits(page)
    finally:
        page.set_viewport_size(DESKTOP)


def test_the_staff_pages_read_right_to_left_in_arabic_and_fit_a_phone(
    request: pytest.FixtureRequest,
) -> None:
    """Landing, sign-in, facilities, people, figures, sources and the verifier's full form, in both directions."""
    site, new_page = browser_session(request)
    anonymous = new_page()
    anonymous.goto(site.url + "/")
    for code, direction in (("ar", "rtl"), ("en", "ltr")):
        switch_language(anonymous, code, direction)
        _visit(anonymous, site.url + "/", code, direction, "landing")
        _visit(anonymous, site.url + "/accounts/login/", code, direction, "login")

    page = new_page()
    log_in(page, site, VERIFIER)
    page.goto(site.url + "/facilities/")
    facility = page.locator("#facility-rows tbody a[href*='/facilities/']").first.get_attribute(
        "href"
    )
    [(incident_pk,)] = site.query(
        "SELECT incident_id FROM incidents_incidentrecord WHERE incident_id IS NOT NULL "
        "GROUP BY incident_id ORDER BY COUNT(*) DESC, incident_id LIMIT 1"
    )
    pages = {
        "facility-list": "/facilities/",
        "facility-page": facility,
        "people-list": "/people/",
        "figures": "/figures/",
        "sources": "/sources/",
        "incident-edit": f"/incidents/{incident_pk}/edit/",
    }
    for code, direction in (("ar", "rtl"), ("en", "ltr")):
        switch_language(page, code, direction)
        for name, path in pages.items():
            _visit(page, site.url + path, code, direction, name)
        # The verifier's form: checkbox groups and counts are there and editable.
        assert page.locator("#id_attack_types input[type=checkbox]").count() > 5
        assert page.locator("input[name^=count_]").count() >= 10


def test_the_campaign_and_account_pages_fit_a_phone_in_both_directions(
    request: pytest.FixtureRequest,
) -> None:
    """Supporters, a supporter, petitions, a newsletter and the accounts: their tables scroll inside
    their box and their labels wrap (a crawl of every page at 390 px found these five scrolling the
    whole page sideways, by up to 362 px)."""
    site, new_page = browser_session(request)
    page = new_page()
    log_in(page, site, ADMIN)

    def first(listing: str, pattern: str) -> str:
        page.goto(site.url + listing)
        links = page.locator("main a[href]").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        found = [href for href in links if re.fullmatch(pattern, href or "")]
        assert found, f"no link like {pattern} on {listing}"
        return str(found[0])

    pages = {
        "supporters": "/supporters/",
        "supporter": first("/supporters/", r"/supporters/\d+/"),
        "petitions-staff": "/campaigns/petitions/",
        "newsletter": first("/campaigns/newsletters/", r"/campaigns/newsletters/\d+/"),
        "accounts": "/accounts/manage/",
    }
    for code, direction in (("ar", "rtl"), ("en", "ltr")):
        switch_language(page, code, direction)
        for name, path in pages.items():
            _visit(page, site.url + path, code, direction, name)


def test_a_verifier_edits_and_saves_an_incident_in_french_arabic_and_english(
    request: pytest.FixtureRequest,
) -> None:
    """The date picker holds the incident's date in every language (a French value used to leave
    it empty, and the browser refused to submit), and each save lands as a new version."""
    from playwright.sync_api import expect

    site, new_page = browser_session(request)
    [(pk, day)] = site.query(
        "SELECT id, date_start FROM incidents_incident WHERE state = 'verified' ORDER BY id LIMIT 1"
    )
    page = new_page()
    log_in(page, site, VERIFIER)
    for code, direction in (("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")):
        page.goto(f"{site.url}/incidents/{pk}/edit/")
        switch_language(page, code, direction)
        expect(page.locator("#id_date_start")).to_have_value(str(day))
        note = f"Edited in {code} by the browser test."
        page.locator("#id_reason").fill(note)
        page.locator("#id_narrative").fill(f"Narrative saved in {code}.")
        shot(page, f"{code}-incident-edit-filled")
        page.locator("main form button.primary[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/incidents/{pk}/$"))
        expect(page.locator("main")).to_contain_text(f"Narrative saved in {code}.")
        [(saved,)] = site.query("SELECT narrative FROM incidents_incident WHERE id = ?", pk)
        assert saved == f"Narrative saved in {code}."


def test_a_verifier_signs_in_with_a_code_and_reads_an_exact_point_that_a_documenter_cannot_reach(
    request: pytest.FixtureRequest,
) -> None:
    """Password and one-time code, the restricted point read on purpose (and logged); the field
    documenter's separate session gets 403 and not a digit of it; a password-only session is
    sent back to the code prompt."""
    from playwright.sync_api import expect

    site, new_page = browser_session(request)
    [(facility_pk, lat, lon)] = site.query(
        "SELECT id, exact_lat, exact_lon FROM facilities_facility WHERE exact_lat IS NOT NULL ORDER BY id LIMIT 1"
    )
    point_url = f"{site.url}/facilities/{facility_pk}/exact-location/"
    digits = (f"{lat}"[:7], f"{lon}"[:7])

    verifier = new_page()
    log_in(verifier, site, VERIFIER, fresh=True)
    verifier.goto(f"{site.url}/facilities/{facility_pk}/")
    assert digits[0] not in verifier.content(), (
        "the exact point must not be in the page before it is asked for"
    )
    verifier.locator("#exact-location button").click()
    expect(verifier.locator("#exact-location")).to_contain_text(digits[0])
    expect(verifier.locator("#exact-location")).to_contain_text(digits[1])
    shot(verifier, "en-facility-exact-point")
    [(reads,)] = site.query(
        "SELECT COUNT(*) FROM audit_auditentry WHERE action LIKE '%exact_location_viewed' "
        "AND object_id = ?",
        str(facility_pk),
    )
    assert reads >= 1, "the read of the exact point was not logged"

    documenter = new_page()
    log_in(documenter, site, DOCUMENTER)
    response = documenter.goto(point_url)
    assert response is not None
    assert response.status in (403, 404)
    assert digits[0] not in documenter.content() and digits[1] not in documenter.content()
    documenter.goto(f"{site.url}/facilities/{facility_pk}/")
    assert digits[0] not in documenter.content()
    expect(documenter.locator("#exact-location button")).to_have_count(0)

    half = new_page()
    half.goto(site.url + "/accounts/login/")
    half.locator("#id_username").fill(VERIFIER[0])
    half.locator("#id_password").fill(VERIFIER[1])
    half.locator("main form button[type=submit]").click()
    expect(half.locator("#id_code")).to_be_visible()
    half.goto(point_url)
    expect(half.locator("#id_code")).to_be_visible()
    assert digits[0] not in half.content()
