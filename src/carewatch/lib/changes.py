"""A token of the data's current state, for caches kept below the statistics layer.

The statistics keep a version token renewed by every audited change (``stats.cache``); what
sits below them in the layers (the incidents' work queues) may not import them, so the statistics
provide the token here when the apps are ready. ``token()`` is ``None`` until then: callers then
compute instead of caching.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

_provider: list[Callable[[], str]] = []


def provide(current: Callable[[], str]) -> None:
    """Called once, by the statistics app: where the token comes from."""
    _provider[:] = [current]


def token() -> str | None:
    """The current token (it changes with every audited change), or ``None`` if none is provided."""
    return _provider[0]() if _provider else None


def kept(name: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, kept in the cache under ``name`` and the current token for ``seconds``: never
    older than the last audited change. Computed every time while no token is provided."""
    version = token()
    if version is None:
        return compute()
    key = f"carewatch:{name}:{version}"
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found
