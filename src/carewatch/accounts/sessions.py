"""Sessions in the database (``SESSION_ENGINE``), whose "last seen" stamp never waits for a writer.

A signed-in session rewrites its "last seen" stamp at most every ``SEEN_RESOLUTION`` seconds
(``middleware.SessionPolicyMiddleware``: the idle timeout). On SQLite only one transaction writes
at a time, and an import writes in one transaction from its first row to its last (a million rows:
more than a minute): a staff page that only had its stamp to save waited for it, and when the
connection's 20 s wait for the lock ran out the save failed and the page answered 400
(bench/load.py, "surge + import + edits"). Here, when the stamp is the only change and another
transaction holds the database, the save is given up after a moment: the stamp is written by a
later request (the idle timeout counts in minutes, the stamp in tens of seconds). Any other change
to a session is saved as Django saves it, waiting as long as it takes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router

from carewatch.accounts.middleware import SEEN

logger = logging.getLogger(__name__)

#: The session keys that record activity only (see the module docstring).
STAMPS = frozenset({SEEN})
#: How long a stamp-only save waits for another writer (milliseconds).
STAMP_WAIT_MS = 250


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        data = super().load()
        self._as_loaded = dict(data)
        return data

    def only_stamped(self) -> bool:
        """Whether the session differs from what was read only by its activity stamps."""
        loaded: dict[str, Any] | None = getattr(self, "_as_loaded", None)
        if loaded is None or self.session_key is None:
            return False
        now = self._get_session()  # type: ignore[attr-defined]  # SessionBase has it
        keys = (set(now) | set(loaded)) - STAMPS
        return all(now.get(k) == loaded.get(k) for k in keys)

    def save(self, must_create: bool = False) -> None:
        if must_create or not self.only_stamped():
            super().save(must_create=must_create)
            return
        using = router.db_for_write(self.model)
        try:
            with waiting_briefly(using):
                super().save(must_create=False)
        except UpdateError:
            if connections[using].vendor != "sqlite":
                raise
            logger.debug("a session's activity stamp was not saved: the database is busy")


@contextmanager
def waiting_briefly(using: str) -> Iterator[None]:
    """On SQLite outside a transaction: wait ``STAMP_WAIT_MS`` for the write lock, not the
    connection's usual ``timeout``. Elsewhere: as usual."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    usual = int(float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {STAMP_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {usual}")
