"""A petition's verified count (confirmed signatures), cached for a few seconds: the count
page answers many visitors at once, and a confirmation forgets the cached value at once in this
process (other processes see it within ``SECONDS``, or at once with a shared cache)."""

from __future__ import annotations

from django.core.cache import cache

from carewatch.petitions.choices import SignatureState
from carewatch.petitions.models import Signature

SECONDS = 10


def _key(petition_id: int) -> str:
    return f"petition:{petition_id}:count"


def verified_count(petition_id: int, *, fresh: bool = False) -> int:
    """The count, from the cache unless ``fresh`` (staff pages, after their own changes)."""
    found = None if fresh else cache.get(_key(petition_id))
    if found is None:
        found = Signature.objects.filter(
            petition_id=petition_id, state=SignatureState.CONFIRMED
        ).count()
        cache.set(_key(petition_id), found, SECONDS)
    return int(found)


def forget_count(petition_id: int) -> None:
    cache.delete(_key(petition_id))
    cache.delete(f"petition:{petition_id}:history")
