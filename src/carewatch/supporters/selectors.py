"""The supporters a user may see: campaign staff and administrators see them all, everyone else
none (supporters' data is its own class; docs/roles.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carewatch.accounts.permissions import can
from carewatch.supporters.models import Supporter
from carewatch_core.addresses import normalised


def supporters_for(user: Any) -> QuerySet[Supporter]:
    if not can(user, "supporter.view"):
        return Supporter.objects.none()
    return Supporter.objects.filter(erased_at__isnull=True)


def searched(rows: QuerySet[Supporter], query: str) -> QuerySet[Supporter]:
    """Rows whose address (as written or normalised), name or postcode contain ``query``."""
    query = " ".join(query.split())
    if not query:
        return rows
    return rows.filter(
        Q(email__icontains=query)
        | Q(email_key__contains=normalised(query) if "@" in query else query.lower())
        | Q(name__icontains=query)
        | Q(postcode__iexact=query)
    )
