"""What the organiser counts and exports: seats by ticket kind and state, who checked in, and
the attendee list (named events only: a count-only event has no one to list)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from carewatch.events.choices import RegistrationState
from carewatch.events.models import Event, Registration
from carewatch.lib.cells import safe_cell


@dataclass(frozen=True)
class Line:
    ticket: str
    confirmed: int
    unpaid: int
    waiting: int
    offered: int
    checked_in: int


def counts(event: Event, language: str) -> list[Line]:
    """Seats per ticket kind (one line for a count-only event)."""
    seats: dict[str, Any] = {
        s: Sum("seats", filter=Q(state=s), default=0)
        for s in ("confirmed", "unpaid", "waiting", "offered")
    }
    seats["checked_in"] = Sum("seats", filter=Q(checked_in_at__isnull=False), default=0)
    rows: Any = Registration.objects.filter(event=event).values("ticket_type").annotate(**seats)
    names = {t.pk: t.name_in(language) for t in event.ticket_types.all()}
    return [
        Line(
            names.get(r["ticket_type"], "—"),
            r["confirmed"],
            r["unpaid"],
            r["waiting"],
            r["offered"],
            r["checked_in"],
        )
        for r in rows.order_by("ticket_type")
    ]


def states(event: Event) -> dict[str, int]:
    rows = Registration.objects.filter(event=event).values("state").annotate(n=Count("pk"))
    return {r["state"]: r["n"] for r in rows}


def listed(event: Event) -> Iterator[Registration]:
    return (
        Registration.objects.filter(event=event, supporter__isnull=False)
        .exclude(state__in=(RegistrationState.LEFT, RegistrationState.LAPSED))
        .select_related("supporter", "ticket_type")
        .order_by("created_at", "pk")
        .iterator(chunk_size=500)
    )


HEADER = [
    "registration",
    "name",
    "email",
    "ticket",
    "seats",
    "state",
    "amount_due",
    "registered_at",
    "checked_in_at",
]


def attendees_csv(event: Event, language: str) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for r in listed(event):
        supporter = r.supporter
        writer.writerow(
            [
                r.pk,
                safe_cell(supporter.name if supporter else ""),
                safe_cell(supporter.email if supporter else ""),
                safe_cell(r.ticket_type.name_in(language) if r.ticket_type else ""),
                r.seats,
                r.state,
                r.amount_due,
                r.created_at.isoformat(timespec="seconds"),
                r.checked_in_at.isoformat(timespec="seconds") if r.checked_in_at else "",
            ]
        )
        if out.tell() > 64_000:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
