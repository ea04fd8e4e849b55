"""Merging two consolidated people or incidents into one, and undoing it exactly.

A merge saves both entities' full state (``state.py``) in a ``Merge`` row, gives the survivor the
consolidated values (``consolidate.py``, through the people and incident services, which audit),
moves the absorbed one's records, fates and figures to the survivor, and marks the absorbed one
merged into the survivor. Un-merging writes both saved states back. Merges are undone last
first: a merge cannot be undone while a later one involving the same entities stands.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action, snapshot
from carewatch.incidents.choices import WorkflowState
from carewatch.incidents.models import Incident
from carewatch.incidents.services import full_snapshot, incident_merge, incident_update
from carewatch.lib.common import save_versioned
from carewatch.linkage import consolidate, state
from carewatch.linkage.choices import MatchKind
from carewatch.linkage.models import Merge
from carewatch.people.models import Person, PersonFate, PersonRecord
from carewatch.people.services import person_set_clearance, person_update
from carewatch.sources.models import Figure


class MergeError(ValueError):
    """The two cannot be merged, or the merge cannot be undone (the message says why)."""


def is_active(kind: str, pk: int) -> bool:
    """Whether the entity exists and is not merged into another."""
    if kind == MatchKind.PERSON:
        return Person.objects.filter(pk=pk, merged_into__isnull=True).exists()
    return Incident.objects.filter(pk=pk).exclude(state=WorkflowState.MERGED).exists()


def _check(kind: str, survivor_id: int, absorbed_id: int) -> None:
    if survivor_id == absorbed_id or not (
        is_active(kind, survivor_id) and is_active(kind, absorbed_id)
    ):
        raise MergeError(
            _("These two cannot be merged: one of them was merged into another record already.")
        )


def _move(user: Any, kind: str, survivor: Any, absorbed: Any, children: dict[str, Any]) -> None:
    """Point ``children`` (name → queryset) at the survivor, with one audit entry listing them."""
    moved = {}
    for name, qs in children.items():
        moved[name] = sorted(qs.values_list("pk", flat=True))
        qs.update(**{kind: survivor})
    log_action(
        action=f"carewatch.{kind}.records_moved",
        actor=user,
        obj=survivor,
        before={kind: absorbed.pk},
        after={kind: survivor.pk, **moved},
    )


def _new_fates(survivor: Person, absorbed: Person) -> Any:
    """The absorbed person's fates the survivor does not have yet (same fate in the same incident):
    one death is not counted twice; the duplicates stay with the absorbed person."""
    known = PersonFate.objects.filter(person=survivor)
    duplicates = [
        f.pk
        for f in PersonFate.objects.filter(person=absorbed)
        # (an exact lookup on None is Django's IS NULL: a fate without an incident matches one)
        if known.filter(fate=f.fate, incident_id=f.incident_id).exists()  # type: ignore[misc]
    ]
    return PersonFate.objects.filter(person=absorbed).exclude(pk__in=duplicates)


def _merge_people(user: Any, survivor: Person, absorbed: Person, reason: str) -> None:
    values = consolidate.person_values(survivor, absorbed)
    person_update(
        person=survivor, user=user, expected_version=survivor.version, reason=reason, **values
    )
    clearance = consolidate.stricter_clearance(survivor, absorbed)
    if clearance != survivor.memorial_clearance:
        person_set_clearance(
            person=survivor,
            user=user,
            clearance=clearance,
            cleared_by="",
            expected_version=survivor.version,
        )
    children = {
        "records": PersonRecord.objects.filter(person=absorbed),
        "fates": _new_fates(survivor, absorbed),
    }
    _move(user, "person", survivor, absorbed, children)
    before = snapshot(absorbed)
    absorbed.merged_into = survivor
    save_versioned(absorbed, expected_version=absorbed.version, fields=["merged_into"])
    log_action(
        action="carewatch.person.merged",
        actor=user,
        obj=absorbed,
        before=before,
        after=snapshot(absorbed),
        reason=reason,
    )


def _merge_incidents(user: Any, survivor: Incident, absorbed: Incident, reason: str) -> None:
    values = consolidate.incident_values(survivor, absorbed)
    incident_update(
        incident=survivor,
        user=user,
        values=values,
        expected_version=survivor.version,
        reason=reason,
    )
    children = {
        "records": absorbed.records.all(),
        "fates": PersonFate.objects.filter(incident=absorbed),
        "figures": Figure.objects.filter(incident=absorbed),
    }
    _move(user, "incident", survivor, absorbed, children)
    incident_merge(
        incident=absorbed,
        into=survivor,
        user=user,
        reason=reason,
        expected_version=absorbed.version,
    )


def _load(kind: str, pk: int) -> Any:
    model = Person if kind == MatchKind.PERSON else Incident
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def entities_merge(
    *, kind: str, survivor_id: int, absorbed_id: int, user: Any, reason: str
) -> Merge:
    """Merge ``absorbed_id`` into ``survivor_id`` (both of ``kind``); returns the ``Merge``."""
    _check(kind, survivor_id, absorbed_id)
    survivor, absorbed = _load(kind, survivor_id), _load(kind, absorbed_id)
    capture = state.person_state if kind == MatchKind.PERSON else state.incident_state
    merge = Merge.objects.create(
        kind=kind,
        survivor_id=survivor.pk,
        absorbed_id=absorbed.pk,
        created_by=_user(user),
        state={"survivor": capture(survivor), "absorbed": capture(absorbed)},
    )
    (_merge_people if kind == MatchKind.PERSON else _merge_incidents)(
        user, survivor, absorbed, reason
    )
    log_action(
        action="carewatch.linkage.merged",
        actor=user,
        obj=merge,
        reason=reason,
        after={"kind": kind, "survivor": survivor.pk, "absorbed": absorbed.pk},
    )
    return merge


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _later_merge_stands(merge: Merge) -> bool:
    ids = [merge.survivor_id, merge.absorbed_id]
    touching = Q(survivor_id__in=ids) | Q(absorbed_id__in=ids)
    return Merge.objects.filter(
        touching, kind=merge.kind, pk__gt=merge.pk, undone_at__isnull=True
    ).exists()


def _restore(
    user: Any, kind: str, pk: int, saved: dict[str, Any], action: str, reason: str
) -> None:
    entity = _load(kind, pk)
    if kind == MatchKind.PERSON:
        before = snapshot(entity)
        state.person_restore(entity, saved)
        after = snapshot(entity)
    else:
        before = full_snapshot(entity)
        state.incident_restore(entity, saved)
        after = full_snapshot(entity)
    log_action(
        action=f"carewatch.{kind}.{action}",
        actor=user,
        obj=entity,
        before=before,
        after=after,
        reason=reason,
    )


@transaction.atomic
def merge_undo(*, merge: Merge, user: Any, reason: str) -> Merge:
    """Write back both entities' state from before ``merge`` (the latest merge touching them)."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(_("This merge was undone already."))
    if _later_merge_stands(merge):
        raise MergeError(_("A later merge involves these records: undo it first."))
    _restore(user, merge.kind, merge.absorbed_id, merge.state["absorbed"], "unmerged", reason)
    _restore(user, merge.kind, merge.survivor_id, merge.state["survivor"], "restored", reason)
    merge.undone_at, merge.undone_by = timezone.now(), _user(user)
    merge.save(update_fields=["undone_at", "undone_by"])
    log_action(
        action="carewatch.linkage.unmerged",
        actor=user,
        obj=merge,
        reason=reason,
        after={"kind": merge.kind, "survivor": merge.survivor_id, "absorbed": merge.absorbed_id},
    )
    return merge
