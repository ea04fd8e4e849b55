"""A petition signed in a real browser, in Arabic, with the confirmation message arriving at a
real SMTP server on loopback: the count goes up by one once the link is opened; the same
signature twice, a bot filling the honeypot and a burst past the limit are refused in Arabic;
an invalidation job run by a campaigner lowers the count and the page's history says why.

Serves a copy of the demo (its petition ``doctors-in-danger``) with a worker beside it, and the
instance's mail going to ``aiosmtpd``. ``CAREWATCH_SCREENSHOTS=/folder`` keeps screenshots.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DemoTemplate, needs
from tests.test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    PHONE,
    Site,
    browser,
    current_code,
    new_page,
    served,
    shot,
)

from mail_support import LoopbackSMTP, arrived_for

pytestmark = pytest.mark.browser

SLUG = "doctors-in-danger"
CAMPAIGNER = ("campaigner", "demo-campaigner-2017")
NAME_AR = "سارة الحلبي"


@pytest.fixture(scope="module")
def smtp() -> Iterator[LoopbackSMTP]:
    with LoopbackSMTP() as server:
        yield server


@pytest.fixture(scope="module")
def campaign_site(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate, smtp: LoopbackSMTP
) -> Iterator[Site]:
    if not Path(CHROMIUM).exists():
        needs(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    data = demo_template.copy(tmp_path_factory, "carewatch-campaign")
    mail = {
        "CAREWATCH_EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=false",
        "CAREWATCH_SITE_URL": "{url}",  # the served site's address, once its port is chosen
        "CAREWATCH_FORM_MIN_SECONDS": "1",
        "CAREWATCH_FORM_BURST": "4/60",
    }
    with served(data, mail) as site:
        yield site


def _count(page: Any) -> int:
    return int(page.locator("[data-count]").first.inner_text().replace(",", ""))


def _fill(page: Any, email: str) -> None:
    page.locator("#id_name").fill(NAME_AR)
    page.locator("#id_email").fill(email)
    page.locator("#id_country").select_option("SY")
    page.locator("#id_contact").check()
    time.sleep(1.2)  # people read before they send (CAREWATCH_FORM_MIN_SECONDS=1 here)


def test_signing_in_arabic_counts_once_confirmed_and_refuses_abuse_in_arabic(
    campaign_site: Site, smtp: LoopbackSMTP, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    page = request.getfixturevalue("new_page")()
    page.context.add_cookies(
        [{"name": "carewatch_language", "value": "ar", "url": campaign_site.url}]
    )
    page.goto(f"{campaign_site.url}/petitions/{SLUG}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    before = _count(page)
    assert page.locator(".live-figure").count() >= 2  # the story's live figures
    assert "78,240" in page.locator(".petition-count").inner_text()  # Change.org's, beside ours
    shot(page, "petition-ar")

    _fill(page, "sara.signer@example.org")
    page.locator("form.sign-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("تفقّد بريدك الإلكتروني")
    message = arrived_for(smtp, "sara.signer@example.org")
    assert message["Content-Language"] == "ar" and "أكّد توقيعك" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(
        r"http://\S+/petitions/confirm/\S+/", message.get_body(("plain",)).get_content()
    )
    assert link
    page.goto(f"{campaign_site.url}/petitions/{SLUG}/")
    assert _count(page) == before  # not counted before the link is opened
    page.goto(link.group(0))
    expect(page.locator("h1")).to_have_text("تأكّد التوقيع")
    assert _count(page) == before + 1
    shot(page, "petition-confirmed-ar")
    page.goto(link.group(0))  # opened again: counted once
    assert _count(page) == before + 1

    page.goto(f"{campaign_site.url}/petitions/{SLUG}/")
    assert _count(page) == before + 1
    _fill(page, "Sara.Signer@Example.org")
    page.locator("form.sign-form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_contain_text("وقّع هذه العريضة من قبل")

    _fill(page, "bot@example.org")
    page.locator("#id_website").fill("http://spam.example", force=True)
    page.locator("form.sign-form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_contain_text("برنامج")
    shot(page, "petition-refused-ar")

    refused = ""
    # Two forms counted so far; the limit is four a minute (fixed windows: should the minute
    # turn meanwhile, five more reach it).
    for i in range(9):
        _fill(page, f"burst{i}@example.org")
        page.locator("form.sign-form button[type=submit]").click()
        if page.locator(".form-errors").count():
            refused = page.locator(".form-errors").inner_text()
            break
        page.goto(f"{campaign_site.url}/petitions/{SLUG}/")
    assert "نماذج كثيرة" in refused


def test_an_invalidation_lowers_the_count_and_the_history_says_why(
    campaign_site: Site, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    page = request.getfixturevalue("new_page")()
    page.goto(campaign_site.url + "/accounts/login/")
    page.locator("#id_username").fill(CAMPAIGNER[0])
    page.locator("#id_password").fill(CAMPAIGNER[1])
    page.locator("main form button[type=submit]").click()
    code, _step = current_code(CAMPAIGNER[0], 0)
    page.locator("#id_code").fill(code)
    page.locator("main form button.primary[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Supporters")  # a campaigner's first page
    page.locator("#q").fill("sara.signer")
    page.locator("form.filters button[type=submit]").click()
    page.locator("table a").first.click()
    expect(page.locator("dl.facts")).to_contain_text("sara.signer@example.org")
    expect(page.locator("dl.facts")).to_contain_text(NAME_AR)
    shot(page, "supporter-detail-en")
    page.locator("form.langs button[value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shot(page, "supporter-detail-ar")
    page.set_viewport_size(PHONE)
    shot(page, "supporter-detail-ar-phone")
    page.locator("form.langs button[value=en]").click()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(campaign_site.url + "/campaigns/petitions/")
    page.locator("table a").first.click()
    before = int(page.locator("dl.facts dd").first.inner_text().replace(",", ""))
    page.locator("#id_kind").select_option("domain")
    page.locator("#id_value").fill("generated.example")
    page.locator("#id_reason").fill("Generated demo signatures")
    page.locator("button[name=preview]").click()
    expect(page.locator("form [role=status]")).to_contain_text("remove")
    page.locator("button[name=run]").click()
    expect(page.locator(".messages")).to_contain_text("Invalidation queued")
    jobs = ""
    deadline = time.monotonic() + 60  # the worker looks for jobs every second
    while time.monotonic() < deadline:
        page.reload()
        jobs = page.locator("table.jobs").inner_text()
        if "Done" in jobs or "Failed" in jobs:
            break
        time.sleep(0.5)
    after = int(page.locator("dl.facts dd").first.inner_text().replace(",", ""))
    assert after < before, f"the job list reads: {jobs}"
    deadline = time.monotonic() + 15  # the public count is cached 10 s in each process
    while time.monotonic() < deadline:
        page.goto(f"{campaign_site.url}/petitions/{SLUG}/")
        if _count(page) == after and page.locator("ol.legend").count():
            break
        time.sleep(1)
    assert _count(page) == after
    expect(page.locator("ol.legend")).to_contain_text("Generated demo signatures")
    page.set_viewport_size(PHONE)
    shot(page, "petition-after-invalidation-phone")
