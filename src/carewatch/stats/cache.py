"""Cached aggregates, invalidated by changes.

Each aggregate is stored in Django's cache (``default``; without ``CACHES`` configured that is
the per-process local-memory cache, so no Redis is needed) under a key that includes the
statistics version, a token in the database renewed by every audited change (``signals``).
A change therefore makes every older entry unreachable at once, and stale entries simply age out.
The token itself is cached for two seconds outside transactions: this process sees a change at
once, other server processes (when several run) within two seconds.

Public answers (whole public pages, the public's statistics API answers) may be served stale,
saying when they were computed, while a job recomputes them (``cached_public``, see
``refresh``): each is also kept, with its time, under a key without the version, the last value
computed — but only within its generation (``bump_version``): after a change that may take
something out of public view, an answer is computed again before it is served, except an answer
of figures only after a change to one record (``Change``).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.core.cache import cache
from django.db import connection, transaction

from carewatch.lib import jobs
from carewatch.stats import refresh
from carewatch.stats.models import StatsVersion

T = TypeVar("T")
TIMEOUT_SECONDS = 24 * 3600
LAST_SECONDS = (
    7 * 24 * 3600
)  # how long the last value of a public answer is kept to be served stale
VERSION_ROW = 1
VERSION_KEY = "carewatch:stats:version"
VERSION_SECONDS = 2  # how long another server process may serve figures from before a change

# Audit actions that record a read or a sign-in, not a change: they leave the statistics as they are.
NOT_CHANGES = ("_viewed",)
NOT_CHANGE_PREFIXES = (
    "carewatch.login.",
    "carewatch.logout",
    "carewatch.session.",
    "carewatch.two_factor.",
    "carewatch.api_token.",
    "carewatch.account.",
    # The campaign side (supporters, signatures, mail): no statistic counts it, and a petition
    # signed a hundred times a second must not make every public figure be computed again.
    "carewatch.supporter.",
    "carewatch.signature.",
    "carewatch.invalidation.",
    "carewatch.mail.",
    "carewatch.retention.",
    # A verifier's own work: who an incident is assigned to, their saved searches.
    "carewatch.incident.assigned",
    "carewatch.saved_search.",
    "carewatch.notice.",
    "carewatch.backup.",
    "carewatch.audit.exported",
)


def is_change(action: str) -> bool:
    return not (action.endswith(NOT_CHANGES) or action.startswith(NOT_CHANGE_PREFIXES))


def current_version() -> str:
    """The version token. Outside a transaction it is read from the cache for up to
    ``VERSION_SECONDS`` (so a page or an answer that is cached touches no database at all);
    inside one — where the reader may have made uncommitted changes — always from the database."""
    if connection.in_atomic_block:
        return _version_in_database()
    token = cache.get(VERSION_KEY)
    if token is None:
        token = _version_in_database()
        cache.set(VERSION_KEY, token, VERSION_SECONDS)
    return str(token)


def _version_in_database() -> str:
    token = StatsVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    return token or "none"


class Change(enum.Enum):
    """What a change may do to the public answers computed before it.

    ``ADDITION``: it only adds (a report, a record, an incident verified): every last answer may be
    served while recomputed. ``RECORD``: one record changed or left public view (an incident sent
    back to review, rejected, merged or edited; a person or facility edited): an answer of figures
    only (counts, rates, rankings, the sources' public labels) may still be served while
    recomputed — it places nothing more precisely than it did a moment before and names no one —,
    but an answer that shows records (the memorial roll, lists) is computed again before it is
    served. ``ANY``: anything else (a clearance revoked, a source renamed or made anonymous, an
    estimate withdrawn, reports removed, a restore): no answer computed before it is served again.
    """

    ADDITION = "addition"
    RECORD = "record"
    ANY = "any"


def bump_version(*, change: Change = Change.ANY) -> None:
    """Make every cached aggregate stale (called on each audited change, and after bulk loads).

    This process forgets the cached token at once and again when the change commits (a reader
    may have cached the old token in between); other processes see the new one within
    ``VERSION_SECONDS``. The token is ``figures-records.change``: ``figures`` is the generation
    of the answers of figures only, ``records`` the generation of every other public answer; a
    public answer last computed in an older generation than its own is never served stale again.
    ``Change.ANY`` starts both generations anew, ``Change.RECORD`` the second only."""
    figures, records = _generations(_version_in_database())
    if change is Change.ANY:
        figures, records = _fresh(), _fresh()
    elif change is Change.RECORD:
        records = _fresh()
    token = f"{figures}-{records}.{_fresh()}"  # 32 characters, the column's length
    if not StatsVersion.objects.filter(pk=VERSION_ROW).update(token=token):
        StatsVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": token})
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def _fresh() -> str:
    return uuid.uuid4().hex[:10]


def _generations(token: str) -> tuple[str, str]:
    """The token's two generations: of the answers of figures only, and of the others."""
    figures, _sep, records = token.split(".")[0].partition("-")
    return figures[:10], records[:10]


def generation(token: str, *, figures: bool) -> str:
    """The generation an answer's last value is kept under: the first alone for an answer of
    figures only, both for any other."""
    first, second = _generations(token)
    return first if figures else f"{first}-{second}"


#: Audit actions that only add (a report, a record, a figure): a public answer computed before
#: them holds nothing that should no longer be public, so it may be served while recomputed.
ADDITIONS = (".created", ".received", ".recorded", ".stored")
#: Other actions that only bring something into public view: an incident verified (from review)
#: enters the public figures, and nothing leaves them; an import completed has written new reports
#: and records only (a changed row is a new report; nothing is removed or changed), and the linking
#: of its records to incidents is audited on its own (a merge is not an addition). Without it, the
#: readers of every public answer waited for its recomputation when an import committed (nine
#: seconds of every server thread on SQLite beside the import, bench/load.py).
ADDITION_ACTIONS = frozenset({"carewatch.incident.verified", "carewatch.import.completed"})


def is_addition(action: str) -> bool:
    return action.endswith(ADDITIONS) or action in ADDITION_ACTIONS


#: Audit actions that change one record, or take it out of public view, and nothing else: an
#: incident sent back to review, rejected, edited, merged or unmerged (its records moved with it,
#: a record linked to it); a person or a facility edited, merged or given a fate. A change of
#: what the public may see of a record (a clearance, a source's public label) is not one of them.
RECORD_ACTIONS = frozenset(
    {
        "carewatch.incident.state_changed",
        "carewatch.incident.rejected",
        "carewatch.incident.changed",
        "carewatch.incident.merged",
        "carewatch.incident.unmerged",
        "carewatch.incident.records_moved",
        "carewatch.incident_record.linked",
        "carewatch.person.changed",
        "carewatch.person.merged",
        "carewatch.person.unmerged",
        "carewatch.person.records_moved",
        "carewatch.person.fate_recorded",
        "carewatch.facility.changed",
        "carewatch.facility.status_recorded",
        "carewatch.facility.alias_added",
        "carewatch.linkage.merged",
        "carewatch.linkage.unmerged",
    }
)


def change_of(action: str) -> Change:
    """What an audited change may do to the public answers computed before it (``Change``)."""
    if is_addition(action):
        return Change.ADDITION
    return Change.RECORD if action in RECORD_ACTIONS else Change.ANY


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]


def cache_key(name: str, params: dict[str, Any], version: str | None = None) -> str:
    return f"carewatch:stats:{version or current_version()}:{name}:{_digest(params)}"


def cached(name: str, params: dict[str, Any], compute: Callable[[], T]) -> T:
    """``compute()``'s value, from the cache when the data has not changed since it was stored."""
    key = cache_key(name, params)
    found = cache.get(key)
    if found is None:
        found = computed_once(key, compute, lambda value: cache.set(key, value, TIMEOUT_SECONDS))
    return found


#: Longest a reader waits for another reader's computation of the same answer.
WAIT_SECONDS = 30
#: Longest a computation may hold its claim (a reader that died lets the others go on).
CLAIM_SECONDS = 120


def computed_once(key: str, compute: Callable[[], T], store: Callable[[T], Any]) -> T:
    """``compute()``, stored by ``store`` — computed by one reader at a time per ``key`` (among
    the processes sharing the cache): a reader finding another computing the same answer waits
    for it (up to ``WAIT_SECONDS``) instead of computing it too. After a change a crowd of
    readers once each computed every figure of the page they asked for, on the same cores.
    Inside a transaction (figures of uncommitted changes, under a key of their own) or a
    recomputation (which already holds its answer's lock) the reader computes at once."""
    if connection.in_atomic_block or refresh.RECOMPUTING.get():
        found = compute()
        store(found)
        return found
    claim, deadline, pause = f"{key}:computing", time.monotonic() + WAIT_SECONDS, 0.01
    while not cache.add(claim, True, CLAIM_SECONDS):
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
        waited = cache.get(key)
        if waited is not None:
            return cast(T, waited)
        if time.monotonic() > deadline:
            return compute()
    try:
        found = compute()
        store(found)  # before the claim goes: whoever waits finds the value
        return found
    finally:
        cache.delete(claim)


#: The header a public answer served while recomputed (an API answer, the map's data) says when
#: it was computed in (ISO 8601, UTC).
AS_OF_HEADER = "CareWatch-Figures-As-Of"
#: The request attribute a public API answer served while recomputed carries its time in
#: (``api.main`` says it in the ``AS_OF_HEADER`` header).
AS_OF_ATTRIBUTE = "carewatch_figures_as_of"


@dataclass(frozen=True)
class Public(Generic[T]):
    """A public answer, and when it was computed if it is the last one, served while a job
    recomputes it after a change (``None``: it is current)."""

    value: T
    as_of: datetime.datetime | None = None


def cached_public(
    name: str,
    params: dict[str, Any],
    compute: Callable[[], T],
    *,
    visit: refresh.Visit,
    figures: bool = False,
) -> Public[T]:
    """A public answer (a whole public page, the public's statistics API), as ``cached``; but
    when the data has changed by additions only, the value last computed is returned at once,
    with its time, and a job recomputes it by making ``visit`` again (``refresh``) — except
    inside a transaction (the reader may have uncommitted changes), inside a recomputation
    (which must read fresh values), where the worker's answer could not reach this process
    (``refresh.handed_back``), or when the recomputation queued has waited too long. ``figures``:
    the answer holds figures only (``Change.RECORD``): it is served while recomputed after a
    change to one record too."""
    version = current_version()
    key = cache_key(name, params, version)
    found = cache.get(key)
    if found is not None:
        return Public(found)
    digest = _digest(params)
    last_key = f"carewatch:stats:last-at:{generation(version, figures=figures)}:{name}:{digest}"
    lock_key = f"carewatch:stats:recompute:{name}:{digest}"
    may_serve_last = (
        not connection.in_atomic_block and not refresh.RECOMPUTING.get() and refresh.handed_back()
    )
    last = cache.get(last_key) if may_serve_last else None
    if last is not None and not jobs.overdue(lock_key):
        refresh.start(lock_key, visit)
        computed_at, value = last
        return Public(value, as_of=datetime.datetime.fromtimestamp(computed_at, datetime.UTC))

    def store(value: T) -> None:
        cache.set(key, value, TIMEOUT_SECONDS)
        cache.set(last_key, (time.time(), value), LAST_SECONDS)

    return Public(computed_once(key, compute, store))
