"""Mixed Arabic and Latin text in a real browser (issue 17.7): on the Arabic pages where fragments
used to scramble, each fragment is found on screen and its position checked against the others
(right to left between fragments, left to right inside a Latin one). Screenshots with
CAREWATCH_SCREENSHOTS. Outside CI it skips without Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from test_browser import (  # noqa: F401  # browser, new_page, site: fixtures used through browser_session
    DOCUMENTER,
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

# The left edge, on screen, of the first occurrence of ``text`` inside the element ``selector``
# (a range over the text nodes, so a fragment inside a longer line is measured, not its line).
LEFT_OF = """([selector, text]) => {
  const root = document.querySelector(selector);
  if (!root) { return null; }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      return range.getBoundingClientRect().left;
    }
  }
  return null;
}"""


def left(page: Any, selector: str, text: str) -> float:
    found = page.evaluate(LEFT_OF, [selector, text])
    assert found is not None, f"{text!r} is not in {selector}"
    return float(found)


def test_mixed_fragments_keep_their_order_on_arabic_pages(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    page = new()
    log_in(page, demo, VERIFIER)
    switch_language(page, "ar", "rtl")

    # The landing page: "— UOSSM, 2017-10-17" under a quote reads right to left, the date left to right.
    page.goto(demo.url + "/")
    source = (
        page.locator("p.small")
        .filter(has_text="UOSSM")
        .filter(has_text=re.compile(r"— .*20\d\d-\d\d-\d\d"))
        .first
    )
    expect(source).to_be_visible()
    source.evaluate("e => e.setAttribute('data-check', 'source')")
    line = "[data-check=source]"
    assert left(page, line, "—") > left(page, line, "UOSSM") > left(page, line, "-")
    year = re.search(r"(20\d\d)-(\d\d-\d\d)", source.inner_text()).groups()  # type: ignore[union-attr]
    assert left(page, line, year[0]) < left(page, line, year[1])
    shot(page, "ar-landing-sources")

    # The export links: "CSV بوسوم HXL" keeps CSV first (on the right), HXL last (on the left).
    page.goto(demo.url + "/incidents/")
    links = ".exports, #incident-rows"
    hxl = page.get_by_role("link", name=re.compile("HXL")).first
    hxl.evaluate("e => e.setAttribute('data-check', 'hxl')")
    assert left(page, "[data-check=hxl]", "CSV") > left(page, "[data-check=hxl]", "HXL")
    # …and the links, each isolated, follow one another from right to left.
    edges = [
        box["x"]
        for box in (a.bounding_box() for a in page.locator("#incident-export a").all())
        if box is not None
    ]
    assert len(edges) == 5 and edges == sorted(edges, reverse=True), edges
    assert page.locator(links).first.is_visible()
    shot(page, "ar-incidents-exports")

    # A facility's Latin name with parentheses, on an Arabic page: "M2 hospital (Aleppo)" as written.
    [(facility,)] = demo.query(
        "SELECT id FROM facilities_facility WHERE name_latin = 'M2 hospital (Aleppo)'"
    )
    page.goto(f"{demo.url}/facilities/{facility}/")
    latin = page.locator("main dd span", has_text="M2 hospital (Aleppo)")
    expect(latin).to_be_visible()
    latin.evaluate("e => e.setAttribute('data-check', 'latin')")
    title = "[data-check=latin]"
    assert left(page, title, "M2") < left(page, title, "(") < left(page, title, "Aleppo")
    assert left(page, title, "Aleppo") < left(page, title, ")")
    shot(page, "ar-facility-latin-name")

    # An English title on an Arabic page stands at the page's start (the right).
    [(pk, english)] = demo.query(
        "SELECT id, title FROM incidents_incident WHERE title GLOB '[A-Z]*' ORDER BY id LIMIT 1"
    )
    page.goto(f"{demo.url}/incidents/{pk}/")
    heading = page.locator("main h1")
    expect(heading).to_have_text(english)
    box = heading.bounding_box()
    text = heading.locator("bdi").bounding_box()
    assert box is not None and text is not None
    assert abs((box["x"] + box["width"]) - (text["x"] + text["width"])) < 2, "not at the right"


def test_the_reference_and_the_interval_keep_their_order_in_arabic(
    request: pytest.FixtureRequest,
) -> None:
    from playwright.sync_api import expect

    demo, new = browser_session(request)
    page = new()
    log_in(page, demo, DOCUMENTER)
    switch_language(page, "ar", "rtl")
    page.goto(demo.url + "/incidents/submit/")
    page.locator("#id_title").fill("قصف قرب المستشفى")
    page.locator("#id_date_start").fill("2024-03-15")
    page.locator("#id_place").select_option(index=2)
    page.locator("#id_attack_types input[value=heavy_weapons]").check()
    page.locator("main form button[type=submit]").click()
    message = page.locator(".message.success")
    expect(message).to_contain_text("CW-2024-")
    message.evaluate("e => e.setAttribute('data-check', 'thanks')")
    thanks = "[data-check=thanks]"
    assert left(page, thanks, "CW") < left(page, thanks, "2024") < left(page, thanks, "-0")
    shot(page, "ar-thank-you-reference")

    # The confidence interval of a comparison runs low to high, left to right.
    page.goto(demo.url + "/dashboard/")
    verdict = page.locator("article.comparison strong").filter(has_text="–").first
    expect(verdict).to_be_visible()
    verdict.evaluate("e => e.setAttribute('data-check', 'interval')")
    sentence = page.locator("[data-check=interval]").inner_text()
    low, high = re.search(r"(\d+\.\d\d)–(\d+\.\d\d|∞)", sentence).groups()  # type: ignore[union-attr]
    where = "[data-check=interval]"
    # Laid out left to right, the upper bound stands to the right of the interval's start.
    assert left(page, where, "–" + high) > left(page, where, f"{low}–{high}") + 1
    shot(page, "ar-dashboard-interval")
