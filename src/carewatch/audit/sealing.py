"""Re-sealing the audit log: replace unkeyed digests, then start a new chain segment.

Entries written before keyed digests hold ``sha256:<16 hex>`` of restricted values, which can be
brute-forced from any copy of the log; and entries of a field classed restricted after they were
written (a person's name search key) hold its value in clear. ``reseal`` (``carewatch audit reseal``, and the audit
migration 0002 on upgrade) checks the chain is intact, replaces each such digest with its keyed
digest (``digests.reseal_digest``), re-links the rewritten entries from the start, and appends a
``carewatch.audit.resealed`` entry that records the old head (id and hash): the first entry of
the new segment. ``carewatch audit verify`` then walks one unbroken chain, and an anchor taken
outside the database before the re-seal (the old head) is found in that entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from carewatch.audit.digests import digest, is_digest, is_legacy, key_id, reseal_digest
from carewatch.audit.models import entry_content, first_break
from carewatch.audit.services import lock_chain
from carewatch_core.hashing import GENESIS, chain_hash
from carewatch_core.sensitivity import Level, level_of

RESEALED_ACTION = "carewatch.audit.resealed"
_BATCH = 2000


class ChainBroken(Exception):
    """The chain does not verify; re-sealing it would hide the break."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(entry_id)
        self.entry_id = entry_id


@dataclass(frozen=True)
class Resealed:
    entries: int
    digests: int
    old_head: tuple[int, str]
    entry_id: int


#: The sensitivity entity of each object type whose snapshots the log holds (``sensitivity.py``).
ENTITIES = {
    "incidents.incident": "incident",
    "incidents.incidentrecord": "incident_record",
    "sources.report": "report",
    "facilities.facility": "facility",
    "people.person": "person",
    "people.personrecord": "person_record",
}


def replace_legacy(value: Any) -> tuple[Any, int]:
    """``value`` with each unkeyed digest (at any depth) replaced, and how many were."""
    if is_legacy(value):
        return reseal_digest(value), 1
    if isinstance(value, dict):
        pairs = [(k, replace_legacy(v)) for k, v in value.items()]
        return {k: v for k, (v, _n) in pairs}, sum(n for _k, (_v, n) in pairs)
    if isinstance(value, list):
        items = [replace_legacy(v) for v in value]
        return [v for v, _n in items], sum(n for _v, n in items)
    return value, 0


def replace_plain(snapshot: Any, entity: str | None) -> tuple[Any, int]:
    """A snapshot's restricted fields still held in clear (a field classed restricted after it
    was logged, such as a person's search key) replaced by their keyed digest."""
    if entity is None or not isinstance(snapshot, dict):
        return snapshot, 0
    restricted = [
        k
        for k, v in snapshot.items()
        if level_of(entity, k) >= Level.RESTRICTED and v not in (None, "") and not is_digest(v)
    ]
    return {**snapshot, **{k: digest(snapshot[k]) for k in restricted}}, len(restricted)


def reseal_values(row: Any) -> int:
    """Re-seal ``row``'s before and after in place; how many values were replaced."""
    entity = ENTITIES.get(row.object_type)
    total = 0
    for side in ("before", "after"):
        value, legacy = replace_legacy(getattr(row, side))
        value, plain = replace_plain(value, entity)
        setattr(row, side, value)
        total += legacy + plain
    return total


def _batches(model: Any) -> Any:
    last = 0
    while True:
        rows = list(model.objects.filter(id__gt=last).order_by("id")[:_BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].id


def legacy_count(model: Any) -> int:
    """How many values a re-seal would replace (computed on copies; nothing is saved)."""
    return sum(reseal_values(row) for rows in _batches(model) for row in rows)


@transaction.atomic
def reseal(
    model: Any, *, actor_id: int | None = None, actor_label: str = "system", reason: str = ""
) -> Resealed | None:
    """Re-seal the log held by ``model`` (``AuditEntry`` or a migration's model); ``None`` if no digest is unkeyed."""
    lock_chain()
    broken = first_break(model)
    if broken is not None:
        raise ChainBroken(int(broken.id))
    if not legacy_count(model):
        return None
    head = model.objects.order_by("-id").first()
    old_head = (int(head.id), str(head.entry_hash))
    previous, entries, digests = GENESIS, 0, 0
    for rows in _batches(model):
        for row in rows:
            digests += reseal_values(row)
            row.previous_hash = previous
            row.entry_hash = previous = chain_hash(previous, entry_content(row))
            entries += 1
        model.objects.bulk_update(rows, ["before", "after", "previous_hash", "entry_hash"])
    entry = model(
        action=RESEALED_ACTION,
        actor_id=actor_id,
        actor_label=actor_label,
        object_type="audit.auditentry",
        object_id=str(old_head[0]),
        before=None,
        reason=reason,
        created_at=timezone.now(),
        previous_hash=previous,
        after={
            "old_head": {"id": old_head[0], "hash": old_head[1]},
            "resealed_head": previous,
            "entries_resealed": entries,
            "digests_replaced": digests,
            "key_id": key_id(),
        },
    )
    entry.entry_hash = chain_hash(previous, entry_content(entry))
    model.objects.bulk_create([entry])
    return Resealed(
        entries=entries,
        digests=digests,
        old_head=old_head,
        entry_id=int(model.objects.order_by("-id").first().id),
    )


def anchor_holds(model: Any, entry_id: int, entry_hash: str) -> bool:
    """Whether an anchor kept outside the database (an entry's id and hash) is in the log or its re-seals."""
    if model.objects.filter(id=entry_id, entry_hash=entry_hash).exists():
        return True
    return any(
        (row.after or {}).get("old_head") == {"id": entry_id, "hash": entry_hash}
        for row in model.objects.filter(action=RESEALED_ACTION).only("after")
    )
