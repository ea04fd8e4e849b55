"""Receipts (audited): numbered per fiscal year without gaps, in the form the donor's country
requires and the donor's language, never edited — voided, and replaced where a gift remains.

The number is ``YEAR-NNNNNN``: the fiscal year's counter row is locked while a receipt is issued,
so numbers follow each other with no gap and none twice (a transaction that fails takes its number
back with it). One-off gifts get a receipt when they succeed; monthly gifts one consolidated
receipt for the year (``annual``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.donations import jobs
from carewatch.donations.choices import DonationState, Frequency, ReceiptForm, ReceiptState
from carewatch.donations.models import Donation, Issuer, Receipt, ReceiptCounter
from carewatch.donations.words import in_words

FORM_OF_COUNTRY = {"FR": ReceiptForm.FRANCE, "CA": ReceiptForm.CANADA}


class ReceiptRefused(ValueError):
    """No receipt can be issued; the message says why, in the user's language."""


def fiscal_year(day: date) -> int:
    return day.year


def _serial(year: int) -> int:
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _issuer(country: str) -> Issuer:
    issuer = Issuer.objects.filter(country=country).first() or Issuer.objects.order_by("pk").first()
    if issuer is None:
        raise ReceiptRefused(_("No receipt issuer is set: give the organisation's details first."))
    return issuer


def _frozen(
    gifts: list[Donation], issuer: Issuer, amount: Decimal, language: str
) -> dict[str, Any]:
    supporter = gifts[0].supporter
    return {
        "issuer": {
            "name": issuer.name,
            "address": issuer.address,
            "registration": issuer.registration,
            "purpose": issuer.purpose,
            "legal_reference": issuer.legal_reference,
            "signatory": issuer.signatory,
            "place": issuer.place,
            "country": issuer.country,
        },
        "donor": {
            "name": supporter.name,
            "address": gifts[-1].donor_address,
            "country": supporter.country,
        },
        "gifts": [
            {
                "date": (g.received_on or g.created_at.date()).isoformat(),
                "amount": str(g.amount - g.refunded),
                "method": g.method,
            }
            for g in gifts
        ],
        "amount": str(amount),
        "currency": gifts[0].currency,
        "words": in_words(amount, gifts[0].currency, language),
    }


@transaction.atomic
def issue(
    *,
    gifts: list[Donation],
    actor: Any,
    annual: bool = False,
    replaces: Receipt | None = None,
    on: date | None = None,
) -> Receipt:
    """One receipt for ``gifts`` (one donor, one currency, all succeeded)."""
    if not gifts:
        raise ReceiptRefused(_("There is no gift to receipt."))
    supporter = gifts[0].supporter
    if any(g.supporter_id != supporter.pk or g.currency != gifts[0].currency for g in gifts):
        raise ReceiptRefused(_("A receipt covers one donor's gifts in one currency."))
    if any(g.state not in (DonationState.SUCCEEDED, DonationState.REFUNDED) for g in gifts):
        raise ReceiptRefused(_("Only gifts received can be receipted."))
    amount = sum((g.amount - g.refunded for g in gifts), Decimal(0))
    if amount <= 0:
        raise ReceiptRefused(_("Nothing of these gifts remains to receipt."))
    issued = on or timezone.localdate()
    year = fiscal_year(issued)
    serial = _serial(year)
    language = supporter.language
    issuer = _issuer(supporter.country)
    receipt = Receipt.objects.create(
        number=f"{year}-{serial:06d}",
        year=year,
        serial=serial,
        form=FORM_OF_COUNTRY.get(supporter.country, ReceiptForm.PLAIN),
        language=language,
        supporter=supporter,
        annual=annual,
        amount=amount,
        currency=gifts[0].currency,
        issued_on=issued,
        frozen=_frozen(gifts, issuer, amount, language)
        | {"replaces": replaces.number if replaces else None},
        replaces=replaces,
        generated=all(g.generated for g in gifts),
    )
    receipt.donations.set(gifts)
    if not receipt.generated:
        jobs.send_receipt.enqueue(receipt.pk)  # committed with the receipt, or not at all
    log_action(
        action="carewatch.receipt.issued",
        actor=actor,
        obj=receipt,
        after={
            "number": receipt.number,
            "donations": [g.pk for g in gifts],
            "amount": str(amount),
            "replaces": replaces.number if replaces else None,
        },
    )
    return receipt


@transaction.atomic
def void(*, receipt: Receipt, reason: str, actor: Any) -> Receipt:
    locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if locked.state == ReceiptState.VOID:
        raise ReceiptRefused(_("This receipt is void already."))
    locked.state, locked.void_reason = ReceiptState.VOID, reason[:300]
    locked.save(update_fields=["state", "void_reason"])
    log_action(action="carewatch.receipt.voided", actor=actor, obj=locked, reason=reason)
    return locked


@transaction.atomic
def reissue(*, receipt: Receipt, reason: str, actor: Any) -> Receipt | None:
    """Void ``receipt`` and, where something of its gifts remains, issue one that replaces it."""
    voided = void(receipt=receipt, reason=reason, actor=actor)
    gifts = list(voided.donations.select_related("supporter").order_by("pk"))
    if sum((g.amount - g.refunded for g in gifts), Decimal(0)) <= 0:
        return None
    return issue(gifts=gifts, actor=actor, annual=voided.annual, replaces=voided)


def valid_receipts(donation: Donation) -> list[Receipt]:
    return list(donation.receipts.filter(state=ReceiptState.VALID))


def after_success(donation: Donation, actor: Any) -> Receipt | None:
    """A one-off gift that succeeded gets its receipt now (monthly ones wait for the year's)."""
    if donation.frequency != Frequency.ONE_OFF or valid_receipts(donation):
        return None
    return issue(gifts=[donation], actor=actor)


@transaction.atomic
def annual(*, year: int, actor: Any) -> list[Receipt]:
    """One consolidated receipt per donor and currency for the year's monthly gifts not yet on a
    valid receipt."""
    gifts = (
        Donation.objects.filter(
            frequency=Frequency.MONTHLY,
            state=DonationState.SUCCEEDED,
            received_on__year=year,
        )
        .exclude(receipts__state=ReceiptState.VALID)
        .select_related("supporter")
        .order_by("received_on", "pk")
    )
    grouped: dict[tuple[int, str], list[Donation]] = defaultdict(list)
    for gift in gifts:
        grouped[(gift.supporter_id, gift.currency)].append(gift)
    return [issue(gifts=group, actor=actor, annual=True) for group in grouped.values()]
