"""What happens to a registration after it is made (audited): the attendee cancels or leaves the
waiting list (from the link in their message), takes a place offered to them, staff record a
payment or cancel; a freed place is offered to the waiting list, in order, for a limited time.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.events import jobs, mailer
from carewatch.events.choices import RegistrationState
from carewatch.events.models import HOLDING, Event, Registration
from carewatch.events.services import give_code

WAITING = RegistrationState.WAITING


class ChangeRefused(ValueError):
    """The change cannot be made; the message says why, in the user's language."""


def _locked(registration: Registration) -> Registration:
    Event.objects.select_for_update().get(pk=registration.event_id)
    return Registration.objects.select_related("event", "ticket_type", "supporter").get(
        pk=registration.pk
    )


@transaction.atomic
def cancel(*, registration: Registration, actor: object, reason: str = "") -> Registration:
    """Cancel a place (or leave the waiting list); a seat freed goes to the waiting list."""
    row = _locked(registration)
    if row.state not in (*HOLDING, WAITING):
        raise ChangeRefused(_("This registration is no longer active: nothing to cancel."))
    freed = row.state in HOLDING
    before = row.state
    row.state = RegistrationState.LEFT if row.state == WAITING else RegistrationState.CANCELLED
    row.offer_expires_at = None
    row.save(update_fields=["state", "offer_expires_at", "changed_at"])
    mailer.queue_for(row, "left" if row.state == RegistrationState.LEFT else "cancelled")
    log_action(
        action="carewatch.registration.cancelled",
        actor=actor,
        obj=row,
        before={"state": before},
        after={"state": row.state},
        reason=reason,
    )
    if freed:
        _offer_places(row.event_id)
    return row


@transaction.atomic
def accept_offer(*, registration: Registration, actor: object) -> Registration:
    row = _locked(registration)
    if row.state != RegistrationState.OFFERED:
        raise ChangeRefused(_("There is no place offered to this registration."))
    if row.offer_expires_at and row.offer_expires_at < timezone.now():
        raise ChangeRefused(_("This offer has expired: the place went to the next person."))
    paid = row.amount_due > 0
    row.state = RegistrationState.UNPAID if paid else RegistrationState.CONFIRMED
    row.offer_expires_at = None
    row.save(update_fields=["state", "offer_expires_at", "changed_at"])
    give_code(row)
    mailer.queue_for(row, "held" if paid else "ticket")
    log_action(
        action="carewatch.registration.offer_taken",
        actor=actor,
        obj=row,
        after={"state": row.state},
    )
    return row


@transaction.atomic
def record_payment(*, registration: Registration, actor: object, reference: str) -> Registration:
    """Staff record that a held place was paid (bank transfer, cheque, cash): the ticket goes."""
    row = _locked(registration)
    if row.state != RegistrationState.UNPAID:
        raise ChangeRefused(_("This registration is not waiting for a payment."))
    row.state, row.paid_at = RegistrationState.CONFIRMED, timezone.now()
    row.save(update_fields=["state", "paid_at", "changed_at"])
    give_code(row)
    mailer.queue_for(row, "ticket")
    log_action(
        action="carewatch.registration.paid",
        actor=actor,
        obj=row,
        after={"amount": str(row.amount_due), "reference": reference[:100]},
    )
    return row


def _offer_places(event_id: int) -> None:
    jobs.offer_places.enqueue(event_id)  # its row commits with the change, or neither does
