"""Cached aggregates, invalidated by changes.

Each aggregate is stored in Django's cache (``default``; without ``CACHES`` configured that is
the per-process local-memory cache, so no Redis is needed) under a key that includes the
statistics version, a token in the database renewed by every audited change (``signals``).
A change therefore makes every older entry unreachable at once, and stale entries simply age out.
The token itself is cached for two seconds outside transactions: this process sees a change at
once, other server processes (when several run) within two seconds.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction

from carewatch.stats.models import StatsVersion

T = TypeVar("T")
TIMEOUT_SECONDS = 24 * 3600
VERSION_ROW = 1
VERSION_KEY = "carewatch:stats:version"
VERSION_SECONDS = 2  # how long another server process may serve figures from before a change

# Audit actions that record a read or a sign-in, not a change: they leave the statistics as they are.
NOT_CHANGES = ("_viewed",)
NOT_CHANGE_PREFIXES = (
    "carewatch.login.", "carewatch.logout", "carewatch.session.", "carewatch.two_factor.", "carewatch.api_token.",
    "carewatch.account.",
)


def is_change(action: str) -> bool:
    return not (action.endswith(NOT_CHANGES) or action.startswith(NOT_CHANGE_PREFIXES))


def current_version() -> str:
    """The version token. Outside a transaction it is read from the cache for up to
    ``VERSION_SECONDS`` (so a page or an answer that is cached touches no database at all);
    inside one — where the reader may have made uncommitted changes — always from the database."""
    if connection.in_atomic_block:
        return _version_in_database()
    token = cache.get(VERSION_KEY)
    if token is None:
        token = _version_in_database()
        cache.set(VERSION_KEY, token, VERSION_SECONDS)
    return str(token)


def _version_in_database() -> str:
    token = StatsVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    return token or "none"


def bump_version() -> None:
    """Make every cached aggregate stale (called on each audited change, and after bulk loads).

    This process forgets the cached token at once and again when the change commits (a reader
    may have cached the old token in between); other processes see the new one within
    ``VERSION_SECONDS``."""
    token = uuid.uuid4().hex
    if not StatsVersion.objects.filter(pk=VERSION_ROW).update(token=token):
        StatsVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": token})
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def cache_key(name: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f"carewatch:stats:{current_version()}:{name}:{digest}"


def cached(name: str, params: dict[str, Any], compute: Callable[[], T]) -> T:
    """``compute()``'s value, from the cache when the data has not changed since it was stored."""
    key = cache_key(name, params)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT_SECONDS)
    return found  # type: ignore[no-any-return]
