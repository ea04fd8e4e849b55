"""Notices as the bell's page and the messages show them: who did what to which record, when,
and why it reached the reader. Only the record's kind and number (an incident's reference) are
shown, never a value of it nor the change's reason: a notice reveals nothing its reader's
pages would not (the record's page shows what they may read)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from carewatch.audit.history import VERBS
from carewatch.incidents.models import Incident
from carewatch.notices.choices import Why
from carewatch.notices.models import Notice

_PAGES = {
    "incidents.incident": "incident-detail",
    "facilities.facility": "facility-detail",
    "people.person": "person-detail",
}


@dataclass(frozen=True)
class Shown:
    pk: int
    when: datetime.datetime
    who: str
    what: str
    record: str
    url: str
    why: str
    unread: bool


def _record_label(kind: str, object_id: str, references: dict[str, str]) -> str:
    if kind == "incidents.incident":
        return _("Incident %(reference)s") % {"reference": references.get(object_id, object_id)}
    if kind == "facilities.facility":
        return _("Facility #%(id)s") % {"id": object_id}
    return _("Person #%(id)s") % {"id": object_id}


def shown(notices: Sequence[Notice]) -> list[Shown]:
    """``notices`` (with their entries selected) as the reader sees them."""
    incident_ids = [
        int(n.entry.object_id) for n in notices if n.entry.object_type == "incidents.incident"
    ]
    references = {
        str(pk): ref
        for pk, ref in Incident.objects.filter(pk__in=incident_ids).values_list("pk", "reference")
    }
    out = []
    for notice in notices:
        entry = notice.entry
        if entry.object_type not in _PAGES:  # not a followed record: nothing to show
            continue
        verb = entry.action.rsplit(".", 1)[-1]
        out.append(
            Shown(
                pk=notice.pk,
                when=entry.created_at,
                who=entry.actor_label or _("system"),
                what=str(VERBS.get(verb, verb.replace("_", " "))),
                record=_record_label(entry.object_type, entry.object_id, references),
                url=reverse(_PAGES[entry.object_type], args=[int(entry.object_id)]),
                why=str(Why(notice.why).label),
                unread=notice.read_at is None,
            )
        )
    return out
