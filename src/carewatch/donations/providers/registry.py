"""The payment providers CareWatch knows, by name; the one card gifts go through."""

from __future__ import annotations

from django.conf import settings

from carewatch.donations.providers.base import Provider
from carewatch.donations.providers.stripe_checkout import StripeCheckout

PROVIDERS: dict[str, Provider] = {"stripe": StripeCheckout()}


def card_provider() -> Provider | None:
    """The provider for card gifts, if one is configured."""
    return PROVIDERS["stripe"] if settings.CAREWATCH_STRIPE_SECRET_KEY else None
