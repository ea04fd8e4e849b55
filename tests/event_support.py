"""Events to register for in tests, and a registering client (a form shown long enough ago)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carewatch.events.choices import Attendance, EventKind, EventStatus
from carewatch.events.models import Event, EventText, TicketType
from carewatch.supporters.guards import started_token

TITLES = {
    "fr": "Dîner de gala de l'UOSSM",
    "en": "UOSSM gala dinner",
    "ar": "عشاء خيري لاتحاد منظمات الإغاثة",
}


def make_event(
    slug: str = "gala",
    kind: str = EventKind.GALA,
    attendance: str = Attendance.NAMED,
    capacity: int | None = 100,
    tickets: list[tuple[str, Decimal, int, int | None]] | None = None,
    **kw: Any,
) -> Event:
    """A published event a week from now (Paris time) with ``tickets``: (code, price, seats,
    quota) each; a free one-seat ticket when none are given for a named event."""
    zone = kw.pop("time_zone", "Europe/Paris")
    start = kw.pop("starts_at", None) or (timezone.now() + timedelta(days=7)).astimezone(
        ZoneInfo(zone)
    ).replace(hour=19, minute=30, second=0, microsecond=0)
    event = Event.objects.create(
        slug=slug,
        kind=kind,
        status=kw.pop("status", EventStatus.PUBLISHED),
        attendance=attendance,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        time_zone=zone,
        venue=kw.pop("venue", "Salons Vianey"),
        city=kw.pop("city", "Paris"),
        country=kw.pop("country", "FR"),
        capacity=capacity,
        **kw,
    )
    for language, title in TITLES.items():
        EventText.objects.create(
            event=event,
            language=language,
            title=title,
            who="Tout le monde" if language == "fr" else "Anyone",
            what="Manifestation",
            why="Pour les soignants",
            payment_note="Virement : FR76 0000" if language == "fr" else "",
        )
    if tickets is None and attendance == Attendance.NAMED:
        tickets = [("place", Decimal(0), 1, None)]
    for position, (code, price, seats, quota) in enumerate(tickets or []):
        TicketType.objects.create(
            event=event,
            code=code,
            names={"fr": f"Billet {code}", "en": f"Ticket {code}", "ar": f"تذكرة {code}"},
            price=price,
            seats=seats,
            quota=quota,
            position=position,
        )
    return event


def register(
    client: Client,
    event: Event,
    email: str = "",
    language: str = "en",
    address: str = "203.0.113.7",
    ticket: TicketType | None = None,
    **extra: Any,
) -> Any:
    data: dict[str, Any] = {"started": started_token(time.time() - 30), "website": ""}
    if event.attendance == Attendance.NAMED:
        chosen = ticket or event.ticket_types.first()
        data |= {"name": "Jeanne Dupont", "email": email, "ticket": chosen.pk if chosen else ""}
    elif email:
        data["email"] = email
    return client.post(
        reverse("event-register", args=[event.slug]),
        data | extra,
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR=address,
    )


def registration_link(raw: str) -> str:
    found = re.search(r"https?://\S+/events/registration/[^/\s]+/", raw)
    assert found, raw[:2000]
    return found.group(0)


def local_start(event: Event) -> datetime:
    return event.starts_at.astimezone(ZoneInfo(event.time_zone))
