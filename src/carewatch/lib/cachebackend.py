"""The in-process cache bounded in bytes, not only in entries.

Django's local-memory cache (the default when no ``CACHES`` is configured: one process, no Redis)
counts entries. An anonymous reader choosing what to cache (one answer per distinct question,
some of megabytes) could then fill the server's memory: 15 questions once took a server from
367 to 747 MB. This backend also keeps the pickled values under ``MAX_BYTES`` in all, dropping
the least recently used first, and never keeps one value larger than an eighth of it.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class BoundedMemoryCache(LocMemCache):
    """``LocMemCache`` with ``OPTIONS["MAX_BYTES"]`` (default 64 MiB) over its pickled values."""

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))

    def _set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        if len(value) > self.max_bytes // 8:
            self._delete(key)  # too large to keep: computed again when asked again
            return
        super()._set(key, value, timeout)
        total = sum(len(v) for v in self._cache.values())
        while total > self.max_bytes and len(self._cache) > 1:
            dropped, pickled = (
                self._cache.popitem()
            )  # the least recently used (LocMemCache keeps LRU last)
            self._expire_info.pop(dropped, None)
            total -= len(pickled)

    def size_in_bytes(self) -> int:
        """The pickled values' total size (for tests and a status page)."""
        with self._lock:
            return sum(len(v) for v in self._cache.values())


def shared() -> bool:
    """Whether every process reads the same cache (Redis, ``CAREWATCH_CACHE_URL``): what one
    process stores there (a worker's recomputed figures), another finds."""
    return isinstance(caches["default"], RedisCache)
