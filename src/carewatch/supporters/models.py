"""Addresses no message may go to (by keyed hash: see carewatch.lib.mail.verp)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.supporters.choices import SuppressionReason


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
