"""Checking tickets in at the door (audited): a code typed or scanned is accepted once. A phone
that lost its connection keeps checking tickets against the list it loaded and sends what it
accepted when it can: the server is the judge, so a ticket two phones accepted offline is
accepted once and refused for the other when they sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carewatch.audit.services import log_action
from carewatch.events import tickets
from carewatch.events.choices import CheckIn, RegistrationState
from carewatch.events.models import Event, Registration

#: How long before the start a check-in counts (doors open, a device's clock runs early).
EARLIEST = timedelta(hours=12)


@dataclass(frozen=True)
class Result:
    code: str
    outcome: CheckIn
    seats: int = 0
    ticket: str = ""
    at: datetime | None = None  # when it was checked in (now, or the first time)


def check_in(
    *, event: Event, code: str, actor: object, device: str = "", at: datetime | None = None
) -> Result:
    """Check one ticket in; ``at``: when a phone accepted it offline (kept if plausible)."""
    code = tickets.normalised(code)
    row = (
        Registration.objects.filter(event=event, code=code).select_related("ticket_type").first()
        if code
        else None
    )
    if row is None:
        return Result(code, CheckIn.UNKNOWN)
    label = row.ticket_type.name_in(row.language) if row.ticket_type else ""
    if row.state != RegistrationState.CONFIRMED:
        return Result(code, CheckIn.NOT_VALID, row.seats, label)
    when = _plausible(event, at)
    with transaction.atomic():
        moved = Registration.objects.filter(pk=row.pk, checked_in_at__isnull=True).update(
            checked_in_at=when, checked_in_by=(device or str(actor))[:80]
        )
        if moved:
            log_action(
                action="carewatch.registration.checked_in",
                actor=actor,
                obj=row,
                after={"device": device[:40], "at": when.isoformat()},
            )
    if not moved:
        row.refresh_from_db(fields=["checked_in_at"])
        return Result(code, CheckIn.ALREADY, row.seats, label, row.checked_in_at)
    return Result(code, CheckIn.ACCEPTED, row.seats, label, when)


def _plausible(event: Event, at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None or at > now or at < event.starts_at - EARLIEST:
        return now
    return at


def manifest(event: Event, language: str) -> dict[str, object]:
    """What a phone keeps to check tickets offline: each valid ticket's code as a hash (no name,
    no address: a lost phone gives nothing away), its seats and kind, and whether it is in."""
    rows = Registration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED, code__isnull=False
    ).select_related("ticket_type")
    return {
        "event": event.pk,
        "tickets": {
            tickets.code_hash(r.code or ""): {
                "seats": r.seats,
                "kind": r.ticket_type.name_in(language) if r.ticket_type else "",
                "in": r.checked_in_at is not None,
            }
            for r in rows
        },
    }
