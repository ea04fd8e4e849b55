"""Vocabularies of the donations app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    OPEN = "open", _("Open for gifts")
    CLOSED = "closed", _("Closed")


class Method(models.TextChoices):
    CARD = "card", _("Card (through a payment provider)")
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")


class DonationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")


class ReceiptForm(models.TextChoices):
    """The form a receipt takes: what the donor's country requires."""

    FRANCE = "fr_recu_fiscal", _("France: reçu fiscal (article 200 of the CGI)")
    CANADA = "ca_official", _("Canada: official donation receipt (CRA)")
    PLAIN = "plain", _("Acknowledgement of a gift (no tax form)")


class ReceiptState(models.TextChoices):
    VALID = "valid", _("Valid")
    VOID = "void", _("Void")
