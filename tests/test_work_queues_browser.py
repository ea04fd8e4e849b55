"""A verifier's day in a real browser (issue 17.3): landing on a work queue, ticking rows with
the keyboard, a bulk change of a filtered selection, and going on to the next incident with a key;
the list in French, Arabic and on a phone. Outside CI it skips without Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from test_browser import (  # noqa: F401  # browser, new_page, site: fixtures used through browser_session
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

IN_RANGE = "date_start BETWEEN '2017-01-01' AND '2018-12-31'"


def states(demo: Any, ids: list[int]) -> set[str]:
    marks = ",".join("?" * len(ids))
    rows = demo.query(f"SELECT state FROM incidents_incident WHERE id IN ({marks})", *ids)  # noqa: S608 - placeholders only
    return {state for (state,) in rows}


def test_a_verifier_works_through_the_queue_by_keyboard_and_in_bulk(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    waiting = demo.query(
        "SELECT id FROM incidents_incident WHERE state = 'submitted' ORDER BY date_start DESC, id DESC"
    )
    assert len(waiting) >= 4, "the demo has too few submitted incidents for this test"
    page = new()
    log_in(page, demo, VERIFIER)
    page.goto(demo.url + "/start/")
    expect(page).to_have_url(re.compile(r"/incidents/\?queue=submitted$"))
    current = page.locator("nav.tabs a[aria-current=page]")
    expect(current).to_contain_text("Submitted")
    expect(current.locator(".count")).to_have_text(str(len(waiting)))

    # j moves to the next row, x ticks it: the first two rows, by keyboard alone.
    for _ in range(2):
        page.keyboard.press("j")
        page.keyboard.press("x")
    first_two = [pk for (pk,) in waiting[:2]]
    for pk in first_two:
        expect(page.locator(f"input[name=ids][value='{pk}']")).to_be_checked()
    page.locator("#bulk_state").select_option("under_review")
    page.locator("#bulk_reason").fill("Sent for a second look by the browser test.")
    page.locator("fieldset.bulk button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("2 incidents changed.")
    assert states(demo, first_two) == {"under_review"}

    # A filtered selection, all of it: the submitted incidents of 2017–2018.
    page.goto(f"{demo.url}/incidents/?queue=submitted&date_from=2017-01-01&date_to=2018-12-31")
    chosen = [
        pk
        for (pk,) in demo.query(
            f"SELECT id FROM incidents_incident WHERE state = 'submitted' AND {IN_RANGE}"  # noqa: S608 - a constant
        )
    ]
    assert chosen, "no submitted incident left in 2017–2018"
    page.locator("#bulk_everything").check()
    page.locator("#bulk_state").select_option("verified")
    page.locator("#bulk_certainty").select_option("probable")
    page.locator("#bulk_reason").fill("Two sources each, checked by the browser test.")
    shot(page, "en-incidents-bulk-filled")
    page.locator("fieldset.bulk button[type=submit]").click()
    expected = "1 incident changed." if len(chosen) == 1 else f"{len(chosen)} incidents changed."
    expect(page.locator(".messages")).to_contain_text(expected)
    assert states(demo, chosen) == {"verified"}
    entries = demo.query(
        "SELECT count(*) FROM audit_auditentry WHERE action = 'carewatch.incident.verified' "
        "AND reason = 'Two sources each, checked by the browser test.'"
    )
    assert entries == [(len(chosen),)]

    # From the disputed queue, n opens the next incident of that list.
    page.goto(demo.url + "/incidents/?queue=disputed")
    page.locator("table.worklist tbody tr td a").first.click()
    expect(page.locator("nav.queue-nav")).to_be_visible()
    first_url = page.url
    page.keyboard.press("n")
    expect(page).not_to_have_url(first_url)
    expect(page).to_have_url(re.compile(r"/incidents/\d+/\?from=queue%3Ddisputed"))


def test_the_work_queues_read_in_french_arabic_and_on_a_phone(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    page = new()
    log_in(page, demo, VERIFIER)
    page.goto(demo.url + "/incidents/?queue=disputed&sort=date")
    for code, direction, label in (("fr", "ltr", "Contestés"), ("ar", "rtl", "موضع خلاف")):
        switch_language(page, code, direction)
        expect(page.locator("nav.tabs a[aria-current=page]")).to_contain_text(label)
        expect(page.locator("th[aria-sort=ascending]")).to_have_count(1)
        shot(page, f"{code}-incidents-queue")
    phone = new(PHONE)
    log_in(phone, demo, VERIFIER)
    phone.goto(demo.url + "/incidents/?queue=submitted")
    expect(phone.locator("fieldset.bulk")).to_be_visible()
    shot(phone, "en-incidents-queue-phone")
    assert_fits(phone)
