"""Writing the audit log. Every service that changes state calls ``log_action``."""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection, models, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from carewatch.audit.digests import digest
from carewatch.audit.models import AuditEntry, first_break
from carewatch_core.hashing import GENESIS, canonical_json
from carewatch_core.sensitivity import Level, level_of

# An arbitrary constant: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK = 4_729_101


def snapshot(instance: models.Model, entity: str | None = None) -> dict[str, Any]:
    """Concrete field values of ``instance`` for the log; restricted values are stored as a keyed digest.

    The digest still shows *that* a restricted value changed (and lets the key's holder check a
    claimed value) without putting exact coordinates or witness names into the log itself.
    """
    entity = entity or instance._meta.model_name or ""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = _plain(getattr(instance, field.attname))
        if level_of(entity, field.name) >= Level.RESTRICTED and value not in (None, ""):
            value = digest(value)
        data[field.name] = value
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def lock_chain() -> None:
    """Serialise appends to (and rewrites of) the chain until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


#: Entries waiting for the end of an ``entries_at_the_end`` block (``None``: append at once).
_AT_THE_END: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "audit_entries_at_the_end", default=None
)


@contextmanager
def entries_at_the_end() -> Iterator[None]:
    """Inside a long transaction: ``log_action`` entries are appended when this block ends (still
    inside the transaction, in the order they were made, each stamped then) rather than at once.
    An append locks the chain until the transaction commits (PostgreSQL), so an import of a
    million rows that created its source at its start held every other audited write (an edit,
    a sign-in) waiting for minutes; now it holds the chain for its last moments. If the block
    raises, the waiting entries go with the transaction that is rolled back."""
    waiting: list[dict[str, Any]] = []
    token = _AT_THE_END.set(waiting)
    try:
        yield
    finally:
        _AT_THE_END.reset(token)
    for entry in waiting:
        log_action(**entry)


# No savepoint of its own: an entry that cannot be written fails the caller's whole transaction,
# and a savepoint would cost two more round trips while the chain is locked.
@transaction.atomic(savepoint=False)
def log_action(
    *,
    action: str,
    actor: Any,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry | None:
    """Append one entry (``carewatch.<thing>.<verb>``) to the hash chain (inside
    ``entries_at_the_end``: when that block ends, and ``None`` here)."""
    fields = {
        "action": action,
        "actor": actor,
        "obj": obj,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "reason": reason,
    }
    waiting = _AT_THE_END.get()
    if waiting is not None:
        waiting.append(fields)
        return None
    return _append(**fields)


def _append(
    *,
    action: str,
    actor: Any,
    obj: models.Model | None,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> AuditEntry:
    lock_chain()
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        action=action,
        actor=user,
        actor_label=user.get_username() if user else str(actor or "system"),
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        before=before,
        after=after,
        reason=reason,
        created_at=timezone.now(),
    )
    if connection.vendor == "postgresql":
        return _appended_in_sql(entry)
    entry.previous_hash = (
        AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or GENESIS
    )
    entry.entry_hash = entry.compute_hash()
    entry.save()
    return entry


@dataclass(frozen=True)
class Logged:
    """One entry of ``log_actions``: an object's change, with its own before and after."""

    obj: models.Model
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@transaction.atomic(savepoint=False)
def log_actions(*, action: str, actor: Any, entries: list[Logged], reason: str = "") -> int:
    """Append one entry per object, as ``log_action`` would, under one lock of the chain and in
    batched inserts (a bulk change of a thousand incidents is a thousand entries, not a thousand
    round trips). The statistics' version moves once, with the last entry."""
    if not entries:
        return 0
    lock_chain()
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user else str(actor or "system")
    previous = (
        AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or GENESIS
    )
    rows, now = [], timezone.now()
    for item in entries:
        row = AuditEntry(
            action=action,
            actor=user,
            actor_label=label,
            object_type=item.obj._meta.label_lower,
            object_id=str(item.obj.pk),
            before=item.before,
            after=item.after,
            reason=reason,
            created_at=now,
            previous_hash=previous,
        )
        row.entry_hash = previous = row.compute_hash()
        rows.append(row)
    AuditEntry.objects.bulk_create(rows, batch_size=500)
    last = AuditEntry.objects.get(entry_hash=previous)
    post_save.send(
        sender=AuditEntry,
        instance=last,
        created=True,
        raw=False,
        using=connection.alias,
        update_fields=None,
    )
    return len(rows)


# The same link as ``chain_hash`` (SHA-256 of the previous hash followed by the canonical JSON
# content), computed by PostgreSQL in the statement that reads the previous hash: one round trip
# while the chain is locked instead of two. ``carewatch audit verify`` checks it in Python.
_APPEND_SQL = """
INSERT INTO {table} (action, actor_id, actor_label, object_type, object_id, before, after,
                     reason, created_at, previous_hash, entry_hash)
SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, last.hash,
       encode(sha256(convert_to(last.hash || %s, 'UTF8')), 'hex')
FROM (SELECT COALESCE((SELECT entry_hash FROM {table} ORDER BY id DESC LIMIT 1), %s) AS hash) last
RETURNING id, previous_hash, entry_hash
"""


def _appended_in_sql(entry: AuditEntry) -> AuditEntry:
    def json_value(name: str) -> Any:
        field = cast(models.JSONField[Any], AuditEntry._meta.get_field(name))
        return field.get_db_prep_save(getattr(entry, name), connection)

    values = [
        entry.action,
        entry.actor_id,
        entry.actor_label,
        entry.object_type,
        entry.object_id,
        json_value("before"),
        json_value("after"),
        entry.reason,
        entry.created_at,
        canonical_json(entry.content()),
        GENESIS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND_SQL.format(table=AuditEntry._meta.db_table), values)
        entry.pk, entry.previous_hash, entry.entry_hash = cursor.fetchone()
    entry._state.adding = False
    # As Model.save would: the statistics' version follows the log (stats.signals).
    post_save.send(
        sender=AuditEntry,
        instance=entry,
        created=True,
        raw=False,
        using=connection.alias,
        update_fields=None,
    )
    return entry


def verify_chain() -> AuditEntry | None:
    """The first entry whose link is broken (edited, deleted or reordered rows), or ``None``."""
    found: AuditEntry | None = first_break(AuditEntry)
    return found
