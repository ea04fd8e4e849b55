"""The audit log: append-only, hash-chained (docs/requirements.md S5)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from carewatch_core.hashing import GENESIS, chain_hash


class AuditEntry(models.Model):
    """One state change: who did what to which object, with its before and after values.

    ``entry_hash`` = SHA-256(previous entry's hash + this entry's canonical content), so an
    edited, deleted or reordered row breaks the chain (``carewatch audit verify``).
    """

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=40, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit entries are append-only")

    def content(self) -> dict[str, Any]:
        """What the hash covers."""
        return entry_content(self)

    def compute_hash(self) -> str:
        return chain_hash(self.previous_hash, self.content())


def entry_content(entry: Any) -> dict[str, Any]:
    """What an entry's hash covers; ``entry`` is an ``AuditEntry`` or a migration's model of it."""
    return {
        "action": entry.action,
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "created_at": entry.created_at.isoformat(),
    }


def first_break(model: Any, batch: int = 2000) -> Any:
    """The first entry of ``model``'s log whose link is broken (edited, deleted or reordered
    rows), or ``None``; read in batches of ids, so the log may be rewritten as it is walked."""
    previous, last = GENESIS, 0
    while rows := list(model.objects.filter(id__gt=last).order_by("id")[:batch]):
        for row in rows:
            if (
                row.previous_hash != previous
                or chain_hash(row.previous_hash, entry_content(row)) != row.entry_hash
            ):
                return row
            previous = row.entry_hash
        last = rows[-1].id
    return None
