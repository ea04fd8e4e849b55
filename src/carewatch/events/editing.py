"""Writing an event from the staff pages (audited, keyword-only): its settings, its words per
language and its ticket kinds. The log keeps the event before and after; no attendee is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.events import jobs
from carewatch.events.choices import EventStatus
from carewatch.events.models import Event, EventText, TicketType

TEXT_FIELDS = ("title", "description", "who", "what", "why", "payment_note")


class EditRefused(ValueError):
    """The change cannot be saved; the message says why, in the user's language."""


@dataclass(frozen=True)
class Settings:
    slug: str
    kind: str
    status: str
    attendance: str
    time_zone: str
    starts_at: datetime
    ends_at: datetime
    venue: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    online_url: str = ""
    capacity: int | None = None
    memorial_from: date | None = None
    memorial_to: date | None = None


@dataclass(frozen=True)
class Ticket:
    code: str
    names: dict[str, str]
    price: Decimal
    currency: str
    seats: int
    quota: int | None


def _state(event: Event) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "kind": event.kind,
        "status": event.status,
        "attendance": event.attendance,
        "time_zone": event.time_zone,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "place": [event.venue, event.address, event.city, event.country, event.online_url],
        "capacity": event.capacity,
        "memorial": [str(event.memorial_from or ""), str(event.memorial_to or "")],
        "texts": {t.language: {f: getattr(t, f) for f in TEXT_FIELDS} for t in event.texts.all()},
        "tickets": [
            [t.code, t.names, str(t.price), t.currency, t.seats, t.quota]
            for t in event.ticket_types.all()
        ],
    }


@transaction.atomic
def save_event(
    *,
    event: Event | None,
    settings: Settings,
    words: dict[str, dict[str, str]],
    tickets: list[Ticket],
    actor: Any,
) -> Event:
    """Create an event (``event`` None) or change one. ``words`` per language replace its texts;
    ``tickets`` its ticket kinds (one that has registrations cannot be removed)."""
    before = _state(event) if event is not None else None
    event = event or Event()
    for field, value in vars(settings).items():
        setattr(event, field, value)
    event.save()
    event.texts.exclude(language__in=list(words)).delete()
    for language, text in words.items():
        EventText.objects.update_or_create(event=event, language=language, defaults=text)
    _save_tickets(event, tickets)
    log_action(
        action="carewatch.event.created" if before is None else "carewatch.event.changed",
        actor=actor,
        obj=event,
        before=before,
        after=_state(event),
    )
    jobs.queue_reminders(event)
    if before is not None and before["status"] != EventStatus.CANCELLED == event.status:
        jobs.announce_cancellation.enqueue(event.pk)
    return event


def _save_tickets(event: Event, tickets: list[Ticket]) -> None:
    kept = [t.code for t in tickets]
    gone = event.ticket_types.exclude(code__in=kept)
    if gone.filter(registrations__isnull=False).exists():
        raise EditRefused(_("A ticket kind someone registered with cannot be removed."))
    gone.delete()
    for position, ticket in enumerate(tickets):
        TicketType.objects.update_or_create(
            event=event,
            code=ticket.code,
            defaults={
                "names": ticket.names,
                "price": ticket.price,
                "currency": ticket.currency,
                "seats": ticket.seats,
                "quota": ticket.quota,
                "position": position,
            },
        )
