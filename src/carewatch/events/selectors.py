"""Which events a visitor may open: the public see published and cancelled ones; campaign staff
see drafts too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.events.choices import EventStatus
from carewatch.events.models import Event


def events_for(user: Any) -> QuerySet[Event]:
    rows = Event.objects.prefetch_related("texts", "ticket_types")
    if can(user, "supporter.view"):
        return rows
    return rows.exclude(status=EventStatus.DRAFT)


def managed_events(user: Any) -> QuerySet[Event]:
    rows = Event.objects.prefetch_related("texts", "ticket_types")
    return rows if can(user, "supporter.manage") else rows.none()
