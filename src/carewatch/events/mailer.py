"""The messages an attendee receives, queued on the job queue's mail queue in the
registration's own transaction: the ticket (with the event as a calendar file and the QR code),
a place held for payment, the waiting list, a place offered, a cancellation, the reminder."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from carewatch.events import present, tickets
from carewatch.events.models import Event, Registration
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.mailer import attachment
from carewatch.supporters.models import Supporter

TEMPLATE = "event_message"
#: The kinds of message that carry the ticket (its QR code) and the calendar file.
WITH_TICKET = ("ticket", "reminder")


def event_url(event: Event) -> str:
    return settings.CAREWATCH_SITE_URL + reverse("event-page", args=[event.slug])


def _data(event: Event, language: str, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": present.title_in(event, language),
        "when": present.when(event, language),
        "where": present.where(event, language),
        "event_url": event_url(event),
    }


def queue_for(registration: Registration, kind: str) -> None:
    """Queue message ``kind`` to the registration's supporter (none for a count-only one)."""
    supporter = registration.supporter
    if supporter is None or not supporter.email:
        return
    event, language = registration.event, registration.language
    data = _data(event, language, kind) | {
        "manage_url": tickets.link_url(registration),
        "seats": registration.seats,
        "ticket": registration.ticket_type.name_in(language) if registration.ticket_type else "",
        "code": tickets.shown(registration.code or ""),
        "amount": f"{registration.amount_due} {_currency(registration)}",
        "offer_until": _offer_until(registration, language),
        "payment_note": _payment_note(event, language),
    }
    files = []
    if kind in WITH_TICKET and registration.code:
        files = [
            attachment("ticket.png", "image/png", tickets.qr_png(registration.code)),
            attachment("event.ics", "text/calendar", _ics(event, language)),
        ]
    queue_message(
        to=supporter.email,
        template=TEMPLATE,
        data=data,
        language=language,
        requested=kind != "reminder",
        attachments=files,
    )


def queue_follower(event: Event, supporter: Supporter, kind: str) -> None:
    """A message to someone who asked for updates about a count-only event."""
    if not supporter.email:
        return
    language = supporter.language
    queue_message(
        to=supporter.email,
        template=TEMPLATE,
        data=_data(event, language, kind) | {"follower": True},
        language=language,
        attachments=[attachment("event.ics", "text/calendar", _ics(event, language))],
    )


def _ics(event: Event, language: str) -> bytes:
    return tickets.ics(
        event,
        present.title_in(event, language),
        where=present.where(event, language),
        url=event_url(event),
        now=timezone.now(),
    )


def _currency(registration: Registration) -> str:
    return registration.ticket_type.currency if registration.ticket_type else ""


def _offer_until(registration: Registration, language: str) -> str:
    until = registration.offer_expires_at
    if until is None:
        return ""
    event = registration.event
    return present.when_at(event, until, language)


def _payment_note(event: Event, language: str) -> str:
    text = present.text_in(event, language)
    return text.payment_note if text else ""
