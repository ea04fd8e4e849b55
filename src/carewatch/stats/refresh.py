"""Recomputing a stale cached answer in the background while visitors are served the last one.

After a change, the first public visitor of a page would otherwise wait for every figure on it
to be recomputed (over a minute for the dashboard with a million incidents). Instead, the public
page or public API answer last computed is served at once, marked by nothing but its age (the
figures are those from before the change, at most one recomputation old), and one background
thread per answer recomputes it; the next visitor gets the new one. Signed-in staff and anything
asked inside a transaction always get fresh figures (``cache.cached``).
"""

from __future__ import annotations

import contextvars
import threading
import weakref
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.utils import translation

#: True inside a background recomputation: what it reads must be fresh, never stale.
RECOMPUTING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "carewatch_recomputing", default=False
)
#: Longest a recomputation may hold its answer's lock (a crashed thread's lock expires).
LOCK_SECONDS = 30 * 60
_running: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def start(lock_key: str, compute: Callable[[], Any], store: Callable[[Any], None]) -> bool:
    """Run ``store(compute())`` in a background thread unless one already runs for ``lock_key``
    (in this process: the cache is per process unless a shared one is configured). The thread
    uses the caller's language and its own database connection, closed at the end."""
    if not cache.add(lock_key, True, LOCK_SECONDS):
        return False
    language = translation.get_language()

    def run() -> None:
        RECOMPUTING.set(True)
        try:
            with translation.override(language):
                store(compute())
        finally:
            cache.delete(lock_key)
            connections.close_all()

    thread = threading.Thread(target=run, name=f"carewatch-recompute:{lock_key[-12:]}", daemon=True)
    _running.add(thread)
    thread.start()
    return True


def wait(timeout: float = 60.0) -> None:
    """Wait for the background recomputations of this process to end (tests, shutdown)."""
    for thread in list(_running):
        thread.join(timeout)
