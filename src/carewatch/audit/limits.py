"""Audit entries anyone can cause, kept from flooding the chain (issue 16.10, 16.12).

A refused sign-in, or a refused read by a signed-in user, is worth an entry — but someone
trying thousands of names, or probing record after record, must not be able to append
thousands of entries (each takes the chain's lock, and the log is kept for ever).
``log_limited`` writes at most ``limit`` entries per ``window`` seconds for one bucket (an
account, a user, the unknown names); the others are counted, and the next entry written for
the bucket says how many were left out (``left_out``). Counts live in the cache, one per
server process, so a server with several processes writes up to that many times the limit.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

from carewatch.audit.services import log_action


def _incr(key: str, ttl: int) -> int:
    if cache.add(key, 1, ttl):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


def log_limited(
    *, bucket: str, limit: int, window: int, after: dict[str, Any], **entry: Any
) -> bool:
    """``log_action(after=after, **entry)`` unless ``bucket`` had ``limit`` entries in this window.

    Returns whether the entry was written."""
    slot = int(time.time()) // window
    count = _incr(f"audit-limit:{bucket}:{slot}", window * 2)
    left_out_key = f"audit-left-out:{bucket}"
    if count > limit:
        _incr(left_out_key, 30 * 24 * 3600)
        return False
    left_out = cache.get(left_out_key) or 0
    if left_out:
        cache.delete(left_out_key)
        after = {**after, "left_out": int(left_out)}
    log_action(after=after, **entry)
    return True
