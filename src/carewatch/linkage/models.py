"""The review queue: candidate pairs the linker found, reviewers' decisions, and reversible merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.lib.common import ImmutableModel
from carewatch.linkage.choices import CandidateStatus, DecisionAction, MatchKind


class MatchCandidate(models.Model):
    """Two consolidated people (or incidents) the linker thinks may be one, with its score and
    reasons (one entry per compared field: ``field``, ``level``, ``weight``, ``verdict``).

    ``left_id`` < ``right_id`` (primary keys of ``kind``), so a pair has one row; re-running the
    linker updates pending rows and never touches decided ones. ``version`` guards every
    decision against stale and replayed forms."""

    kind = models.CharField(_("kind"), max_length=10, choices=MatchKind.choices)
    left_id = models.PositiveBigIntegerField()
    right_id = models.PositiveBigIntegerField()
    score = models.FloatField(_("score"), null=True, blank=True, db_index=True)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PENDING,
        db_index=True,
    )
    found_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "left_id", "right_id"], name="unique_match_candidate"
            ),
            models.CheckConstraint(
                condition=models.Q(left_id__lt=models.F("right_id")), name="match_candidate_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id}~{self.right_id}"


class Merge(models.Model):
    """One merge of ``absorbed_id`` into ``survivor_id``: what both were before (``state``, never
    shown: it holds restricted values) and what moved, so un-merging restores it exactly."""

    kind = models.CharField(max_length=10, choices=MatchKind.choices)
    survivor_id = models.PositiveBigIntegerField()
    absorbed_id = models.PositiveBigIntegerField()
    state = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.absorbed_id} into {self.survivor_id}"


class MatchDecision(ImmutableModel):
    """A labelled pair: a reviewer said these two are the same (``is_match``) or not. Never
    changed; a later decision on the same pair supersedes it (the training labels read the latest)."""

    kind = models.CharField(max_length=10, choices=MatchKind.choices)
    left_id = models.PositiveBigIntegerField()
    right_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    is_match = models.BooleanField()
    score = models.FloatField(null=True, blank=True)
    reason = models.TextField(blank=True)
    candidate = models.ForeignKey(
        MatchCandidate, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    merge = models.ForeignKey(
        Merge, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "left_id", "right_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id}~{self.right_id}: {self.action}"
