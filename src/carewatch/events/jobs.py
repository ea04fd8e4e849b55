"""The events' background work on the job queue: offering freed places to the waiting list,
letting offers not taken in time lapse, and the reminders the day before."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from carewatch.audit.services import log_action
from carewatch.events import mailer, present
from carewatch.events.choices import EventStatus, RegistrationState
from carewatch.events.models import Event, Registration

#: Registrations told when the event itself is cancelled.
ACTIVE = (
    RegistrationState.CONFIRMED,
    RegistrationState.UNPAID,
    RegistrationState.WAITING,
    RegistrationState.OFFERED,
)
#: How long before the start the reminders go.
REMINDER_BEFORE = timedelta(days=1)


@task()
def offer_places(event_id: int) -> list[int]:
    return offer_free_places(event_id=event_id)


@task()
def lapse_offers(event_id: int) -> list[int]:
    return lapse_expired(event_id=event_id)


@transaction.atomic
def offer_free_places(*, event_id: int) -> list[int]:
    """Offer the seats now free to the waiting list, first come first served (one that needs
    more seats than are free waits on; those after it who fit are offered). Returns the ids."""
    event = Event.objects.select_for_update().get(pk=event_id)
    until = timezone.now() + timedelta(hours=settings.CAREWATCH_EVENT_OFFER_HOURS)
    offered = []
    waiting = event.registrations.filter(state=RegistrationState.WAITING)
    for row in waiting.select_related("ticket_type", "supporter").order_by("created_at", "pk"):
        if not present.fits(present.places(event), row.ticket_type, row.seats):
            continue
        row.state, row.offer_expires_at = RegistrationState.OFFERED, until
        row.save(update_fields=["state", "offer_expires_at", "changed_at"])
        mailer.queue_for(row, "offer")
        log_action(
            action="carewatch.registration.offered",
            actor="waiting list",
            obj=row,
            after={"until": until.isoformat()},
        )
        offered.append(row.pk)
    if offered:
        lapse_offers.using(run_after=until).enqueue(event_id)  # committed with the offers
    return offered


@transaction.atomic
def lapse_expired(*, event_id: int) -> list[int]:
    """Offers not taken in time lapse; their places go to the next on the list."""
    Event.objects.select_for_update().get(pk=event_id)
    expired = Registration.objects.filter(
        event_id=event_id,
        state=RegistrationState.OFFERED,
        offer_expires_at__lte=timezone.now(),
    )
    ids = []
    for row in expired.select_related("event", "ticket_type", "supporter"):
        row.state = RegistrationState.LAPSED
        row.save(update_fields=["state", "changed_at"])
        mailer.queue_for(row, "lapsed")
        log_action(action="carewatch.registration.lapsed", actor="waiting list", obj=row)
        ids.append(row.pk)
    if ids:
        offer_places.enqueue(event_id)
    return ids


@task()
def send_reminders(event_id: int, starts_at: int) -> int:
    """The day before: remind everyone with a place, and those who asked for updates, once
    each. A job queued for a start the event no longer has does nothing (a later one was
    queued when it moved)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.status != EventStatus.PUBLISHED:
            return 0
        if int(event.starts_at.timestamp()) != starts_at:
            return 0
        now = timezone.now()
        rows = event.registrations.filter(
            state=RegistrationState.CONFIRMED, supporter__isnull=False, reminded_at__isnull=True
        ).select_related("event", "ticket_type", "supporter")
        sent = 0
        for row in rows:
            mailer.queue_for(row, "reminder")
            sent += 1
        rows.update(reminded_at=now)
        for follower in event.followers.filter(reminded_at__isnull=True).select_related(
            "supporter"
        ):
            mailer.queue_follower(event, follower.supporter, "reminder")
            sent += 1
        event.followers.filter(reminded_at__isnull=True).update(reminded_at=now)
    return sent


@task()
def announce_cancellation(event_id: int) -> int:
    """The organiser cancelled the event: tell everyone with a place, waiting for one, or
    following it (once: a registration told is marked cancelled)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.status != EventStatus.CANCELLED:
            return 0
        told = 0
        active = event.registrations.filter(state__in=ACTIVE).select_related(
            "event", "ticket_type", "supporter"
        )
        for row in active:
            mailer.queue_for(row, "event_cancelled")
            told += 1
        active.update(state=RegistrationState.CANCELLED, offer_expires_at=None)
        for follower in event.followers.select_related("supporter"):
            mailer.queue_follower(event, follower.supporter, "event_cancelled")
            told += 1
        log_action(
            action="carewatch.event.cancellation_announced",
            actor="organiser",
            obj=event,
            after={"told": told},
        )
    return told


def queue_reminders(event: Event) -> None:
    """Queue the reminders for the event's start (once per start; in the caller's transaction)."""
    if event.status != EventStatus.PUBLISHED or event.reminders_for == event.starts_at:
        return
    at: datetime = max(event.starts_at - REMINDER_BEFORE, timezone.now())
    if event.starts_at <= timezone.now():
        return
    Event.objects.filter(pk=event.pk).update(reminders_for=event.starts_at)
    start = int(event.starts_at.timestamp())
    send_reminders.using(run_after=at).enqueue(event.pk, start)
