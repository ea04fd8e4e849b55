"""Appeals, donations, receipts, and the payment provider's events (docs/donations.md). Who gave
is supporters' data: campaign staff read it, no one else. Amounts and states of card gifts come
only from the provider's verified events; staff record the others."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.donations.choices import (
    AppealStatus,
    DonationState,
    Frequency,
    Method,
    ReceiptForm,
    ReceiptState,
)
from carewatch.supplies.models import Need
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter


class Appeal(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AppealStatus.choices, default=AppealStatus.DRAFT
    )
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="appeals")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    def __str__(self) -> str:
        return self.slug


class AppealText(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"))
    other_ways = models.TextField(_("other ways to give (transfer, cheque)"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appeal", "language"], name="one_appeal_text_each")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} ({self.language})"


class Donation(models.Model):
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="donations")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    refunded = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    state = models.CharField(_("state"), max_length=10, choices=DonationState.choices)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    donor_address = models.TextField(_("donor's address (for the receipt)"), blank=True)
    provider = models.CharField(_("payment provider"), max_length=20, blank=True)
    # The provider's payment (or checkout) reference: unique per provider, none for offline gifts.
    reference = models.CharField(_("reference"), max_length=120, null=True, blank=True)  # noqa: DJ001
    recorded_by = models.CharField(_("recorded by"), max_length=150)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], name="one_donation_per_payment"
            )
        ]
        indexes = [models.Index(fields=["appeal", "state"])]

    def __str__(self) -> str:
        return f"donation #{self.pk}"


class Issuer(models.Model):
    """Who issues receipts for the donors of one country: the organisation as registered there."""

    country = models.CharField(_("country"), max_length=2, unique=True)
    name = models.CharField(_("legal name"), max_length=200)
    address = models.TextField(_("address"))
    registration = models.CharField(_("registration number"), max_length=60, blank=True)
    purpose = models.TextField(_("object of the organisation"), blank=True)
    legal_reference = models.TextField(_("legal reference"), blank=True)
    signatory = models.CharField(_("signed by (name, role)"), max_length=200)
    place = models.CharField(_("place of issue"), max_length=100)

    def __str__(self) -> str:
        return f"{self.country}: {self.name}"


class ReceiptCounter(models.Model):
    """The last receipt number used in a fiscal year (locked while one is issued: no gaps)."""

    year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Receipt(models.Model):
    """A receipt as issued, never edited: a correction or a refund voids it and, where a gift
    remains, a new one replaces it. ``frozen`` keeps what it says (donor, issuer, amounts)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    serial = models.PositiveIntegerField(_("serial"))
    form = models.CharField(_("form"), max_length=16, choices=ReceiptForm.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="receipts")
    donations = models.ManyToManyField(Donation, related_name="receipts")
    annual = models.BooleanField(_("annual (consolidated)"), default=False)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued on"))
    frozen = models.JSONField(_("as issued"))
    state = models.CharField(
        _("state"), max_length=6, choices=ReceiptState.choices, default=ReceiptState.VALID
    )
    void_reason = models.CharField(_("why void"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="one_receipt_per_serial")
        ]

    def __str__(self) -> str:
        return self.number


class ProviderEvent(models.Model):
    """A payment provider's event, kept once: the same event sent again changes nothing."""

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event"), max_length=120)
    kind = models.CharField(_("type"), max_length=80)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="one_provider_event")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"
