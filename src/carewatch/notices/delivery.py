"""Making notices: the chain is walked from where the last pass stopped (``Cursor``), in windows
of entry ids, so a pass is cheap however long the log and a pass run twice makes nothing twice
(one notice per person and entry). Entries are appended in commit order (the chain is locked
until the appending transaction ends), so no entry is passed over."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from carewatch.audit.models import AuditEntry
from carewatch.notices.models import Cursor, Notice
from carewatch.notices.watchers import FOLLOWED, heard

WINDOW = 5000


@transaction.atomic
def make_notices() -> dict[int, int]:
    """Notices for every entry appended since the last pass; returns user id → how many new."""
    cursor, _created = Cursor.objects.select_for_update().get_or_create(pk=1)
    top = AuditEntry.objects.aggregate(top=Max("id"))["top"] or 0
    made: dict[int, int] = {}
    while cursor.last_entry_id < top:
        end = min(cursor.last_entry_id + WINDOW, top)
        entries = AuditEntry.objects.filter(
            id__gt=cursor.last_entry_id, id__lte=end, object_type__in=list(FOLLOWED)
        ).only("id", "action", "actor_id", "object_type", "object_id", "after")
        rows = [
            Notice(entry_id=h.entry_id, recipient_id=h.user_id, why=h.why) for h in heard(entries)
        ]
        Notice.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        for row in rows:
            made[row.recipient_id] = made.get(row.recipient_id, 0) + 1
        cursor.last_entry_id = end
    cursor.save(update_fields=["last_entry_id"])
    return made
