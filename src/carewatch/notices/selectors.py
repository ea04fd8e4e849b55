"""The notices a reader may see: their own, never anyone else's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.notices.choices import ByEmail
from carewatch.notices.models import Notice, Preference

FUNCTION = "notice.view"


def notices_for(user: Any) -> QuerySet[Notice]:
    if not can(user, FUNCTION):
        return Notice.objects.none()
    return Notice.objects.filter(recipient_id=user.pk).select_related("entry")


def unread_count(user: Any) -> int:
    return notices_for(user).filter(read_at=None).count()


def by_email_of(user: Any) -> str:
    found = Preference.objects.filter(user_id=user.pk).values_list("by_email", flat=True).first()
    return found or ByEmail.NEVER
