"""Fewer garbage-collector passes while a long bulk job runs.

An import creates millions of short-lived objects (cells, rows, tuples) and no reference cycles,
yet CPython's collector walks the young objects every 700 allocations and, now and then, every
object the process holds — Django's, the gazetteer's, the caches'. Over a million rows that walk
took about a seventh of the import's time (measured: 136.8 s with the default collector, 118.1 s
with this, 118.9 s with the collector off). Inside ``fewer_collections()`` the objects that
existed before are frozen (``gc.freeze``: never walked again until the end) and the young
generation is collected every 50,000 allocations instead of 700: cycles are still collected,
only less often.

The collector's settings belong to the process: nested and concurrent uses (two imports in two
threads of the server) share one pause, which ends when the last of them does.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between young-generation collections (CPython's default is 700), and how many of
#: those between middle- and old-generation ones (defaults 10 and 10).
THRESHOLDS = (50_000, 20, 10)

_lock = threading.Lock()
_users = 0
_saved: tuple[int, ...] = ()
_froze = False


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often until the block (and every other such block) ends."""
    _enter()
    try:
        yield
    finally:
        _leave()


def _enter() -> None:
    global _users, _saved, _froze
    with _lock:
        _users += 1
        if _users > 1:
            return
        _saved = gc.get_threshold()
        # Someone else's frozen objects are theirs to unfreeze: only freeze when none are.
        _froze = gc.get_freeze_count() == 0
        if _froze:
            gc.freeze()
        gc.set_threshold(*THRESHOLDS)


def _leave() -> None:
    global _users, _froze
    with _lock:
        _users -= 1
        if _users:
            return
        gc.set_threshold(*_saved)
        if _froze:
            gc.unfreeze()
            _froze = False
