"""Gifts (audited; the log names supporters and gifts by id, never an address or a name).

Card gifts: ``start_checkout`` records a pending gift and asks the provider for its checkout page;
only the provider's verified events (``apply``) say what was paid, how much, and what happened
after (a refund, a dispute). The same event twice changes nothing. Staff record the gifts that do
not go through a provider (``record_offline``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.donations import receipts
from carewatch.donations.choices import DonationState, Frequency, Method
from carewatch.donations.models import Appeal, Donation, ProviderEvent
from carewatch.donations.providers.base import Payment
from carewatch.supporters.services_supporters import Details, found_or_created, supporter_for


class GiftRefused(ValueError):
    """The gift cannot be recorded; the message says why, in the user's language."""


@dataclass(frozen=True)
class Gift:
    amount: Decimal
    currency: str
    method: str
    frequency: str = Frequency.ONE_OFF
    received_on: date | None = None
    appeal: Appeal | None = None
    address: str = ""
    note: str = ""


def _check(gift: Gift) -> None:
    if gift.amount <= 0 or gift.amount > Decimal("10000000"):
        raise GiftRefused(_("Give an amount above zero."))
    if len(gift.currency) != 3 or not gift.currency.isalpha():
        raise GiftRefused(_("Give the currency as its three-letter code (EUR, CAD…)."))


@transaction.atomic
def record_offline(
    *, details: Details, gift: Gift, actor: Any, generated: bool = False
) -> Donation:
    """A gift received by transfer, cheque, cash or in kind, recorded by staff: it succeeded,
    and a one-off one gets its receipt."""
    _check(gift)
    if gift.method == Method.CARD:
        raise GiftRefused(_("Card gifts come from the payment provider, not from this form."))
    supporter = supporter_for(details=details, form="donation:staff")
    donation = Donation.objects.create(
        appeal=gift.appeal,
        supporter=supporter,
        amount=gift.amount,
        currency=gift.currency.upper(),
        method=gift.method,
        frequency=gift.frequency,
        state=DonationState.SUCCEEDED,
        received_on=gift.received_on or timezone.localdate(),
        donor_address=gift.address,
        recorded_by=str(actor)[:150],
        note=gift.note,
        generated=generated,
    )
    log_action(
        action="carewatch.donation.recorded",
        actor=actor,
        obj=donation,
        after={
            "amount": str(donation.amount),
            "currency": donation.currency,
            "method": donation.method,
            "supporter": supporter.pk,
        },
    )
    receipts.after_success(donation, actor)
    return donation


@transaction.atomic
def start_checkout(*, details: Details, gift: Gift, provider: str, form: str) -> Donation:
    """A pending card gift, waiting for the provider to say it was paid."""
    _check(gift)
    supporter, _created, _filled = found_or_created(details=details, form=form)
    donation = Donation.objects.create(
        appeal=gift.appeal,
        supporter=supporter,
        amount=gift.amount,
        currency=gift.currency.upper(),
        method=Method.CARD,
        frequency=gift.frequency,
        state=DonationState.PENDING,
        donor_address=gift.address,
        provider=provider,
        recorded_by=form,
    )
    log_action(
        action="carewatch.donation.checkout_started",
        actor=form,
        obj=donation,
        after={"amount_asked": str(gift.amount), "supporter": supporter.pk},
    )
    return donation


def apply(payment: Payment) -> str:
    """Apply one verified provider event, once; what it did, in a few words."""
    try:
        with transaction.atomic():
            seen = ProviderEvent.objects.create(
                provider=payment.provider, event_id=payment.event_id, kind=payment.event_type
            )
            outcome = HANDLERS[payment.kind](payment)
            seen.outcome = outcome[:200]
            seen.save(update_fields=["outcome"])
            return outcome
    except IntegrityError:
        return "already applied"


def _by_reference(payment: Payment) -> Donation | None:
    return (
        Donation.objects.select_for_update()
        .filter(provider=payment.provider, reference=payment.reference)
        .select_related("supporter")
        .first()
    )


def _completed(payment: Payment) -> str:
    donation = _by_reference(payment)
    if donation is None and payment.donation_id:
        donation = (
            Donation.objects.select_for_update()
            .filter(pk=payment.donation_id, provider=payment.provider)
            .select_related("supporter")
            .first()
        )
    if donation is None:
        donation = _from_provider(payment)
    if donation.state == DonationState.SUCCEEDED:
        return f"donation {donation.pk} already succeeded"
    donation.amount, donation.currency = payment.amount, payment.currency
    donation.state, donation.reference = DonationState.SUCCEEDED, payment.reference
    donation.received_on = timezone.localdate()
    donation.save(update_fields=["amount", "currency", "state", "reference", "received_on"])
    log_action(
        action="carewatch.donation.succeeded",
        actor=payment.provider,
        obj=donation,
        after={
            "amount": str(payment.amount),
            "currency": payment.currency,
            "event": payment.event_id,
        },
    )
    receipt = receipts.after_success(donation, payment.provider)
    return f"donation {donation.pk} succeeded" + (f", receipt {receipt.number}" if receipt else "")


def _from_provider(payment: Payment) -> Donation:
    """A payment the provider took without our checkout (a payment link): its donor by address."""
    if not payment.email:
        raise GiftRefused("a payment with no donor address")
    supporter, _c, _f = found_or_created(
        details=Details(email=payment.email, name=payment.name, country=payment.country),
        form=f"donation:{payment.provider}",
    )
    return Donation.objects.create(
        supporter=supporter,
        amount=payment.amount,
        currency=payment.currency,
        method=Method.CARD,
        frequency=Frequency.MONTHLY if payment.monthly else Frequency.ONE_OFF,
        state=DonationState.PENDING,
        provider=payment.provider,
        recorded_by=payment.provider,
    )


def _failed(payment: Payment) -> str:
    if payment.donation_id is None:
        return "a failed payment of no gift of ours"
    rows = Donation.objects.filter(
        pk=payment.donation_id, provider=payment.provider, state=DonationState.PENDING
    )
    changed = rows.update(state=DonationState.FAILED)
    return f"{changed} pending gift failed"


def _refunded(payment: Payment) -> str:
    donation = _by_reference(payment)
    if donation is None:
        return "refund of an unknown payment"
    donation.refunded = min(payment.refunded, donation.amount)
    if donation.refunded >= donation.amount:
        donation.state = DonationState.REFUNDED
    donation.save(update_fields=["refunded", "state"])
    log_action(
        action="carewatch.donation.refunded",
        actor=payment.provider,
        obj=donation,
        after={"refunded": str(donation.refunded), "event": payment.event_id},
    )
    for receipt in receipts.valid_receipts(donation):
        receipts.reissue(receipt=receipt, reason=_("Refund"), actor=payment.provider)
    return f"donation {donation.pk} refunded {donation.refunded}"


def _disputed(payment: Payment) -> str:
    donation = _by_reference(payment)
    if donation is None:
        return "dispute of an unknown payment"
    donation.state = DonationState.DISPUTED
    donation.save(update_fields=["state"])
    log_action(
        action="carewatch.donation.disputed",
        actor=payment.provider,
        obj=donation,
        after={"event": payment.event_id},
    )
    for receipt in receipts.valid_receipts(donation):
        receipts.void(receipt=receipt, reason=_("Payment disputed"), actor=payment.provider)
    return f"donation {donation.pk} disputed"


def _renewed(payment: Payment) -> str:
    first = (
        Donation.objects.filter(provider=payment.provider, reference=payment.reference)
        .select_related("supporter", "appeal")
        .first()
    )
    if first is None:
        return "renewal of an unknown subscription"
    donation = Donation.objects.create(
        appeal=first.appeal,
        supporter=first.supporter,
        amount=payment.amount,
        currency=payment.currency,
        method=Method.CARD,
        frequency=Frequency.MONTHLY,
        state=DonationState.SUCCEEDED,
        received_on=timezone.localdate(),
        donor_address=first.donor_address,
        provider=payment.provider,
        reference=f"{payment.reference}:{payment.event_id}",
        recorded_by=payment.provider,
    )
    log_action(
        action="carewatch.donation.succeeded",
        actor=payment.provider,
        obj=donation,
        after={"amount": str(payment.amount), "monthly": True, "event": payment.event_id},
    )
    return f"monthly gift {donation.pk}"


HANDLERS = {
    "completed": _completed,
    "failed": _failed,
    "refunded": _refunded,
    "disputed": _disputed,
    "renewed": _renewed,
}
