"""Reading the review queue through the access rules, and the labelled pairs for training."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from carewatch.accounts.permissions import can
from carewatch.audit.models import AuditEntry
from carewatch.incidents.choices import WorkflowState
from carewatch.incidents.models import Incident
from carewatch.incidents.selectors import incidents_for
from carewatch.linkage.choices import CandidateStatus, MatchKind
from carewatch.linkage.models import MatchCandidate, MatchDecision
from carewatch.people.models import Person
from carewatch.people.selectors import people_for
from carewatch_core.linkage.records import LabelledPair


def candidates_for(user: Any) -> QuerySet[MatchCandidate]:
    """Candidate pairs ``user`` may see: all of them for staff who read every person and
    incident (``linkage.view``), none for anyone else."""
    if not can(user, "linkage.view"):
        return MatchCandidate.objects.none()
    visible_people = people_for(user).values("pk")
    visible_incidents = incidents_for(user).values("pk")
    people = Q(kind=MatchKind.PERSON, left_id__in=visible_people, right_id__in=visible_people)
    incidents = Q(
        kind=MatchKind.INCIDENT, left_id__in=visible_incidents, right_id__in=visible_incidents
    )
    return MatchCandidate.objects.filter(people | incidents)


@dataclass
class CandidateFilters:
    kind: str = MatchKind.PERSON
    status: str = CandidateStatus.PENDING
    min_score: float | None = None
    max_score: float | None = None


def _merged_ids(kind: str) -> QuerySet[Any]:
    if kind == MatchKind.PERSON:
        return Person.objects.filter(merged_into__isnull=False).values("pk")

    return Incident.objects.filter(state=WorkflowState.MERGED).values("pk")


def filter_candidates(
    qs: QuerySet[MatchCandidate], f: CandidateFilters
) -> QuerySet[MatchCandidate]:
    """The queue: one kind, one status, a score range, best score first. Pending pairs whose
    records were merged since the linker ran are not offered."""
    qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.status == CandidateStatus.PENDING:
        merged = _merged_ids(f.kind)
        qs = qs.exclude(left_id__in=merged).exclude(right_id__in=merged)
    if f.min_score is not None:
        qs = qs.filter(score__gte=f.min_score)
    if f.max_score is not None:
        qs = qs.filter(score__lte=f.max_score)
    return qs.order_by("-score", "id")


def labelled_pairs(kind: str) -> list[LabelledPair]:
    """Every pair a reviewer decided, with the latest decision's label (``True``: the same), in the
    form ``carewatch_core.linkage.review`` trains on (``labels_table`` →
    ``estimate_m_from_pairwise_labels``)."""
    latest: dict[tuple[int, int], bool] = {}
    for left, right, is_match in (
        MatchDecision.objects.filter(kind=kind)
        .order_by("id")
        .values_list("left_id", "right_id", "is_match")
    ):
        latest[(left, right)] = is_match
    return [LabelledPair(str(left), str(right), match) for (left, right), match in latest.items()]


@dataclass(frozen=True)
class LastRun:
    """When the linker last looked for candidate pairs of a kind, and what it used and learned
    (``carewatch_core.linkage.summary.summary_dict``)."""

    at: Any
    records: int
    summary: dict[str, Any]


def last_run(user: Any, kind: str) -> LastRun | None:
    """The latest run of ``candidates_refresh`` over ``kind`` that kept a summary (for staff who
    may see the queue)."""
    if not can(user, "linkage.view"):
        return None
    entry = (
        AuditEntry.objects.filter(
            action="carewatch.match.candidates_found", object_id=kind, after__isnull=False
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if entry is None or not isinstance(entry.after, dict) or not entry.after.get("summary"):
        return None
    return LastRun(entry.created_at, int(entry.after.get("records", 0)), entry.after["summary"])
