"""A record's history, read from the audit chain: who changed what, when, before and after.

Pages of incidents, facilities, people, sources and reports show it (each app's own view checks
the reader may see the record). Values follow the sensitivity classes: a field the reader may
not read shows only that it changed; a restricted value is never in the log at all (a keyed
digest stands for it, ``digests.py``), so it shows as "restricted value changed" to everyone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carewatch.audit.digests import is_digest
from carewatch.audit.models import AuditEntry
from carewatch_core.sensitivity import Level, level_of

LIMIT = 500
_LONG = 300
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?")

VERBS = {
    "created": gettext_lazy("Created"),
    "changed": gettext_lazy("Changed"),
    "stock_alert": gettext_lazy("Stock running low"),
    "verified": gettext_lazy("Verified"),
    "rejected": gettext_lazy("Rejected"),
    "state_changed": gettext_lazy("Workflow state changed"),
    "merged": gettext_lazy("Merged"),
    "unmerged": gettext_lazy("Merge undone"),
    "linked": gettext_lazy("Linked"),
    "assigned": gettext_lazy("Assigned"),
    "alias_added": gettext_lazy("Alias added"),
    "status_recorded": gettext_lazy("Status recorded"),
    "fate_recorded": gettext_lazy("Fate recorded"),
    "clearance_changed": gettext_lazy("Memorial clearance changed"),
    "received": gettext_lazy("Received"),
    "exact_location_viewed": gettext_lazy("Exact point read"),
    "restricted_details_viewed": gettext_lazy("Restricted details read"),
    "informant_viewed": gettext_lazy("Informant read"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    hidden: bool = False


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    who: str
    action: str
    label: str
    reason: str
    changes: list[Change]


# Keys of the log's snapshots whose label is not a translated field name: the multi-valued parts of
# an incident, and the fields every record has (their verbose names are Django's own, untranslated).
KEYS = {
    "id": gettext_lazy("ID"),
    "created_at": gettext_lazy("created at"),
    "updated_at": gettext_lazy("updated at"),
    "version": gettext_lazy("version"),
    "tags": gettext_lazy("Types, resources and weapons"),
    "counts": gettext_lazy("Casualty counts"),
    "facilities": gettext_lazy("Facilities"),
    "perpetrators": gettext_lazy("Alleged perpetrators"),
    "created_by": gettext_lazy("created by"),
    "governorate": gettext_lazy("Governorate"),
    "district": gettext_lazy("District"),
}
#: Keys derived from the others (a search index): a change of them tells a reader nothing.
DERIVED = {"search_key"}


def _label(model: type[models.Model], name: str) -> str:
    if name in KEYS:
        return str(KEYS[name])
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:  # a key of a snapshot that is not a field (tags, counts)
        return name.replace("_", " ")


def _show(model: type[models.Model], name: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    try:
        field = model._meta.get_field(name)
    except Exception:
        field = None
    choices = dict(getattr(field, "flatchoices", None) or [])
    if field is not None and choices and value in choices:
        return str(choices[value])
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    if _TIMESTAMP.fullmatch(text):  # a snapshot's time: to the second, as people read it
        return text[:19].replace("T", " ")
    return text if len(text) <= _LONG else text[:_LONG] + "…"


def changes(
    entry: AuditEntry, model: type[models.Model], entity: str, clearance: Level
) -> list[Change]:
    """The fields that differ between the entry's before and after, as the reader may see them."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    found = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new or name in DERIVED:
            continue
        if is_digest(old) or is_digest(new):
            found.append(
                Change(_label(model, name), "", _("restricted value changed"), hidden=True)
            )
        elif level_of(entity, name) > clearance:
            found.append(
                Change(
                    _label(model, name), "", _("changed (you may not read this field)"), hidden=True
                )
            )
        else:
            found.append(
                Change(
                    _label(model, name),
                    _show(model, name, old) if name in before else "",
                    _show(model, name, new),
                )
            )
    return found


def history_of(obj: models.Model, *, entity: str, clearance: Level) -> list[Entry]:
    """The audit entries of ``obj``, newest first (at most ``LIMIT``)."""
    model = type(obj)
    rows = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-id")[:LIMIT]
    return [
        Entry(
            when=row.created_at,
            who=row.actor_label or _("system"),
            action=row.action,
            label=str(VERBS.get(row.action.rsplit(".", 1)[-1], row.action)),
            reason=row.reason,
            changes=changes(row, model, entity, clearance),
        )
        for row in rows
    ]


def history_response(
    request: HttpRequest,
    obj: models.Model,
    *,
    entity: str,
    clearance: Level,
    name: str,
    back_url: str,
) -> HttpResponse:
    """The History page of ``obj`` (the calling view has checked the reader may see it)."""
    context = {
        "entries": history_of(obj, entity=entity, clearance=clearance),
        "name": name,
        "back_url": back_url,
    }
    return render(request, "audit/history.html", context)
