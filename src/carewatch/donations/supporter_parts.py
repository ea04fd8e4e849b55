"""What gifts add to a supporter's export, page, erasure and merge (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from carewatch.donations.models import Donation, Receipt
from carewatch.supporters import services_supporters
from carewatch.supporters.models import Supporter


def exported(supporter: Supporter) -> list[dict[str, Any]]:
    gifts = Donation.objects.filter(supporter=supporter).select_related("appeal").order_by("pk")
    receipts = Receipt.objects.filter(supporter=supporter).order_by("year", "serial")
    return [
        {
            "gift": d.pk,
            "appeal": d.appeal.slug if d.appeal else None,
            "amount": str(d.amount),
            "refunded": str(d.refunded),
            "currency": d.currency,
            "method": d.method,
            "frequency": d.frequency,
            "state": d.state,
            "received_on": d.received_on.isoformat() if d.received_on else None,
            "address_given": d.donor_address,
        }
        for d in gifts
    ] + [
        {
            "receipt": r.number,
            "amount": str(r.amount),
            "state": r.state,
            "issued_on": str(r.issued_on),
        }
        for r in receipts
    ]


def shown(supporter: Supporter) -> tuple[str, list[str], list[list[str]]]:
    headers = [_("Gift"), _("Amount"), _("Means"), _("State"), _("Received on")]
    rows = Donation.objects.filter(supporter=supporter).order_by("pk")
    return (
        str(_("Gifts")),
        [str(h) for h in headers],
        [
            [
                str(d.pk),
                f"{d.amount} {d.currency}",
                str(d.get_method_display()),
                str(d.get_state_display()),
                d.received_on.isoformat() if d.received_on else "",
            ]
            for d in rows
        ],
    )


def erased(supporter: Supporter) -> None:
    """Gifts and receipts stay (the accounts must), without the address given for receipts.
    A receipt already issued keeps what it says: it is the organisation's legal record."""
    Donation.objects.filter(supporter=supporter).update(donor_address="")


def merged(keep: Supporter, duplicate: Supporter) -> None:
    Donation.objects.filter(supporter=duplicate).update(supporter=keep)
    Receipt.objects.filter(supporter=duplicate).update(supporter=keep)


def register() -> None:
    services_supporters.EXPORT_PARTS["gifts"] = exported
    services_supporters.SHOWN_PARTS["gifts"] = shown
    if erased not in services_supporters.ERASE_HOOKS:
        services_supporters.ERASE_HOOKS.append(erased)
    if merged not in services_supporters.MERGE_HOOKS:
        services_supporters.MERGE_HOOKS.append(merged)
