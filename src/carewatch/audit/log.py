"""The audit log as administrators read it: filtered by actor, action, period and record, shown
and exported with the same rule as a record's History (``history.changes``): a restricted value
is never in the log (a keyed digest stands for it), a field above the reader's clearance shows
only that it changed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from carewatch.audit.history import VERBS, Change, changes
from carewatch.audit.models import AuditEntry
from carewatch_core.sensitivity import Level

SYSTEM = "system"


@dataclass(frozen=True)
class LogFilters:
    """``actor``: an account's id, or ``SYSTEM`` for entries no account made; ``action``: a whole
    action or its beginning (``carewatch.incident.``); ``object_type``: a model's label
    (``incidents.incident``), with ``object_id`` its row."""

    actor: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    object_type: str = ""
    object_id: str = ""


def filtered(f: LogFilters | None) -> QuerySet[AuditEntry]:
    """The entries matching ``f``, newest first (none when the filters were not valid)."""
    if f is None:
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.all()
    if f.actor == SYSTEM:
        qs = qs.filter(actor__isnull=True)
    elif f.actor:
        qs = qs.filter(actor_id=int(f.actor))
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.date_from:
        qs = qs.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(created_at__date__lte=f.date_to)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    return qs.order_by("-id")


def record_types() -> list[tuple[str, str]]:
    """Every kind of record an entry may be about: (label, name), the project's models only."""
    found = [
        (model._meta.label_lower, str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("carewatch.")
    ]
    return sorted(found)


def _entity(model: type[models.Model]) -> str:
    """The model's name in the sensitivity table (``IncidentRecord`` → ``incident_record``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        return None


@dataclass(frozen=True)
class LogRow:
    id: int
    when: datetime.datetime
    who: str
    action: str
    label: str
    object_type: str
    object_id: str
    reason: str
    changes: list[Change]
    entry_hash: str


def rows(entries: Any, clearance: Level) -> Iterator[LogRow]:
    """Each entry as the reader may see it."""
    for entry in entries:
        # An entry about no record (an export, a sign-in) still shows its before and after.
        model = _model(entry.object_type) or AuditEntry
        shown = changes(entry, model, _entity(model), clearance)
        yield LogRow(
            id=entry.pk,
            when=entry.created_at,
            who=entry.actor_label or SYSTEM,
            action=entry.action,
            label=str(VERBS.get(entry.action.rsplit(".", 1)[-1], entry.action)),
            object_type=entry.object_type,
            object_id=entry.object_id,
            reason=entry.reason,
            changes=shown,
            entry_hash=entry.entry_hash,
        )


def as_text(found: list[Change]) -> str:
    """The changes of one entry in one line, for a CSV cell."""
    return "; ".join(
        f"{c.label}: {c.before} → {c.after}" if c.before else f"{c.label}: {c.after}" for c in found
    )
