"""Reviewers' decisions on candidate pairs: accept (merge), reject, split (undo the merge), bulk
accept, and merging a pair the linker did not suggest. Each decision is a labelled pair
(``MatchDecision``), audited, and guarded by the candidate's version against stale or replayed forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.lib.common import save_versioned
from carewatch.linkage.choices import CandidateStatus, DecisionAction
from carewatch.linkage.merging import MergeError, entities_merge, is_active, merge_undo
from carewatch.linkage.models import MatchCandidate, MatchDecision, Merge

#: From which statuses each decision may be taken.
ALLOWED: dict[str, set[str]] = {
    DecisionAction.ACCEPTED: {
        CandidateStatus.PENDING,
        CandidateStatus.REJECTED,
        CandidateStatus.SPLIT,
    },
    DecisionAction.REJECTED: {CandidateStatus.PENDING, CandidateStatus.SPLIT},
    DecisionAction.SPLIT: {CandidateStatus.ACCEPTED},
}
STATUS_AFTER: dict[str, str] = {
    DecisionAction.ACCEPTED: CandidateStatus.ACCEPTED,
    DecisionAction.REJECTED: CandidateStatus.REJECTED,
    DecisionAction.SPLIT: CandidateStatus.SPLIT,
}


def _decide(
    candidate: MatchCandidate,
    *,
    action: str,
    user: Any,
    expected_version: int,
    reason: str,
    merge: Merge | None,
) -> MatchDecision:
    """Move the candidate to its new status (versioned), store the labelled pair, audit."""
    if candidate.status not in ALLOWED[action]:
        raise MergeError(
            _("This pair was already decided; reload the page to see its current state.")
        )
    before = {"status": candidate.status}
    candidate.status = STATUS_AFTER[action]
    candidate.decided_at = timezone.now()
    candidate.decided_by = user if getattr(user, "is_authenticated", False) else None
    save_versioned(
        candidate, expected_version=expected_version, fields=["status", "decided_at", "decided_by"]
    )
    decision = MatchDecision.objects.create(
        kind=candidate.kind,
        left_id=candidate.left_id,
        right_id=candidate.right_id,
        action=action,
        is_match=action == DecisionAction.ACCEPTED,
        score=candidate.score,
        reason=reason,
        candidate=candidate,
        merge=merge,
        decided_by=candidate.decided_by,
    )
    log_action(
        action=f"carewatch.match.{action}",
        actor=user,
        obj=candidate,
        before=before,
        after={
            "status": candidate.status,
            "decision": decision.pk,
            "merge": merge.pk if merge else None,
        },
        reason=reason,
    )
    return decision


def _locked(candidate: MatchCandidate) -> MatchCandidate:
    return MatchCandidate.objects.select_for_update().get(pk=candidate.pk)


@transaction.atomic
def candidate_accept(
    *,
    candidate: MatchCandidate,
    user: Any,
    expected_version: int,
    survivor_id: int | None = None,
    reason: str = "",
) -> MatchDecision:
    """The two are one: merge them (into ``survivor_id``, by default the older, ``left_id``)."""
    candidate = _locked(candidate)
    survivor = survivor_id or candidate.left_id
    if survivor not in (candidate.left_id, candidate.right_id):
        raise MergeError(_("Choose which of the two records to keep."))
    absorbed = candidate.right_id if survivor == candidate.left_id else candidate.left_id
    if (
        candidate.version != expected_version
        or candidate.status not in ALLOWED[DecisionAction.ACCEPTED]
    ):
        raise MergeError(
            _("This pair was already decided; reload the page to see its current state.")
        )
    text = reason or _("Accepted in the review queue.")
    merge = entities_merge(
        kind=candidate.kind, survivor_id=survivor, absorbed_id=absorbed, user=user, reason=text
    )
    return _decide(
        candidate,
        action=DecisionAction.ACCEPTED,
        user=user,
        expected_version=expected_version,
        reason=text,
        merge=merge,
    )


@transaction.atomic
def candidate_reject(
    *, candidate: MatchCandidate, user: Any, expected_version: int, reason: str = ""
) -> MatchDecision:
    """The two are not the same."""
    candidate = _locked(candidate)
    return _decide(
        candidate,
        action=DecisionAction.REJECTED,
        user=user,
        expected_version=expected_version,
        reason=reason,
        merge=None,
    )


@transaction.atomic
def candidate_split(
    *, candidate: MatchCandidate, user: Any, expected_version: int, reason: str = ""
) -> MatchDecision:
    """Undo the merge an accepted pair made (both records back exactly as before); the pair is
    then labelled "not the same"."""
    candidate = _locked(candidate)
    accepted = (
        candidate.decisions.filter(action=DecisionAction.ACCEPTED, merge__undone_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if accepted is None or accepted.merge is None or candidate.version != expected_version:
        raise MergeError(
            _("This pair was already decided; reload the page to see its current state.")
        )
    text = reason or _("Merge undone in the review queue.")
    merge_undo(merge=accepted.merge, user=user, reason=text)
    return _decide(
        candidate,
        action=DecisionAction.SPLIT,
        user=user,
        expected_version=expected_version,
        reason=text,
        merge=accepted.merge,
    )


def bulk_accept(
    *, candidates: Iterable[MatchCandidate], user: Any, threshold: float, reason: str = ""
) -> tuple[int, int]:
    """Accept every given pending candidate scored at or above ``threshold``, best first, each in
    its own transaction; pairs whose records were merged meanwhile are left pending.
    Returns (accepted, skipped)."""
    accepted = skipped = 0
    ordered = sorted(
        (c for c in candidates if c.score is not None and c.score >= threshold),
        key=lambda c: -(c.score or 0),
    )
    for candidate in ordered:
        current = MatchCandidate.objects.get(pk=candidate.pk)
        if current.status != CandidateStatus.PENDING or not _both_active(current):
            skipped += 1
            continue
        candidate_accept(
            candidate=current,
            user=user,
            expected_version=current.version,
            reason=reason
            or _("Accepted in bulk at or above %(threshold)s.") % {"threshold": threshold},
        )
        accepted += 1
    return accepted, skipped


def _both_active(candidate: MatchCandidate) -> bool:
    return is_active(candidate.kind, candidate.left_id) and is_active(
        candidate.kind, candidate.right_id
    )


@transaction.atomic
def pair_merge(
    *, kind: str, survivor_id: int, absorbed_id: int, user: Any, reason: str
) -> MatchDecision:
    """Merge two records the linker did not offer (a reviewer found them): the pair becomes an
    accepted candidate without a score."""
    if survivor_id == absorbed_id:
        raise MergeError(_("Choose two different records."))
    left, right = sorted((survivor_id, absorbed_id))
    candidate, _created = MatchCandidate.objects.get_or_create(
        kind=kind, left_id=left, right_id=right
    )
    return candidate_accept(
        candidate=candidate,
        user=user,
        expected_version=candidate.version,
        survivor_id=survivor_id,
        reason=reason,
    )
