"""Who hears of an audited change: whoever submitted the record it changed, and whoever the
record is assigned to (incidents), never the one who made the change. Reads of restricted
values (``*_viewed``) and creations are not changes anyone is told of."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from carewatch.audit.models import AuditEntry
from carewatch.facilities.models import Facility
from carewatch.incidents.models import Incident
from carewatch.notices.choices import Why
from carewatch.people.models import Person

#: The records followed, by the audit log's ``object_type``.
FOLLOWED: dict[str, type[models.Model]] = {
    "incidents.incident": Incident,
    "facilities.facility": Facility,
    "people.person": Person,
}
#: Verbs (the action's last part) nobody is told of.
QUIET_VERBS = ("created", "received")
QUIET_SUFFIX = "_viewed"


@dataclass(frozen=True)
class Heard:
    entry_id: int
    user_id: int
    why: str


def is_followed(entry: AuditEntry) -> bool:
    """Whether ``entry`` may reach anyone (cheap: no query)."""
    verb = entry.action.rsplit(".", 1)[-1]
    return (
        entry.object_type in FOLLOWED
        and verb not in QUIET_VERBS
        and not verb.endswith(QUIET_SUFFIX)
    )


def _followers(entries: list[AuditEntry]) -> dict[tuple[str, str], dict[int, str]]:
    """For each (object_type, object_id): user id → why, read in one query per kind."""
    ids: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        ids[entry.object_type].add(entry.object_id)
    found: dict[tuple[str, str], dict[int, str]] = {}
    for kind, keys in ids.items():
        model = FOLLOWED[kind]
        wanted = [int(key) for key in keys if key.isdigit()]
        fields = ["pk", "created_by_id"] + (["assigned_to_id"] if model is Incident else [])
        for row in model.objects.filter(pk__in=wanted).values(*fields):  # type: ignore[attr-defined]
            people: dict[int, str] = {}
            if row["created_by_id"]:
                people[row["created_by_id"]] = Why.SUBMITTED
            if row.get("assigned_to_id"):
                people[row["assigned_to_id"]] = Why.ASSIGNED
            found[(kind, str(row["pk"]))] = people
    return found


def _newly_assigned(entry: AuditEntry) -> int | None:
    after = entry.after if isinstance(entry.after, dict) else {}
    value = after.get("assigned_to")
    return (
        value if entry.action == "carewatch.incident.assigned" and isinstance(value, int) else None
    )


def heard(entries: Iterable[AuditEntry]) -> list[Heard]:
    """Who hears of each of ``entries`` (followed ones only), and why."""
    followed = [entry for entry in entries if is_followed(entry)]
    followers = _followers(followed)
    out = []
    for entry in followed:
        people = dict(followers.get((entry.object_type, entry.object_id), {}))
        assignee = _newly_assigned(entry)
        if assignee is not None:  # the one it was assigned to then, whoever holds it now
            people[assignee] = Why.ASSIGNED
        for user_id, why in people.items():
            if user_id != entry.actor_id:
                out.append(Heard(entry.pk, user_id, why))
    return out
