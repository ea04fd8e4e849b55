"""Rate limits on public forms and API writes, counted in Django's cache (one process's memory
by default; Redis when ``CAREWATCH_CACHE_URL`` names it, so every process shares the counts).

A limit is ``count`` uses per ``seconds`` window (fixed windows: a burst of at most twice
``count`` can straddle a window's edge, which is the price of one cache operation per check).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.cache import cache

from carewatch_core.limits import Limit

__all__ = ["Limit", "exceeded"]


def exceeded(scope: str, key: str, limits: Sequence[Limit], *, now: float | None = None) -> bool:
    """Count one use of ``scope`` by ``key``; True when it goes past any of ``limits`` (the use is
    counted all the same: hammering a closed door keeps it closed)."""
    now = time.time() if now is None else now
    over = False
    for limit in limits:
        window = int(now // limit.seconds)
        name = f"ratelimit:{scope}:{limit.count}/{limit.seconds}:{window}:{key}"
        cache.add(name, 0, timeout=limit.seconds + 1)
        try:
            used = cache.incr(name)
        except ValueError:  # evicted between add and incr
            cache.set(name, 1, timeout=limit.seconds + 1)
            used = 1
        over = over or used > limit.count
    return over
