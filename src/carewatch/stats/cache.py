"""Cached aggregates, invalidated by changes.

Each aggregate is stored in Django's cache (``default``; without ``CACHES`` configured that is
the per-process local-memory cache, so no Redis is needed) under a key that includes the
statistics version, a number in the database raised by every audited change (``signals``).
A change therefore makes every older entry unreachable at once, in every server process, and
stale entries simply age out. Reading the version is one indexed single-row query per request.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from carewatch.stats.models import StatsVersion

T = TypeVar("T")
TIMEOUT_SECONDS = 24 * 3600
VERSION_ROW = 1

# Audit actions that record a read or a sign-in, not a change: they leave the statistics as they are.
NOT_CHANGES = ("_viewed",)
NOT_CHANGE_PREFIXES = (
    "carewatch.login.", "carewatch.logout", "carewatch.session.", "carewatch.two_factor.", "carewatch.api_token.",
    "carewatch.account.",
)


def is_change(action: str) -> bool:
    return not (action.endswith(NOT_CHANGES) or action.startswith(NOT_CHANGE_PREFIXES))


def current_version() -> str:
    token = StatsVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    return token or "none"


def bump_version() -> None:
    """Make every cached aggregate stale (called on each audited change, and after bulk loads)."""
    token = uuid.uuid4().hex
    if not StatsVersion.objects.filter(pk=VERSION_ROW).update(token=token):
        StatsVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": token})


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
