"""How an event reads in one language: its words, its times in its own time zone, its place,
the places left."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.utils import translation
from django.utils.formats import date_format
from django_countries import countries

from carewatch.events.models import HOLDING, Event, EventText, Registration, TicketType


def text_in(event: Event, language: str) -> EventText | None:
    texts = {t.language: t for t in event.texts.all()}
    return texts.get(language) or (texts[min(texts)] if texts else None)


def title_in(event: Event, language: str) -> str:
    text = text_in(event, language)
    return text.title if text else event.slug


def local(event: Event, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(event.time_zone))


def when(event: Event, language: str) -> str:
    """ "28 September 2017, 18:00 – 22:00 (Europe/Paris)" in ``language``, in the event's zone."""
    start, end = local(event, event.starts_at), local(event, event.ends_at)
    day = f"j F Y{_comma(language)}H:i"
    with translation.override(language):
        first = date_format(start, day)
        last = date_format(end, "H:i" if end.date() == start.date() else day)
    return f"{first} – {last} ({event.time_zone})"


def _comma(language: str) -> str:
    return "، " if language == "ar" else ", "


def when_at(event: Event, moment: datetime, language: str) -> str:
    """One moment, in ``language`` and the event's time zone."""
    with translation.override(language):
        shown = date_format(local(event, moment), f"j F Y{_comma(language)}H:i")
    return f"{shown} ({event.time_zone})"


def where(event: Event, language: str) -> str:
    """The venue, its address and city, and the country's name in ``language``."""
    with translation.override(language):
        country = str(countries.name(event.country)) if event.country else ""
    parts = [event.venue, event.address, event.city, country]
    return _comma(language).join(p for p in parts if p) or event.online_url


@dataclass(frozen=True)
class Places:
    """Seats held (confirmed, awaiting payment or offered) and what is left, per ticket type."""

    held: int
    left: int | None  # None: no limit
    by_type: dict[int, int | None]


def places(event: Event) -> Places:
    return places_for([event])[event.pk]


def places_for(events: Sequence[Event]) -> dict[int, Places]:
    """Each event's places (by id), the seats held counted for all of them in one query."""
    held: dict[int, dict[int | None, int]] = {e.pk: {} for e in events}
    rows = Registration.objects.filter(event__in=[e.pk for e in events], state__in=HOLDING)
    grouped = rows.values_list("event", "ticket_type").annotate(n=Sum("seats"))
    for event_id, ticket_id, seats in grouped.values_list("event", "ticket_type", "n"):
        held[event_id][ticket_id] = seats
    return {e.pk: _places(e, held[e.pk]) for e in events}


def _places(event: Event, held_by_type: dict[int | None, int]) -> Places:
    held = sum(held_by_type.values())
    left = None if event.capacity is None else max(0, event.capacity - held)
    by_type: dict[int, int | None] = {}
    for ticket in event.ticket_types.all():
        own = (
            None if ticket.quota is None else max(0, ticket.quota - held_by_type.get(ticket.pk, 0))
        )
        by_type[ticket.pk] = _least(left, own)
    return Places(held=held, left=left, by_type=by_type)


def _least(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def fits(places_now: Places, ticket: TicketType | None, seats: int) -> bool:
    free = places_now.left if ticket is None else places_now.by_type.get(ticket.pk)
    return free is None or free >= seats
