"""Events in a real browser: registering for the gala in French, with the ticket (a QR code and
a calendar file) arriving at a real SMTP server on loopback; joining and leaving a waiting list;
checking tickets in on a 390 px phone by typed code, through a dropped connection, with a ticket
another phone let in refused once this one syncs; counting oneself in for a protest in Arabic
without giving a name.

Serves a copy of the demo (its coming gala ``gala-demo`` and protest ``protest-demo``) with a
worker beside it. ``CAREWATCH_SCREENSHOTS=/folder`` keeps screenshots.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
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

from carewatch.events import tickets
from mail_support import LoopbackSMTP, arrived_for

pytestmark = pytest.mark.browser

CAMPAIGNER = ("campaigner", "demo-campaigner-2017")
GALA, PROTEST = "gala-demo", "protest-demo"


@pytest.fixture(scope="module")
def smtp() -> Iterator[LoopbackSMTP]:
    with LoopbackSMTP() as server:
        yield server


@pytest.fixture(scope="module")
def events_site(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate, smtp: LoopbackSMTP
) -> Iterator[Site]:
    if not Path(CHROMIUM).exists():
        needs(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    data = demo_template.copy(tmp_path_factory, "carewatch-events")
    mail = {
        "CAREWATCH_EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=false",
        "CAREWATCH_SITE_URL": "{url}",
        "CAREWATCH_FORM_MIN_SECONDS": "1",
    }
    with served(data, mail) as site:
        yield site


def _attachments(message: Any) -> dict[str, bytes]:
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


def _register(page: Any, site: Site, ticket_code: str, name: str, email: str) -> None:
    [(ticket,)] = site.query(
        "select t.id from events_tickettype t join events_event e on e.id = t.event_id "
        "where e.slug = ? and t.code = ?",
        GALA,
        ticket_code,
    )
    page.goto(f"{site.url}/events/{GALA}/")
    page.locator(f"input[name=ticket][value='{ticket}']").check()
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    time.sleep(1.2)  # people read before they send (CAREWATCH_FORM_MIN_SECONDS=1 here)
    page.locator("form.sign-form button[type=submit]").click()


def _link(message: Any) -> str:
    found = re.search(
        r"http://\S+/events/registration/\S+/", message.get_body(("plain",)).get_content()
    )
    assert found, message.get_body(("plain",)).get_content()
    return found.group(0)


def test_registering_for_the_gala_in_french_sends_a_ticket_then_a_waiting_list_place(
    events_site: Site, smtp: LoopbackSMTP, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    page = request.getfixturevalue("new_page")()
    page.context.add_cookies(
        [{"name": "carewatch_language", "value": "fr", "url": events_site.url}]
    )
    _register(page, events_site, "invitation", "Jeanne Dupont", "jeanne.gala@example.org")
    expect(page.locator("h1")).to_have_text("Merci")
    message = arrived_for(smtp, "jeanne.gala@example.org")
    assert message["Subject"].strip() == "Votre billet : Dîner de gala de l'UOSSM (démo)"
    assert message["Content-Language"] == "fr"
    files = _attachments(message)
    [entry] = Calendar.from_ical(files["event.ics"]).walk("VEVENT")
    assert str(entry["summary"]) == "Dîner de gala de l'UOSSM (démo)"
    assert "Salons Vianey" in str(entry["location"])
    [(code,)] = events_site.query(
        "select r.code from events_registration r "
        "join supporters_supporter s on s.id = r.supporter_id where s.email = ?",
        "jeanne.gala@example.org",
    )
    assert files["ticket.png"] == tickets.qr_png(code)
    assert tickets.shown(code) in message.get_body(("plain",)).get_content()
    page.goto(_link(message))
    expect(page.locator(".ticket figcaption")).to_contain_text(tickets.shown(code))
    shot(page, "event-ticket-fr")

    # The last invitation is gone: the next person joins the waiting list, and leaves it.
    _register(page, events_site, "invitation", "Karim Haddad", "karim.gala@example.org")
    expect(page.locator("h1")).to_have_text("Merci")
    waiting = arrived_for(smtp, "karim.gala@example.org")
    assert waiting["Subject"].strip() == "Liste d'attente : Dîner de gala de l'UOSSM (démo)"
    page.goto(f"{events_site.url}/events/{GALA}/")
    expect(page.locator("form.sign-form")).to_contain_text("complet : liste d'attente")
    shot(page, "event-gala-fr")
    page.goto(_link(waiting))
    expect(page.locator("main")).to_contain_text("En liste d'attente")
    page.locator("button[value=cancel]").click()
    expect(page.locator("main")).to_contain_text("A quitté la liste d'attente")
    assert page.locator("button[value=cancel]").count() == 0
    page.set_viewport_size(PHONE)
    shot(page, "event-left-waiting-list-fr-phone")


def _sign_in(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/accounts/login/")
    page.locator("#id_username").fill(CAMPAIGNER[0])
    page.locator("#id_password").fill(CAMPAIGNER[1])
    page.locator("main form button[type=submit]").click()
    code, _step = current_code(CAMPAIGNER[0], 0)
    page.locator("#id_code").fill(code)
    page.locator("main form button.primary[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Supporters")


def _check(page: Any, code: str) -> str:
    page.locator("#checkin-code").fill(code)
    page.locator("#checkin-form button[type=submit]").click()
    page.wait_for_function("document.getElementById('checkin-result').textContent.length > 0")
    text: str = page.locator("#checkin-result").inner_text()
    page.evaluate("document.getElementById('checkin-result').textContent = ''")
    return text


def test_check_in_on_a_phone_keeps_working_offline_and_accepts_each_ticket_once(
    events_site: Site, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    chromium = request.getfixturevalue("browser")
    page = request.getfixturevalue("new_page")(PHONE)
    _sign_in(page, events_site)
    [(event,)] = events_site.query("select id from events_event where slug = ?", GALA)
    rows = events_site.query(
        "select code from events_registration where event_id = ? and state = 'confirmed' "
        "and code is not null and checked_in_at is null order by id limit 3",
        event,
    )
    first, second, third = (code for (code,) in rows)
    page.goto(f"{events_site.url}/campaigns/events/{event}/check-in/")
    expect(page.locator("#checkin-count")).to_contain_text("of")
    expect(page.locator("#checkin-online")).to_have_text("connected")
    assert "Welcome" in _check(page, tickets.shown(first).lower())  # typed as people type
    expect(page.locator("#checkin-queue")).to_have_text("everything sent")
    assert "already" in _check(page, first)
    shot(page, "checkin-phone-en")

    # Another phone, with the same sign-in, stays connected.
    other = chromium.new_context(viewport=PHONE, storage_state=page.context.storage_state())
    other_page = other.new_page()
    other_page.goto(f"{events_site.url}/campaigns/events/{event}/check-in/")
    expect(other_page.locator("#checkin-online")).to_have_text("connected")

    page.context.set_offline(True)
    assert "Welcome" in _check(page, second)
    expect(page.locator("#checkin-online")).to_contain_text("offline")
    assert "already" in _check(page, second)  # refused on the phone itself, offline
    assert "no such ticket" in _check(page, "ZZZZZ-ZZZZZ")
    assert "Welcome" in _check(other_page, third)  # the other phone lets it in first
    assert "Welcome" in _check(page, third)  # this one cannot know yet
    expect(page.locator("#checkin-queue")).to_contain_text("2 check-ins waiting")
    shot(page, "checkin-phone-offline-en")
    assert events_site.query(
        "select checked_in_at from events_registration where code = ?", second
    ) == [(None,)]

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#checkin-queue")).to_have_text("everything sent", timeout=20_000)
    expect(page.locator("#checkin-refused")).to_contain_text(tickets.shown(third))
    expect(page.locator("#checkin-refused")).to_contain_text("already checked in")
    shot(page, "checkin-phone-synced-en")
    [(at,)] = events_site.query(
        "select checked_in_at from events_registration where code = ?", second
    )
    assert at is not None
    assert events_site.query(
        "select count(*) from audit_auditentry where action = 'carewatch.registration.checked_in'"
    ) == [(3,)]
    assert "already" in _check(page, second)
    other.close()


def test_counting_oneself_in_for_a_protest_in_arabic_asks_for_no_name(
    events_site: Site, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    page = request.getfixturevalue("new_page")()
    page.context.add_cookies(
        [{"name": "carewatch_language", "value": "ar", "url": events_site.url}]
    )
    page.goto(f"{events_site.url}/events/{PROTEST}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("dl.protest-facts")).to_contain_text("America/Toronto")
    before = int(page.locator(".count-figure strong").inner_text())
    assert page.locator("#id_name").count() == 0
    shot(page, "event-protest-ar")
    page.set_viewport_size(PHONE)
    shot(page, "event-protest-ar-phone")
    time.sleep(1.2)
    page.locator("form.sign-form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("حُسبتَ")
    page.goto(f"{events_site.url}/events/{PROTEST}/")
    assert int(page.locator(".count-figure strong").inner_text()) == before + 1
    [(anonymous,)] = events_site.query(
        "select count(*) from events_registration r join events_event e on e.id = r.event_id "
        "where e.slug = ? and r.supporter_id is null",
        PROTEST,
    )
    assert anonymous == before + 1
