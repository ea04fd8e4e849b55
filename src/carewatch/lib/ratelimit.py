"""Rate limits on public forms and API writes, counted in Django's cache (one process's memory
by default; Redis when ``CAREWATCH_CACHE_URL`` names it, so every process shares the counts).

A limit is ``count`` uses per ``seconds`` window (fixed windows: a burst of at most twice
``count`` can straddle a window's edge, which is the price of one cache operation per check).
On Redis every limit of a check is counted in one round trip (a pipeline of ``SET NX EX`` and
``INCR`` per limit): the signing form checks two limits per signature, its busiest path.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from carewatch_core.limits import Limit

__all__ = ["Limit", "exceeded"]


def exceeded(scope: str, key: str, limits: Sequence[Limit], *, now: float | None = None) -> bool:
    """Count one use of ``scope`` by ``key``; True when it goes past any of ``limits`` (the use is
    counted all the same: hammering a closed door keeps it closed)."""
    now = time.time() if now is None else now
    names = [
        (
            f"ratelimit:{scope}:{limit.count}/{limit.seconds}:{int(now // limit.seconds)}:{key}",
            limit,
        )
        for limit in limits
    ]
    backend = caches["default"]
    counted = _on_redis(backend, names) if isinstance(backend, RedisCache) else _in_cache(names)
    return any(used > limit.count for used, (_name, limit) in zip(counted, names, strict=True))


def _in_cache(names: list[tuple[str, Limit]]) -> list[int]:
    counted = []
    for name, limit in names:
        cache.add(name, 0, timeout=limit.seconds + 1)
        try:
            used = cache.incr(name)
        except ValueError:  # evicted between add and incr
            cache.set(name, 1, timeout=limit.seconds + 1)
            used = 1
        counted.append(used)
    return counted


def _on_redis(backend: RedisCache, names: list[tuple[str, Limit]]) -> list[int]:
    """The same counts as ``_in_cache``, under the same keys, in one round trip. A counter is
    created with its expiry (``SET NX EX``) before it is incremented, so none outlives its window."""
    keys = [(backend.make_and_validate_key(name), limit) for name, limit in names]
    client = backend._cache.get_client(keys[0][0], write=True)
    pipe = client.pipeline(transaction=False)
    for full, limit in keys:
        pipe.set(full, 0, ex=limit.seconds + 1, nx=True)
        pipe.incr(full)
    replies = pipe.execute()
    return [int(used) for used in replies[1::2]]
