"""Changing one's notices: marking them read (one's own inbox, like a session: not a record's
change, not in the audit log) and choosing whether they are emailed (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carewatch.audit.services import log_action
from carewatch.notices.choices import ByEmail
from carewatch.notices.models import Notice, Preference


class NoAddress(ValueError):
    """Notices cannot be emailed to an account without an address."""


def notices_mark_read(*, notices: QuerySet[Notice]) -> int:
    """Mark ``notices`` (a reader's own, from ``selectors.notices_for``) read; how many were not."""
    return notices.filter(read_at=None).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user: Any, by_email: str, actor: Any = None) -> Preference:
    """How ``user``'s notices are emailed (``ByEmail``); ``actor`` is who chose (the user, or
    "stop link" when a one-click link in a message did)."""
    if by_email != ByEmail.NEVER and not user.email:
        raise NoAddress(user.pk)
    preference, _created = Preference.objects.get_or_create(user=user)
    before = preference.by_email
    if before != by_email:
        preference.by_email = by_email
        preference.save(update_fields=["by_email"])
        log_action(
            action="carewatch.notice.preference_changed",
            actor=actor or user,
            obj=preference,
            before={"by_email": before},
            after={"by_email": by_email},
        )
    return preference
