"""Appeals, receipt issuers, and Stripe events signed as Stripe signs them (the ``Stripe-Signature``
header: ``t=<unix time>,v1=<HMAC-SHA256 of "<t>.<payload>" with the endpoint's secret, in hex>``)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from carewatch.donations.choices import AppealStatus
from carewatch.donations.models import Appeal, AppealText, Issuer

SECRET = "whsec_test_carewatch"


def make_appeal(slug: str = "aleppo", goal: str = "20000", **kw: Any) -> Appeal:
    appeal = Appeal.objects.create(
        slug=slug, status=kw.pop("status", AppealStatus.OPEN), goal=Decimal(goal), **kw
    )
    for language, title in (
        ("en", "Aleppo's hospitals are running out of supplies"),
        ("fr", "Les hôpitaux d'Alep manquent de tout"),
        ("ar", "مستشفيات حلب تنفد إمداداتها"),
    ):
        AppealText.objects.create(
            appeal=appeal,
            language=language,
            title=title,
            story="So far {{ incidents }} attacks.",
            other_ways="IBAN FR76 0000",
        )
    return appeal


def make_issuers() -> None:
    Issuer.objects.create(
        country="FR",
        name="UOSSM France",
        address="8 rue de l'exemple, 75000 Paris",
        purpose="Secours et soins médicaux aux populations affectées par le conflit en Syrie",
        legal_reference="Association loi 1901 d'intérêt général",
        signatory="La trésorière",
        place="Paris",
    )
    Issuer.objects.create(
        country="CA",
        name="UOSSM Canada",
        address="1 Example Street, Toronto ON M4W 3R8",
        registration="123456789RR0001",
        signatory="The treasurer",
        place="Toronto",
    )


def signed(
    payload: dict[str, Any], secret: str = SECRET, at: int | None = None
) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={mac}"


def post_event(client: Client, payload: dict[str, Any], **kw: Any) -> Any:
    body, header = signed(payload, **kw)
    return client.post(
        reverse("donation-webhook", args=["stripe"]),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def event(kind: str, obj: dict[str, Any], event_id: str = "evt_1") -> dict[str, Any]:
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "type": kind,
        "data": {"object": obj},
    }


def session(donation_id: int | None, amount_minor: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": str(donation_id) if donation_id else None,
        "amount_total": amount_minor,
        "currency": "eur",
        "mode": "payment",
        "payment_status": "paid",
        "payment_intent": "pi_test_1",
        "customer_details": {
            "email": "donor@example.org",
            "name": "Claire Martin",
            "address": {"country": "FR"},
        },
        **extra,
    }
