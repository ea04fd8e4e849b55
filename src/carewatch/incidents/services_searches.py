"""A user's saved searches of the incident list (their own filters, named)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from carewatch.audit.services import log_action, snapshot
from carewatch.incidents.models import SavedSearch
from carewatch.incidents.queues import list_query


@transaction.atomic
def saved_search_save(*, user: Any, name: str, query: str) -> tuple[SavedSearch, bool]:
    """Save ``query`` (the list's filters) as ``name``; a search of the same name takes the new
    filters (the caller says so). Returns the search and whether it is new."""
    search = SavedSearch.objects.filter(owner=user, name=name.strip()).first()
    before = snapshot(search, "saved_search") if search else None
    created = search is None
    if search is None:
        search = SavedSearch(owner=user, name=name.strip())
    search.query = list_query(query)
    search.save()
    log_action(
        action="carewatch.saved_search.saved",
        actor=user,
        obj=search,
        before=before,
        after=snapshot(search, "saved_search"),
    )
    return search, created


@transaction.atomic
def saved_search_delete(*, user: Any, search: SavedSearch) -> None:
    before = snapshot(search, "saved_search")
    pk = search.pk
    search.delete()
    log_action(
        action="carewatch.saved_search.deleted",
        actor=user,
        object_type="incidents.savedsearch",
        object_id=str(pk),
        before=before,
    )
