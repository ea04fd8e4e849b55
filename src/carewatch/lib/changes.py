"""A token of the data's current state, for caches kept below the statistics layer.

The statistics keep a version token renewed by every audited change (``stats.cache``); what
sits below them in the layers (the incidents' work queues) may not import them, so the statistics
provide the token here when the apps are ready. ``token()`` is ``None`` until then: callers then
compute instead of caching.

``kept`` never gives anything older than the last change. ``kept_or_last`` may, for a count that
is slow to make (the work queues' counts over a million incidents: over a second each time a
verifier changes anything, for every staff member asking at once): after a change it gives the
last count with the time it was made while one job on the ``figures`` queue counts again.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection

from carewatch.lib import jobs

T = TypeVar("T")

_provider: list[Callable[[], str]] = []


def provide(current: Callable[[], str]) -> None:
    """Called once, by the statistics app: where the token comes from."""
    _provider[:] = [current]


def token() -> str | None:
    """The current token (it changes with every audited change), or ``None`` if none is provided."""
    return _provider[0]() if _provider else None


def question(name: str, qs: Any, *more: object) -> str | None:
    """A cache name for what ``qs`` asks (its SQL with its values) and ``more``, under ``name``;
    ``None`` if ``qs`` can hold nothing (Django then makes no SQL)."""
    try:
        asked = str(qs.query)
    except EmptyResultSet:
        return None
    text = "|".join([asked, *map(str, more)])
    return f"{name}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def kept(name: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, kept in the cache under ``name`` and the current token for ``seconds``: never
    older than the last audited change. Computed every time while no token is provided."""
    version = token()
    if version is None:
        return compute()
    key = _key(name, version)
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found


#: The queue whose worker counts again (it passes any backlog, as the public figures do).
QUEUE = "figures"
#: A count that took less than this is made again after a change rather than served as it was.
SLOW_SECONDS = 0.25
#: Longest a recount may hold its lock (a job lost with its queue row lets go after this).
LOCK_SECONDS = 10 * 60


@dataclass(frozen=True)
class Counted(Generic[T]):
    """A value and, when it was made before the last change, when it was made (UTC)."""

    value: T
    as_of: datetime.datetime | None = None


def kept_or_last(
    name: str, compute: Callable[[], T], seconds: int, recount: Callable[[str], object]
) -> Counted[T]:
    """As ``kept``, but after a change a slow value's last one is given, with its time, while
    ``recount(lock_key)`` queues a job that calls ``store_fresh`` (one at a time; see the module).

    The last value is given only outside a transaction (a reader inside one may have changes of
    its own, not yet committed), when the job's result reaches this process (``jobs.handed_back``)
    and while the job queued is not overdue; otherwise the reader computes, as with ``kept``."""
    version = token()
    if version is None:
        return Counted(compute())
    found: T | None = cache.get(_key(name, version))
    if found is not None:
        return Counted(found)
    lock_key = f"carewatch:{name}:recounting"
    last = cache.get(_last_key(name))
    if last is not None and _may_serve_last(lock_key):
        if jobs.queue_once(lock_key, LOCK_SECONDS):
            recount(lock_key)
        made_at, value = last
        return Counted(value, datetime.datetime.fromtimestamp(made_at, datetime.UTC))
    return Counted(store_fresh(name, compute, seconds))


def store_fresh(name: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, kept under the token read before it began (a change made meanwhile finds
    it out of date) and as the last value, with how long it took."""
    version, began = token(), time.monotonic()
    value = compute()
    took = time.monotonic() - began
    if version is not None:
        cache.set(_key(name, version), value, seconds)
        if took >= SLOW_SECONDS:
            cache.set(_last_key(name), (time.time() - took, value), seconds)
        else:  # quick enough to make again after a change: never served as it was
            cache.delete(_last_key(name))
    return value


def _may_serve_last(lock_key: str) -> bool:
    if connection.in_atomic_block or not jobs.handed_back(QUEUE):
        return False
    return not jobs.overdue(lock_key)


def _key(name: str, version: str) -> str:
    return f"carewatch:{name}:{version}"


def _last_key(name: str) -> str:
    return f"carewatch:{name}:last"
