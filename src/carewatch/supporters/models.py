"""Supporters, what they consented to, and the addresses no message may go to (by keyed hash:
see carewatch.lib.mail.verp)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.supporters.choices import ConsentPurpose, Language, SuppressionReason


class Supporter(models.Model):
    """One person behind the campaign forms, found again by their normalised address
    (``carewatch_core.addresses``). Erasure blanks what names them and keeps the row, so that
    counts (signatures by country) stay as they were."""

    email = models.EmailField(_("email"), max_length=254, blank=True)
    email_key = models.CharField(_("address key"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_via = models.CharField(_("first form"), max_length=60)
    generated = models.BooleanField(_("generated (demo)"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        return f"supporter #{self.pk}"


class ConsentText(models.Model):
    """The words a form showed for a choice, per version and language, kept as shown."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.CharField(_("version"), max_length=40)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version", "language"], name="one_consent_text_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.version} ({self.language})"


class Consent(models.Model):
    """One choice a supporter made on one form: given or refused, with the words shown."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    wording = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given = models.BooleanField(_("given"))
    form = models.CharField(_("form"), max_length=60)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    def __str__(self) -> str:
        return f"consent #{self.pk}"


class Suppression(models.Model):
    """A mailbox that gets no more mail: it bounced for good, complained, or unsubscribed from
    everything. Kept as the mailbox's keyed hash, so that it outlives the supporter's erasure
    without naming them."""

    mailbox_key = models.CharField(_("mailbox key"), max_length=32, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=SuppressionReason.choices)
    source = models.CharField(_("reported by"), max_length=40)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self) -> str:
        return f"{self.mailbox_key} ({self.reason})"
