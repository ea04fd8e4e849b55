"""Registering for an event (audited; the log names supporters and registrations by id, never
an address or a name).

A named registration gets a ticket when a place is free (free tickets at once; paid ones once
payment is recorded), else a place on the waiting list. The page that answers says the same
thing whoever the address belongs to ("we sent you a message"): it never tells a visitor whether
someone else is registered. A count-only registration (``Attendance.ANONYMOUS``) keeps nothing
that names anyone; an address given for updates is kept apart (``Follower``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.events import mailer, present, tickets
from carewatch.events.choices import Attendance, EventStatus, RegistrationState
from carewatch.events.models import Event, Follower, Registration, TicketType
from carewatch.supporters.choices import ConsentPurpose
from carewatch.supporters.guards import FormRefused, check_domain
from carewatch.supporters.services_supporters import Details, found_or_created, record_choices

#: The version of the words shown beside the registration form's choice (templates/events).
CONSENT_VERSION = "event-2026-12"
#: States in which a supporter is registered already (a second form sends the first's message).
ACTIVE = (
    RegistrationState.CONFIRMED,
    RegistrationState.UNPAID,
    RegistrationState.WAITING,
    RegistrationState.OFFERED,
)


@dataclass(frozen=True)
class Request:
    """What a registration form asked for."""

    language: str
    form: str
    ticket: TicketType | None = None
    details: Details | None = None  # a named registration
    contact: bool = False  # may we write about the campaign (named) / send updates (count-only)
    contact_words: str = ""
    follow_email: str = ""  # count-only: an address for updates, if given


def open_for_registration(event: Event) -> bool:
    return event.status == EventStatus.PUBLISHED and not _past(event)


def _past(event: Event) -> bool:
    return event.ends_at <= timezone.now()


def register(*, event: Event, request: Request) -> Registration | None:
    """Register (FormRefused with the reason otherwise); None when the address was registered
    already (its message is sent again). Guards that need no database are the caller's."""
    if not open_for_registration(event):
        raise FormRefused("closed", _("Registration for this event is closed."))
    email = request.details.email if request.details else request.follow_email
    if email:
        check_domain(email)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.attendance == Attendance.ANONYMOUS:
            return _count_only(locked, request)
        return _named(locked, request)


def _named(event: Event, request: Request) -> Registration | None:
    if request.details is None:
        raise FormRefused("details", _("Give your name and email address."))
    ticket = request.ticket
    if ticket is None and event.ticket_types.exists():
        raise FormRefused("ticket", _("Choose a ticket."))
    supporter, created, filled = found_or_created(details=request.details, form=request.form)
    earlier = Registration.objects.filter(event=event, supporter=supporter, state__in=ACTIVE)
    first = None if created else earlier.select_related("ticket_type").first()
    if first is not None:
        mailer.queue_for(first, _kind_of(first))
        return None
    seats = ticket.seats if ticket else 1
    held = present.fits(present.places(event), ticket, seats)
    price = ticket.price if ticket else Decimal(0)
    state = RegistrationState.WAITING
    if held:
        state = RegistrationState.UNPAID if price > 0 else RegistrationState.CONFIRMED
    registration = Registration.objects.create(
        event=event,
        ticket_type=ticket,
        supporter=supporter,
        state=state,
        seats=seats,
        language=request.language,
        nonce=tickets.new_nonce(),
        amount_due=price,
    )
    give_code(registration)
    record_choices(
        supporter=supporter,
        version=CONSENT_VERSION,
        language=request.language,
        form=request.form,
        choices=[(ConsentPurpose.CONTACT, request.contact, request.contact_words)],
    )
    mailer.queue_for(registration, _kind_of(registration))
    log_action(
        action="carewatch.registration.created",
        actor=request.form,
        obj=registration,
        after={
            "event": event.pk,
            "ticket_type": ticket.pk if ticket else None,
            "state": state,
            "seats": seats,
            "supporter": supporter.pk,
            "supporter_created": created,
            "supporter_filled": filled,
            "consent_version": CONSENT_VERSION,
            "contact": request.contact,
        },
    )
    return registration


def give_code(registration: Registration) -> None:
    """A confirmed registration's ticket code (made once, from its id and nonce)."""
    if registration.state == RegistrationState.CONFIRMED and not registration.code:
        registration.code = tickets.code_for(registration.pk, registration.nonce)
        Registration.objects.filter(pk=registration.pk).update(code=registration.code)


#: The message each state of a registration sends.
MESSAGE_OF: dict[str, str] = {
    RegistrationState.CONFIRMED: "ticket",
    RegistrationState.UNPAID: "held",
    RegistrationState.WAITING: "waiting",
    RegistrationState.OFFERED: "offer",
}


def _kind_of(registration: Registration) -> str:
    return MESSAGE_OF.get(str(registration.state), "cancelled")


def _count_only(event: Event, request: Request) -> Registration | None:
    if not present.fits(present.places(event), None, 1):
        raise FormRefused("full", _("This event is full."))
    registration = Registration.objects.create(
        event=event,
        state=RegistrationState.CONFIRMED,
        language=request.language,
        nonce=tickets.new_nonce(),
    )
    follower = None
    if request.follow_email:
        details = Details(email=request.follow_email, language=request.language)
        supporter, _created, _filled = found_or_created(details=details, form=request.form)
        record_choices(
            supporter=supporter,
            version=CONSENT_VERSION,
            language=request.language,
            form=request.form,
            choices=[(ConsentPurpose.EVENT_UPDATES, True, request.contact_words)],
        )
        follower, made = Follower.objects.get_or_create(event=event, supporter=supporter)
        if made:
            mailer.queue_follower(event, supporter, "following")
    log_action(
        action="carewatch.registration.counted",
        actor=request.form,
        obj=registration,
        after={"event": event.pk, "follower": follower.pk if follower else None},
    )
    return registration
