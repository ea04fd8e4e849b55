"""Events: registration with a ticket (QR code and calendar file, through a real SMTP server on
loopback), paid places held until payment is recorded, the waiting list and its time-limited
offers, cancellation from the attendee's link, count-only registration that keeps nothing that
names anyone, reminders the day before, check-in once, staff pages, and supporters' rights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import verify_chain
from carewatch.events import changes, checkin, jobs, tickets
from carewatch.events.choices import Attendance, CheckIn, EventKind, RegistrationState
from carewatch.events.models import Event, Follower, Registration
from carewatch.lib.ratelimit import Limit
from carewatch.supporters import services_supporters
from carewatch.supporters.models import Consent, Supporter
from event_support import TITLES, local_start, make_event, register, registration_link
from import_fixtures import run_jobs

pytestmark = pytest.mark.django_db
SITE = "https://carewatch.example"


@pytest.fixture(autouse=True)
def fresh_limits(settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.CAREWATCH_SITE_URL = SITE


def _parts(arrived: Any) -> dict[str, Any]:
    """The message's parts by content type (attachments by file name)."""
    message = arrived.message
    found: dict[str, Any] = {}
    for part in message.walk():
        name = part.get_filename()
        if name:
            found[name] = part
        elif part.get_content_type() in ("text/plain", "text/html"):
            found[part.get_content_type()] = part.get_content()
    return found


def _local(url: str) -> str:
    return url.removeprefix(SITE)


# --- a ticket by email -----------------------------------------------------------------------


def test_registering_in_french_sends_the_ticket_with_a_qr_code_and_a_calendar_file(
    client: Client, smtp: Any
) -> None:
    event = make_event()
    response = register(client, event, "jeanne@example.org", language="fr")
    assert response.status_code == 302 and "/thanks/" in response["Location"]
    run_jobs()
    [arrived] = smtp.arrived
    message = arrived.message
    assert message["Subject"] == f"Votre billet : {TITLES['fr']}"
    assert message["Content-Language"] == "fr" and "One-Click" in message["List-Unsubscribe-Post"]
    parts = _parts(arrived)
    row = Registration.objects.get()
    assert row.state == RegistrationState.CONFIRMED and len(row.code or "") == 10
    assert tickets.shown(row.code or "") in parts["text/plain"]
    assert "Salons Vianey" in parts["text/html"] and "Europe/Paris" in parts["text/plain"]
    png = parts["ticket.png"].get_payload(decode=True)
    assert png == tickets.qr_png(row.code or "")  # the QR holds the code and nothing else
    assert segno.make(row.code, error="m").designator  # the code fits a QR of its own kind
    calendar = Calendar.from_ical(parts["event.ics"].get_payload(decode=True))
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["summary"]) == TITLES["fr"]
    assert "Salons Vianey" in str(entry["location"])
    assert parts["event.ics"].get_content_type() == "text/calendar"


def test_the_thanks_page_says_the_same_whoever_the_address_is(client: Client, smtp: Any) -> None:
    """A visitor cannot learn whether someone is registered: a second form for the same address
    answers as the first did, makes no second registration, and sends the ticket again."""
    event = make_event()
    first = register(client, event, "Jeanne@Example.org")
    again = register(client, event, "jeanne@example.org", address="198.51.100.4")
    assert first["Location"] == again["Location"]
    page = client.get(first["Location"]).content.decode()
    assert "jeanne" not in page.lower()
    run_jobs()
    assert Registration.objects.count() == 1 and Supporter.objects.count() == 1
    assert len(smtp.arrived) == 2 and all("ticket.png" in _parts(a) for a in smtp.arrived)


def test_the_link_in_the_message_shows_the_ticket_and_cancels_it(client: Client, smtp: Any) -> None:
    event = make_event()
    register(client, event, "jeanne@example.org")
    run_jobs()
    link = _local(registration_link(smtp.arrived[0].raw.decode()))
    page = client.get(link)
    row = Registration.objects.get()
    assert page.status_code == 200 and tickets.shown(row.code or "") in page.content.decode()
    assert "data:image/png;base64," in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert client.get(link).status_code == 200  # opening it again changes nothing
    assert Registration.objects.get().state == RegistrationState.CONFIRMED
    client.post(link, {"action": "cancel"})
    row.refresh_from_db()
    assert row.state == RegistrationState.CANCELLED
    refused = client.post(link, {"action": "cancel"})
    assert refused.status_code == 400 and "no longer active" in refused.content.decode()
    assert client.get(link[:-8] + "xxxxxxx/").status_code == 404  # a forged link


# --- paid places, the waiting list ------------------------------------------------------------


def test_a_paid_place_is_held_until_staff_record_the_payment(
    client: Client, smtp: Any, campaigner: Any
) -> None:
    event = make_event(tickets=[("diner", Decimal("150.00"), 1, None)])
    register(client, event, "payer@example.org", language="fr")
    run_jobs()
    row = Registration.objects.get()
    assert row.state == RegistrationState.UNPAID and row.code is None
    held = _parts(smtp.arrived[0])
    assert "150.00 EUR" in held["text/plain"] and "FR76 0000" in held["text/plain"]
    assert "ticket.png" not in held
    client.force_login(campaigner)
    client.post(reverse("event-registration-pay", args=[row.pk]), {"reference": "VIR-2017-11"})
    run_jobs()
    row.refresh_from_db()
    assert row.state == RegistrationState.CONFIRMED and row.paid_at and row.code
    assert "ticket.png" in _parts(smtp.arrived[1])
    entry = AuditEntry.objects.get(action="carewatch.registration.paid")
    assert entry.after == {"amount": "150.00", "reference": "VIR-2017-11"}


def test_a_full_event_puts_people_on_a_waiting_list_they_can_leave(
    client: Client, smtp: Any
) -> None:
    event = make_event(capacity=1)
    register(client, event, "first@example.org")
    register(client, event, "second@example.org", address="198.51.100.2")
    run_jobs()
    second = Registration.objects.get(supporter__email="second@example.org")
    assert second.state == RegistrationState.WAITING and second.code is None
    waiting_mail = next(a for a in smtp.arrived if "second@example.org" in a.recipients)
    assert "waiting list" in waiting_mail.message["Subject"].lower()
    link = _local(registration_link(waiting_mail.raw.decode()))
    assert "Leave the waiting list" in client.get(link).content.decode()
    client.post(link, {"action": "cancel"})
    second.refresh_from_db()
    assert second.state == RegistrationState.LEFT


def test_a_place_freed_is_offered_in_order_for_a_limited_time_then_passes_on(
    client: Client, smtp: Any, settings: Any
) -> None:
    settings.CAREWATCH_EVENT_OFFER_HOURS = 2
    event = make_event(capacity=1)
    for n, who in enumerate(("first", "second", "third")):
        register(client, event, f"{who}@example.org", address=f"198.51.100.{n + 1}")
    run_jobs()
    first, second, third = Registration.objects.order_by("pk")
    changes.cancel(registration=first, actor="attendee link")
    run_jobs()  # the job offers the freed place
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == RegistrationState.OFFERED and third.state == RegistrationState.WAITING
    assert second.offer_expires_at and second.offer_expires_at - timezone.now() < timedelta(hours=2)
    offer = [a for a in smtp.arrived if "second@example.org" in a.recipients][-1]
    assert "A place is free for you" in offer.message["Subject"]
    # Not taken in time: it lapses and goes to the next.
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    refused = client.post(_local(registration_link(offer.raw.decode())), {"action": "accept"})
    assert refused.status_code == 400 and "expired" in refused.content.decode()
    assert jobs.lapse_expired(event_id=event.pk) == [second.pk]
    run_jobs()
    third.refresh_from_db()
    assert third.state == RegistrationState.OFFERED
    offer3 = [a for a in smtp.arrived if "third@example.org" in a.recipients][-1]
    client.post(_local(registration_link(offer3.raw.decode())), {"action": "accept"})
    run_jobs()
    third.refresh_from_db()
    assert third.state == RegistrationState.CONFIRMED and third.code
    last = [a for a in smtp.arrived if "third@example.org" in a.recipients][-1]
    assert "ticket.png" in _parts(last)


def test_a_table_of_ten_waits_while_single_seats_that_fit_are_offered(client: Client) -> None:
    event = make_event(
        capacity=11,
        tickets=[("seat", Decimal(0), 1, None), ("table", Decimal(0), 10, None)],
    )
    seat, table = event.ticket_types.order_by("position")
    register(client, event, "a@example.org", ticket=table)
    register(client, event, "b@example.org", ticket=seat, address="198.51.100.2")
    register(client, event, "c@example.org", ticket=table, address="198.51.100.3")
    register(client, event, "d@example.org", ticket=seat, address="198.51.100.4")
    states = dict(Registration.objects.values_list("supporter__email", "state"))
    assert states == {
        "a@example.org": "confirmed",
        "b@example.org": "confirmed",
        "c@example.org": "waiting",
        "d@example.org": "waiting",
    }
    b = Registration.objects.get(supporter__email="b@example.org")
    changes.cancel(registration=b, actor="attendee link")
    assert jobs.offer_free_places(event_id=event.pk) == [
        Registration.objects.get(supporter__email="d@example.org").pk
    ]


# --- count-only registration ------------------------------------------------------------------


def test_a_protest_counts_people_without_keeping_anything_that_names_them(
    client: Client, smtp: Any
) -> None:
    event = make_event(
        slug="toronto",
        kind=EventKind.PROTEST,
        attendance=Attendance.ANONYMOUS,
        capacity=None,
        time_zone="America/Toronto",
        city="Toronto",
        country="CA",
    )
    page = client.get(reverse("event-page", args=[event.slug]), HTTP_ACCEPT_LANGUAGE="ar")
    body = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in body
    assert "America/Toronto" in body and "Anyone" in body
    assert 'name="name"' not in body
    response = register(client, event, language="ar")
    assert response.status_code == 302 and response["Location"].endswith("?counted=1")
    register(client, event, "updates@example.org", address="198.51.100.9")
    assert Registration.objects.filter(event=event, state="confirmed").count() == 2
    assert not Registration.objects.filter(supporter__isnull=False).exists()
    assert Registration.objects.filter(code__isnull=False).count() == 0
    [follower] = Follower.objects.all()
    assert follower.supporter.email == "updates@example.org"
    assert Consent.objects.get().wording.purpose == "event_updates"
    run_jobs()
    [arrived] = smtp.arrived
    assert "event.ics" in _parts(arrived) and "ticket.png" not in _parts(arrived)
    for entry in AuditEntry.objects.filter(action="carewatch.registration.counted"):
        assert "updates@example.org" not in str(entry.after)
    page = client.get(reverse("event-page", args=[event.slug])).content.decode()
    assert "2</strong> people said they will come" in page


def test_the_public_forms_guards_refuse_bots_and_bursts_in_the_visitors_language(
    client: Client, settings: Any
) -> None:
    event = make_event()
    bot = register(client, event, "bot@example.org", language="fr", website="http://spam")
    assert bot.status_code == 400 and Registration.objects.count() == 0
    assert "rempli par un programme" in bot.content.decode()
    settings.CAREWATCH_FORM_BURST = Limit(2, 60)
    codes = [
        register(client, event, f"p{n}@example.org", language="ar").status_code for n in range(4)
    ]
    assert codes[:2] == [302, 302] and codes[2:] == [429, 429]
    refused = register(client, event, "p9@example.org", language="ar")
    assert 'dir="rtl"' in refused.content.decode() and "نماذج كثيرة" in refused.content.decode()


def test_a_closed_draft_or_past_event_takes_no_registration(client: Client) -> None:
    past = make_event(slug="past", starts_at=timezone.now() - timedelta(days=3))
    assert register(client, past, "late@example.org").status_code == 400
    draft = make_event(slug="draft", status="draft")
    assert client.get(reverse("event-page", args=[draft.slug])).status_code == 404
    assert register(client, draft, "x@example.org").status_code == 404
    assert not Registration.objects.exists()


# --- reminders ---------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_and_not_for_a_start_that_moved(
    client: Client, smtp: Any
) -> None:
    event = make_event()
    register(client, event, "jeanne@example.org")
    run_jobs()
    jobs.queue_reminders(event)
    event.refresh_from_db()
    assert event.reminders_for == event.starts_at
    start = int(event.starts_at.timestamp())
    assert jobs.send_reminders.call(event.pk, start - 3600) == 0  # the event moved since
    assert jobs.send_reminders.call(event.pk, start) == 1
    assert jobs.send_reminders.call(event.pk, start) == 0  # once each
    run_jobs()
    reminder = smtp.arrived[-1]
    assert reminder.message["Subject"].startswith("Tomorrow")
    assert "ticket.png" in _parts(reminder) and "event.ics" in _parts(reminder)


# --- check-in ----------------------------------------------------------------------------------


def test_a_ticket_is_checked_in_once_and_refused_after(client: Client, campaigner: Any) -> None:
    event = make_event()
    register(client, event, "jeanne@example.org")
    row = Registration.objects.get()
    typed = tickets.shown(row.code or "").lower().replace("0", "o")  # typed as people type
    first = checkin.check_in(event=event, code=typed, actor=campaigner)
    again = checkin.check_in(event=event, code=row.code or "", actor=campaigner)
    assert first.outcome == CheckIn.ACCEPTED and again.outcome == CheckIn.ALREADY
    assert again.at == first.at
    other = make_event(slug="other")
    assert checkin.check_in(event=other, code=row.code or "", actor=campaigner).outcome == (
        CheckIn.UNKNOWN
    )
    assert AuditEntry.objects.filter(action="carewatch.registration.checked_in").count() == 1


def test_the_sync_accepts_each_ticket_once_whatever_the_devices_say(
    client: Client, campaigner: Any
) -> None:
    event = make_event(tickets=[("place", Decimal(0), 1, None), ("paid", Decimal(10), 1, None)])
    register(client, event, "a@example.org")
    _free, paid_ticket = event.ticket_types.order_by("position")
    register(client, event, "b@example.org", ticket=paid_ticket, address="198.51.100.2")
    a = Registration.objects.get(supporter__email="a@example.org")
    unpaid = Registration.objects.get(supporter__email="b@example.org")
    unpaid.code = tickets.code_for(unpaid.pk, unpaid.nonce)
    unpaid.save()
    client.force_login(campaigner)
    url = reverse("event-checkin-sync", args=[event.pk])
    now = timezone.now().isoformat()
    body = {
        "device": "phone-1",
        "checkins": [
            {"code": a.code, "at": now},
            {"code": a.code, "at": now},
            {"code": "ZZZZZZZZZZ", "at": now},
            {"code": unpaid.code, "at": "not a time"},
        ],
    }
    answer = client.post(url, body, content_type="application/json").json()
    outcomes = [r["outcome"] for r in answer["results"]]
    assert outcomes == ["accepted", "already", "unknown", "not_valid"]
    assert client.post(url, "{nope", content_type="application/json").status_code == 400
    manifest = client.get(reverse("event-checkin-tickets", args=[event.pk])).json()
    assert manifest["tickets"] == {
        tickets.code_hash(a.code or ""): {"seats": 1, "kind": "Ticket place", "in": True}
    }
    assert "a@example.org" not in str(manifest)


def test_check_in_pages_are_for_campaign_staff_only(
    client: Client, verifier: Any, campaigner: Any
) -> None:
    event = make_event()
    client.force_login(verifier)
    for name in ("event-checkin", "event-checkin-tickets", "event-staff"):
        assert client.get(reverse(name, args=[event.pk])).status_code in (403, 404)
    client.force_login(campaigner)
    page = client.get(reverse("event-checkin", args=[event.pk]))
    assert page.status_code == 200 and "checkin.js" in page.content.decode()


# --- staff pages --------------------------------------------------------------------------------


def _event_form(**over: Any) -> dict[str, Any]:
    data = {
        "slug": "toronto-protest",
        "kind": "protest",
        "status": "published",
        "attendance": "anonymous",
        "time_zone": "America/Toronto",
        "starts": "2030-10-01T13:00",
        "ends": "2030-10-01T15:00",
        "venue": "Consulate General of the Russian Federation",
        "address": "175 Bloor St. E",
        "city": "Toronto",
        "country": "CA",
        "en-title": "Protest in Toronto",
        "en-who": "Anyone opposed to the killing of civilians.",
        "fr-title": "",
        "ar-title": "وقفة احتجاجية في تورنتو",
    }
    for i in range(4):
        data |= {f"t{i}-code": "", f"t{i}-currency": "EUR"}
    return data | over


def test_staff_write_an_event_in_its_own_time_zone(client: Client, campaigner: Any) -> None:
    client.force_login(campaigner)
    response = client.post(reverse("event-new"), _event_form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert local_start(event).hour == 13 and event.starts_at.hour == 17  # 13:00 EDT is 17:00 UTC
    assert event.texts.count() == 2 and not event.ticket_types.exists()
    assert AuditEntry.objects.filter(action="carewatch.event.created").count() == 1
    bad = client.post(
        reverse("event-edit", args=[event.pk]),
        _event_form(ends="2030-10-01T12:00", **{"t0-code": "vip", "t0-price": "-3"}),
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "The end comes after the start." in text and "Name the ticket" in text
    event.refresh_from_db()
    assert local_start(event).hour == 13  # nothing written


def test_the_organiser_sees_counts_exports_attendees_and_cancels_with_a_reason(
    client: Client, campaigner: Any, smtp: Any
) -> None:
    event = make_event()
    register(client, event, "jeanne@example.org", name="=HYPERLINK(1)")
    row = Registration.objects.get()
    checkin.check_in(event=event, code=row.code or "", actor=campaigner)
    client.force_login(campaigner)
    page = client.get(reverse("event-staff", args=[event.pk])).content.decode()
    assert "=HYPERLINK(1)" in page and "Check-in at the door" in page
    exported = b"".join(
        client.get(reverse("event-attendees", args=[event.pk])).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in exported and "jeanne@example.org" in exported
    assert AuditEntry.objects.filter(action="carewatch.event.attendees_exported").exists()
    client.post(reverse("event-registration-cancel", args=[row.pk]), {"reason": ""})
    row.refresh_from_db()
    assert row.state == RegistrationState.CONFIRMED  # no reason, no change
    client.post(reverse("event-registration-cancel", args=[row.pk]), {"reason": "Asked by phone"})
    row.refresh_from_db()
    assert row.state == RegistrationState.CANCELLED
    assert AuditEntry.objects.get(action="carewatch.registration.cancelled").reason == (
        "Asked by phone"
    )
    assert verify_chain() is None


def test_a_commemoration_reads_out_cleared_names_only(
    client: Client, campaigner: Any, make_incident: Any
) -> None:
    from datetime import date

    event = make_event(
        slug="doctors-in-danger",
        kind=EventKind.COMMEMORATION,
        memorial_from=date(2011, 3, 1),
        memorial_to=date(2017, 9, 27),
    )
    client.force_login(campaigner)
    page = client.get(reverse("event-reading", args=[event.pk]))
    assert page.status_code == 200 and "names cleared for the public only" in page.content.decode()
    pdf = client.get(reverse("event-reading", args=[event.pk]) + "?as=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    public = client.get(reverse("event-page", args=[event.slug])).content.decode()
    assert reverse("memorial") in public


# --- supporters' rights ------------------------------------------------------------------------


def test_export_erasure_and_merge_carry_registrations(client: Client, campaigner: Any) -> None:
    event = make_event()
    register(client, event, "jeanne@example.org")
    supporter = Supporter.objects.get()
    data = services_supporters.exported(supporter=supporter, actor=campaigner)
    assert data["events"][0]["event"] == "gala" and data["events"][0]["state"] == "confirmed"
    other = make_event(slug="protest", kind="protest", attendance="anonymous", capacity=None)
    register(client, other, "jeanne+updates@example.org", address="198.51.100.5")
    duplicate = Supporter.objects.exclude(pk=supporter.pk).get()
    services_supporters.merge(keep=supporter, duplicate=duplicate, actor=campaigner)
    assert Follower.objects.get().supporter_id == supporter.pk
    services_supporters.erase(supporter=supporter, actor=campaigner)
    assert Registration.objects.filter(event=event, state="confirmed").count() == 1  # counted
    assert not Follower.objects.exists()  # updates stop


def test_every_date_and_time_reads_in_the_events_zone_and_language() -> None:
    from carewatch.events import present

    start = datetime(2017, 9, 28, 16, 0, tzinfo=UTC)
    event = Event(
        slug="x",
        kind="commemoration",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        time_zone="Europe/Paris",
        venue="Parvis de l'Hôtel de Ville",
        city="Paris",
        country="FR",
    )
    assert present.when(event, "fr") == "28 septembre 2017, 18:00 – 22:00 (Europe/Paris)"
    assert present.when(event, "en") == "28 September 2017, 18:00 – 22:00 (Europe/Paris)"
    assert "سبتمبر" in present.when(event, "ar") or "أيلول" in present.when(event, "ar")
    assert present.where(event, "fr") == "Parvis de l'Hôtel de Ville, Paris, France"


def test_cancelling_the_event_tells_everyone_once(
    client: Client, smtp: Any, campaigner: Any
) -> None:
    event = make_event(capacity=1)
    register(client, event, "in@example.org")
    register(client, event, "waiting@example.org", address="198.51.100.2")
    run_jobs()
    smtp.arrived.clear()
    form = {
        "slug": event.slug,
        "kind": event.kind,
        "status": "cancelled",
        "attendance": event.attendance,
        "time_zone": event.time_zone,
        "starts": local_start(event).strftime("%Y-%m-%dT%H:%M"),
        "ends": (local_start(event) + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "1",
        "en-title": "Gala",
        "t0-code": "place",
        "t0-name_en": "Seat",
        "t0-currency": "EUR",
    }
    client.force_login(campaigner)
    assert client.post(reverse("event-edit", args=[event.pk]), form).status_code == 302
    run_jobs()
    subjects = sorted(a.message["Subject"] for a in smtp.arrived)
    assert subjects == ["Event cancelled: Gala", "Event cancelled: Gala"]
    assert set(Registration.objects.values_list("state", flat=True)) == {"cancelled"}
    assert client.post(reverse("event-edit", args=[event.pk]), form).status_code == 302
    run_jobs()
    assert len(smtp.arrived) == 2  # saved again: nobody told twice
    page = client.get(reverse("event-page", args=[event.slug])).content.decode()
    assert "This event is cancelled." in page


def test_the_staff_list_counts_each_events_seats_in_one_query(
    client: Client, campaigner: Any, django_assert_max_num_queries: Any
) -> None:
    gala = make_event("gala", capacity=40, tickets=[("couple", Decimal(0), 2, None)])
    later = timezone.now() + timedelta(days=9)
    make_event("vigil", EventKind.PROTEST, Attendance.ANONYMOUS, capacity=None, starts_at=later)
    register(client, gala, "pair@example.org")
    client.force_login(campaigner)
    url = reverse("event-staff-list")
    with django_assert_max_num_queries(100) as two:
        page = client.get(url).content.decode()
    held = [cell.split("<")[0] for cell in page.split('<td dir="ltr">')[1:]]
    assert held == ["0", "—", "2", "40"]  # the vigil (later) first: seats held, then places
    for n in range(3):
        make_event(f"meeting-{n}", capacity=10)
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert client.get(url).status_code == 200
