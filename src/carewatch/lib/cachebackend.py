"""The in-process cache bounded in bytes, not only in entries.

Django's local-memory cache (the default when no ``CACHES`` is configured: one process, no Redis)
counts entries. An anonymous reader choosing what to cache (one answer per distinct question,
some of megabytes) could then fill the server's memory: 15 questions once took a server from
367 to 747 MB. This backend also keeps the pickled values under ``MAX_BYTES`` in all, dropping
the least recently used first, and never keeps one value larger than an eighth of it. The total is
kept as entries come and go (``_SizedStore``), not summed over every entry at each write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.core.cache import caches
from django.core.cache.backends import locmem
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class _SizedStore(OrderedDict[str, bytes]):
    """The entries of a ``LocMemCache`` (key → pickled value) with their values' total length,
    kept up to date by every way ``LocMemCache`` adds, replaces and removes them."""

    def __init__(self, entries: Any = ()) -> None:
        super().__init__(entries)
        self.size = sum(len(value) for value in self.values())

    def __setitem__(self, key: str, value: bytes) -> None:
        old = super().get(key)
        super().__setitem__(key, value)
        self.size += len(value) - (len(old) if old is not None else 0)

    def __delitem__(self, key: str) -> None:
        value = super().__getitem__(key)
        super().__delitem__(key)
        self.size -= len(value)

    def popitem(self, last: bool = True) -> tuple[str, bytes]:
        key, value = super().popitem(last)
        self.size -= len(value)
        return key, value

    def pop(self, key: str, *default: Any) -> Any:
        if key not in self:
            return super().pop(key, *default)
        value = super().pop(key)
        self.size -= len(value)
        return value

    def clear(self) -> None:
        super().clear()
        self.size = 0


#: Held while a cache of a name is first made (its store is replaced by a sized one once).
_STORES = threading.Lock()


class BoundedMemoryCache(LocMemCache):
    """``LocMemCache`` with ``OPTIONS["MAX_BYTES"]`` (default 64 MiB) over its pickled values."""

    _cache: _SizedStore

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        with _STORES:
            super().__init__(name, params)
            store = locmem._caches[name]  # shared by every instance (thread) of this name
            if not isinstance(store, _SizedStore):
                store = locmem._caches[name] = _SizedStore(store)
        self._cache = store
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))

    def _set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        if len(value) > self.max_bytes // 8:
            self._delete(key)  # too large to keep: computed again when asked again
            return
        super()._set(key, value, timeout)
        while self._cache.size > self.max_bytes and len(self._cache) > 1:
            dropped, _pickled = self._cache.popitem()  # the least recently used (kept last)
            self._expire_info.pop(dropped, None)

    def size_in_bytes(self) -> int:
        """The pickled values' total size (for tests and a status page)."""
        with self._lock:
            return self._cache.size


def shared() -> bool:
    """Whether every process reads the same cache (Redis, ``CAREWATCH_CACHE_URL``): what one
    process stores there (a worker's recomputed figures), another finds."""
    return isinstance(caches["default"], RedisCache)
