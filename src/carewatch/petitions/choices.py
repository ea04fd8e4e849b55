"""Vocabularies of the petitions app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    OPEN = "open", _("Open for signatures")
    CLOSED = "closed", _("Closed")


class SignatureState(models.TextChoices):
    PENDING = "pending", _("Waiting for the email to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed (counted)")
    INVALIDATED = "invalidated", _("Invalidated (not counted)")


class InvalidationKind(models.TextChoices):
    ADDRESS_RANGE = "address_range", _("Signatures from an address range")
    DOMAIN = "domain", _("Signatures with addresses at a domain")
    WINDOW = "window", _("Signatures made within a time window")
    LIST = "list", _("Signatures of a list of email addresses")


class InvalidationState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
