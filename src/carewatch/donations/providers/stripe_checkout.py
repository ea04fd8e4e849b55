"""Stripe: Checkout Sessions for the donor to pay on Stripe's page, and webhook events verified
by their ``Stripe-Signature`` header (HMAC-SHA256 of ``timestamp.payload`` with the endpoint's
secret; older than five minutes is refused) through the official ``stripe`` library."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings

from carewatch.donations.choices import Frequency
from carewatch.donations.models import Donation
from carewatch.donations.providers.base import (
    CheckoutUnavailable,
    EventRefused,
    Payment,
    from_minor,
    to_minor,
)

NAME = "stripe"


def _client() -> stripe.StripeClient:
    if not settings.CAREWATCH_STRIPE_SECRET_KEY:
        raise CheckoutUnavailable("no Stripe key")
    base = settings.CAREWATCH_STRIPE_API_BASE
    return stripe.StripeClient(
        settings.CAREWATCH_STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else {},
        max_network_retries=0,
    )


class StripeCheckout:
    name = NAME

    def checkout_url(self, donation: Donation, *, title: str, success: str, cancel: str) -> str:
        monthly = donation.frequency == Frequency.MONTHLY
        price: dict[str, Any] = {
            "currency": donation.currency.lower(),
            "unit_amount": to_minor(donation.amount, donation.currency),
            "product_data": {"name": title[:200]},
        }
        if monthly:
            price["recurring"] = {"interval": "month"}
        params: dict[str, Any] = {
            "mode": "subscription" if monthly else "payment",
            "line_items": [{"price_data": price, "quantity": 1}],
            "client_reference_id": str(donation.pk),
            "metadata": {"donation": str(donation.pk)},
            "customer_email": donation.supporter.email,
            "success_url": success,
            "cancel_url": cancel,
        }
        try:
            session = _client().v1.checkout.sessions.create(params=params)  # type: ignore[arg-type]
        except stripe.StripeError as error:
            raise CheckoutUnavailable(type(error).__name__) from error
        return str(session.url)

    def read_event(self, payload: bytes, headers: Mapping[str, str]) -> Payment | None:
        secret = settings.CAREWATCH_STRIPE_WEBHOOK_SECRET
        if not secret:
            raise EventRefused("no webhook secret")
        try:
            event = stripe.Webhook.construct_event(
                payload, headers.get("Stripe-Signature", ""), secret
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise EventRefused(str(error)) from error
        read = READERS.get(event.type)
        return read(event.id, event.type, event.data.object.to_dict()) if read else None


def _completed(event_id: str, kind: str, obj: Any) -> Payment | None:
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return None  # paid later (a bank debit): async_payment_succeeded says so
    currency = str(obj.get("currency") or "").upper()
    details = obj.get("customer_details") or {}
    address = details.get("address") or {}
    ours = obj.get("client_reference_id") or (obj.get("metadata") or {}).get("donation")
    return Payment(
        provider=NAME,
        event_id=event_id,
        event_type=kind,
        kind="completed",
        reference=str(obj.get("payment_intent") or obj.get("subscription") or obj.get("id")),
        donation_id=_ours(ours),
        amount=from_minor(obj.get("amount_total"), currency),
        currency=currency,
        email=str(details.get("email") or obj.get("customer_email") or ""),
        name=str(details.get("name") or ""),
        country=str(address.get("country") or ""),
        monthly=obj.get("mode") == "subscription",
    )


def _ours(value: Any) -> int | None:
    """Our gift's id as the checkout was given it, if it is one."""
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _failed(event_id: str, kind: str, obj: Any) -> Payment:
    ours = obj.get("client_reference_id")
    return Payment(
        provider=NAME,
        event_id=event_id,
        event_type=kind,
        kind="failed",
        reference=str(obj.get("payment_intent") or obj.get("id")),
        donation_id=_ours(ours),
    )


def _refunded(event_id: str, kind: str, obj: Any) -> Payment:
    currency = str(obj.get("currency") or "").upper()
    return Payment(
        provider=NAME,
        event_id=event_id,
        event_type=kind,
        kind="refunded",
        reference=str(obj.get("payment_intent") or obj.get("id")),
        refunded=from_minor(obj.get("amount_refunded"), currency),
        currency=currency,
    )


def _disputed(event_id: str, kind: str, obj: Any) -> Payment:
    return Payment(
        provider=NAME,
        event_id=event_id,
        event_type=kind,
        kind="disputed",
        reference=str(obj.get("payment_intent") or obj.get("charge")),
    )


def _renewed(event_id: str, kind: str, obj: Any) -> Payment | None:
    if obj.get("billing_reason") != "subscription_cycle":
        return None  # the first month came with the checkout
    currency = str(obj.get("currency") or "").upper()
    parent = obj.get("parent") or {}
    subscription = obj.get("subscription") or (parent.get("subscription_details") or {}).get(
        "subscription"
    )
    return Payment(
        provider=NAME,
        event_id=event_id,
        event_type=kind,
        kind="renewed",
        reference=str(subscription or ""),
        amount=from_minor(obj.get("amount_paid"), currency),
        currency=currency,
        monthly=True,
    )


READERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _completed,
    "checkout.session.async_payment_failed": _failed,
    "charge.refunded": _refunded,
    "charge.dispute.created": _disputed,
    "invoice.paid": _renewed,
}
