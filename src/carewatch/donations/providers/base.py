"""What CareWatch needs of a payment provider (Stripe today; HelloAsso or PayPal can be added as
another implementation): a hosted checkout page for a pending gift, and its events read only once
their signature is verified. Amounts and states come from those events, never from the browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from carewatch.donations.models import Donation


class EventRefused(ValueError):
    """The request is not a genuine event of the provider (bad or missing signature, too old,
    not JSON): nothing is done."""


class CheckoutUnavailable(RuntimeError):
    """The provider could not open a checkout page (not configured, or unreachable)."""


@dataclass(frozen=True)
class Payment:
    """What one verified event says. ``kind``: completed, failed, refunded, disputed, renewed."""

    provider: str
    event_id: str
    event_type: str
    kind: str
    reference: str  # the provider's payment (or subscription) id
    donation_id: int | None = None  # ours, as given to the checkout page
    amount: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    currency: str = ""
    email: str = ""
    name: str = ""
    country: str = ""
    monthly: bool = False


class Provider(Protocol):
    name: str

    def checkout_url(self, donation: Donation, *, title: str, success: str, cancel: str) -> str:
        """The provider's page where the donor pays ``donation`` (CheckoutUnavailable)."""
        ...

    def read_event(self, payload: bytes, headers: Mapping[str, str]) -> Payment | None:
        """The event, its signature verified (EventRefused); None for an event of no concern."""
        ...


#: Currencies with no minor unit (an amount in the provider's smallest unit is whole units).
ZERO_DECIMAL = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)


def from_minor(value: int | None, currency: str) -> Decimal:
    units = Decimal(int(value or 0))
    return units if currency.upper() in ZERO_DECIMAL else units / 100


def to_minor(amount: Decimal, currency: str) -> int:
    return int(amount if currency.upper() in ZERO_DECIMAL else (amount * 100).quantize(Decimal(1)))
