"""Notices: what changed on one's own submissions and assignments, read from the audit chain
(docs/notices.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.audit.models import AuditEntry
from carewatch.notices.choices import ByEmail, Why


class Notice(models.Model):
    """One audited change, for one person who follows the record it changed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="+")
    why = models.CharField(_("why"), max_length=12, choices=Why.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-entry_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "entry"], name="one_notice_per_entry")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"notice {self.pk} for {self.recipient_id}: entry {self.entry_id}"


class Cursor(models.Model):
    """How far along the chain notices have been made: one row (id 1)."""

    last_entry_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"notices made up to entry {self.last_entry_id}"


class Preference(models.Model):
    """Whether, and how often, a user's notices are also emailed (never, unless they say so)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    by_email = models.CharField(
        _("by email"), max_length=8, choices=ByEmail.choices, default=ByEmail.NEVER
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.by_email}"
