"""Bulk changes of a verifier's selection: state, certainty and assignment of many incidents at
once, all or none, with one reason kept on every incident and one audit entry per incident."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carewatch.accounts.permissions import can
from carewatch.audit.services import Logged, log_action, log_actions
from carewatch.incidents.choices import WorkflowState
from carewatch.incidents.models import Incident
from carewatch.incidents.services import TRANSITIONS
from carewatch.lib.common import save_versioned

# A selection larger than this is refused (narrow the filters): the change holds the audit
# chain's lock while it writes one entry per incident.
BULK_LIMIT = 5000
_SHOWN_REFUSALS = 5


class BulkRefused(ValueError):
    """The change was not made, for any incident; the message says why."""


@dataclass(frozen=True)
class BulkChange:
    """What to change: an empty ``state`` or ``certainty`` leaves it; ``assign`` says whether
    the assignment changes (to ``assignee``, or to nobody when it is None)."""

    state: str = ""
    certainty: str = ""
    assign: bool = False
    assignee: Any = None

    def is_empty(self) -> bool:
        return not (self.state or self.certainty or self.assign)


def _check_assignee(assignee: Any) -> None:
    if assignee is not None and not can(assignee, "incident.review"):
        raise BulkRefused(_("Incidents can only be assigned to someone who may verify them."))


def _check(change: BulkChange, reason: str) -> None:
    if change.is_empty():
        raise BulkRefused(_("Choose what to change: a state, a certainty or an assignment."))
    if not reason.strip():
        raise BulkRefused(_("Give one reason for the change; it is kept with every incident."))
    if change.state == WorkflowState.MERGED:
        raise BulkRefused(_("Incidents are merged one by one, from the review queue."))
    _check_assignee(change.assignee)


def _refuse_impossible(rows: list[Incident], change: BulkChange) -> None:
    if not change.state:
        return
    stuck = [
        row.reference
        for row in rows
        if row.state != change.state and change.state not in TRANSITIONS.get(row.state, set())
    ]
    if stuck:
        shown = ", ".join(stuck[:_SHOWN_REFUSALS]) + ("…" if len(stuck) > _SHOWN_REFUSALS else "")
        raise BulkRefused(
            ngettext(
                "Nothing was changed: %(count)d incident cannot go to this state (%(refs)s).",
                "Nothing was changed: %(count)d incidents cannot go to this state (%(refs)s).",
                len(stuck),
            )
            % {"count": len(stuck), "refs": shown}
        )


def _values(row: Incident) -> dict[str, Any]:
    return {
        "state": row.state,
        "certainty": row.certainty,
        "state_reason": row.state_reason,
        "assigned_to": row.assigned_to_id,
    }


def _apply(row: Incident, change: BulkChange, reason: str) -> None:
    if change.state and row.state != change.state:
        row.state, row.state_reason = change.state, reason
    if change.certainty:
        row.certainty = change.certainty
    if change.assign:
        row.assigned_to_id = change.assignee.pk if change.assignee is not None else None


def _action(change: BulkChange) -> str:
    verbs: dict[str, str] = {
        WorkflowState.VERIFIED: "verified",
        WorkflowState.REJECTED: "rejected",
    }
    if change.state:
        return f"carewatch.incident.{verbs.get(change.state, 'state_changed')}"
    if change.certainty:
        return "carewatch.incident.changed"
    return "carewatch.incident.assigned"


@transaction.atomic
def incidents_bulk_change(
    *, user: Any, incidents: QuerySet[Incident], change: BulkChange, reason: str
) -> int:
    """Apply ``change`` to every incident of ``incidents`` (a selection the reader may see), or to
    none: an incident the change cannot apply to (verified → submitted) refuses the whole change.
    Incidents the change leaves as they were get no entry. Returns how many changed."""
    _check(change, reason)
    ids = list(incidents.order_by().values_list("pk", flat=True).distinct()[: BULK_LIMIT + 1])
    if len(ids) > BULK_LIMIT:
        raise BulkRefused(
            _("The selection holds more than %(limit)d incidents; narrow the filters.")
            % {"limit": BULK_LIMIT}
        )
    rows = list(Incident.objects.select_for_update().filter(pk__in=ids).order_by("id"))
    _refuse_impossible(rows, change)
    logged = []
    for row in rows:
        before = _values(row)
        _apply(row, change, reason)
        after = _values(row)
        if after != before:
            logged.append(Logged(obj=row, before=before, after=after))
    _write([item.obj for item in logged])
    log_actions(action=_action(change), actor=user, entries=logged, reason=reason)
    return len(logged)


def _write(rows: list[Any]) -> None:
    """Save the changed rows and move each one's version on (an open edit form then conflicts)."""
    now = timezone.now()
    for row in rows:
        row.updated_at = now
    Incident.objects.bulk_update(
        rows, ["state", "state_reason", "certainty", "assigned_to", "updated_at"], batch_size=500
    )
    Incident.objects.filter(pk__in=[row.pk for row in rows]).update(version=F("version") + 1)


@transaction.atomic
def incident_assign(
    *, incident: Incident, user: Any, assignee: Any, expected_version: int, reason: str = ""
) -> Incident:
    """Assign one incident to a verifier (``assignee``), or to nobody (None); audited."""
    _check_assignee(assignee)
    before = _values(incident)
    incident.assigned_to_id = assignee.pk if assignee is not None else None
    save_versioned(incident, expected_version=expected_version, fields=["assigned_to"])
    log_action(
        action="carewatch.incident.assigned",
        actor=user,
        obj=incident,
        before=before,
        after=_values(incident),
        reason=reason,
    )
    return incident
