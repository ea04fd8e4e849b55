"""Every audited change raises the statistics version (see ``cache``).

Hooking the audit log rather than each model catches every write the services make —
including ``QuerySet.update`` calls, which send no model signal — because every change is
audited. Bulk loads that bypass the services call ``cache.bump_version()`` themselves. What a
change may do to the public answers computed before it (``cache.Change``) decides which of them
may be served stale while recomputed.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from carewatch.audit.models import AuditEntry
from carewatch.stats.cache import bump_version, change_of, is_change


@receiver(post_save, sender=AuditEntry, dispatch_uid="carewatch.stats.invalidate")
def invalidate_on_change(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
    if created and is_change(instance.action):
        bump_version(change=change_of(instance.action))
