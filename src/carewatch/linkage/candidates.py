"""Finding candidate pairs in the database: the core linker over the consolidated people or
incidents, trained without labels and then on the reviewers' decisions, its pairs stored for review.

Re-running is idempotent: a pending pair found again gets its new score and reasons; a pending
pair no longer found is withdrawn (deleted: nobody decided anything on it); a decided pair is
never touched; pairs involving a merged record are not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from carewatch.audit.services import log_action
from carewatch.linkage.choices import CandidateStatus, MatchKind
from carewatch.linkage.merging import is_active
from carewatch.linkage.models import MatchCandidate
from carewatch.linkage.records import incident_records, person_records
from carewatch.linkage.selectors import labelled_pairs
from carewatch_core.linkage.review import (
    REVIEW_THRESHOLD,
    Candidate,
    incident_candidates,
    person_candidates,
)
from carewatch_core.linkage.summary import summary_dict


@dataclass(frozen=True)
class RefreshResult:
    records: int
    found: int
    created: int
    updated: int
    withdrawn: int


def _reasons(candidate: Candidate) -> list[dict[str, Any]]:
    return [
        {"field": r.field, "level": r.level, "weight": r.weight, "verdict": r.verdict}
        for r in candidate.reasons
    ]


def linked_pairs(
    kind: str, threshold: float, progress: Callable[[str], None]
) -> tuple[int, list[Candidate], dict[str, Any] | None]:
    """(number of records offered, candidate pairs, the run's summary as ``summary_dict``) of
    the core linker over ``kind``. The records of labelled pairs are read even when merged
    (training needs both sides of a pair); pairs involving a merged record are then not
    offered."""
    labels = labelled_pairs(kind)
    labelled = {int(record) for pair in labels for record in (pair.left, pair.right)}
    load, link = (
        (person_records, person_candidates)
        if kind == MatchKind.PERSON
        else (incident_records, incident_candidates)
    )
    records, codes = load(include=labelled)
    review = link(records, threshold=threshold, labels=labels, codes=codes, progress=progress)  # type: ignore[arg-type]
    found = review.candidates
    summary = summary_dict(review.summary) if review.summary else None
    active = {
        r.record_id
        for r in records
        if int(r.record_id) not in labelled or is_active(kind, int(r.record_id))
    }
    offered = [pair for pair in found if pair.left in active and pair.right in active]
    return len(active), offered, summary


def _store(kind: str, found: list[Candidate]) -> tuple[int, int, int]:
    """Write the pairs; returns (created, updated, withdrawn)."""
    now = timezone.now()
    existing = {(c.left_id, c.right_id): c for c in MatchCandidate.objects.filter(kind=kind)}
    created = updated = 0
    seen = set()
    for pair in found:
        key = (
            (int(pair.left), int(pair.right))
            if int(pair.left) < int(pair.right)
            else (int(pair.right), int(pair.left))
        )
        seen.add(key)
        row = existing.get(key)
        if row is None:
            MatchCandidate.objects.create(
                kind=kind,
                left_id=key[0],
                right_id=key[1],
                score=pair.probability,
                reasons=_reasons(pair),
                scored_at=now,
            )
            created += 1
        elif row.status == CandidateStatus.PENDING:
            MatchCandidate.objects.filter(pk=row.pk).update(
                score=pair.probability, reasons=_reasons(pair), scored_at=now
            )
            updated += 1
    stale = [
        row.pk
        for key, row in existing.items()
        if key not in seen and row.status == CandidateStatus.PENDING
    ]
    MatchCandidate.objects.filter(pk__in=stale).delete()
    return created, updated, len(stale)


def candidates_refresh(
    *,
    kind: str,
    user: Any,
    threshold: float = REVIEW_THRESHOLD,
    progress: Callable[[str], None] = lambda _: None,
) -> RefreshResult:
    """Run the linker over ``kind`` ("person" or "incident") and store its candidate pairs."""
    if kind not in MatchKind.values:
        raise ValueError(f"unknown kind {kind!r}")
    records, found, summary = linked_pairs(kind, threshold, progress)
    with transaction.atomic():
        created, updated, withdrawn = _store(kind, found)
        result = RefreshResult(records, len(found), created, updated, withdrawn)
        log_action(
            action="carewatch.match.candidates_found",
            actor=user,
            object_type="linkage.matchcandidate",
            object_id=kind,
            after={**result.__dict__, "threshold": threshold, "summary": summary},
        )
    return result
