"""What a linker returns, and how it is measured against a known truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LinkResult:
    """``cluster_of[record_id]`` names the cluster of every record (a record alone is
    its own cluster, named by its id); ``score[record_id]`` is the highest match
    probability between the record and another of its cluster (absent when alone);
    ``candidate_pairs`` counts the pairs scored above the clustering threshold; ``model`` is
    the trained model (Splink's settings, to pass as ``trained=`` to score another run with it)."""

    cluster_of: dict[str, str]
    score: dict[str, float]
    candidate_pairs: int
    model: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: What the run used and learned (``summary.RunSummary``), for an analyst to judge it.
    summary: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_clusters(
        cls,
        record_ids: Iterable[str],
        clusters: Sequence[Sequence[str]],
        score: dict[str, float],
        candidate_pairs: int,
        model: dict[str, Any] | None = None,
        summary: Any = None,
    ) -> LinkResult:
        cluster_of = {record_id: record_id for record_id in record_ids}
        for group in clusters:
            name = min(group)
            for member in group:
                cluster_of[member] = name
        clustered = {member for group in clusters for member in group}
        kept = {record_id: value for record_id, value in score.items() if record_id in clustered}
        return cls(cluster_of, kept, candidate_pairs, model or {}, summary)


@dataclass(frozen=True)
class PairwiseAccuracy:
    """Pairwise precision, recall and F1 of a clustering against the truth."""

    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(counts: Iterable[int]) -> int:
    return sum(count * (count - 1) // 2 for count in counts)


def pairwise_accuracy(cluster_of: Mapping[str, str], truth: Mapping[str, str]) -> PairwiseAccuracy:
    """Precision and recall over record pairs: a pair is predicted when both records are
    in one cluster, true when both have the same true entity."""
    both = Counter((cluster_of[record], truth[record]) for record in truth)
    return PairwiseAccuracy(
        true_positives=_pairs(both.values()),
        predicted_pairs=_pairs(Counter(cluster_of[record] for record in truth).values()),
        true_pairs=_pairs(Counter(truth.values()).values()),
    )


def _pairs_within(groups: Counter[tuple[Any, ...]]) -> int:
    """Pairs whose two records share every element of the group key."""
    return _pairs(groups.values())


def accuracy_by_script(
    cluster_of: Mapping[str, str], truth: Mapping[str, str], script_of: Mapping[str, str]
) -> dict[str, PairwiseAccuracy]:
    """Pairwise precision and recall over pairs of records written in one script ("within")
    and over pairs of records in two scripts ("across"): ``script_of[record]`` is the script of
    the name compared ("ar" or "la")."""
    records = list(truth)
    both = Counter((cluster_of[r], truth[r]) for r in records)
    both_script = Counter((cluster_of[r], truth[r], script_of[r]) for r in records)
    predicted = Counter(cluster_of[r] for r in records)
    predicted_script = Counter((cluster_of[r], script_of[r]) for r in records)
    true = Counter(truth[r] for r in records)
    true_script = Counter((truth[r], script_of[r]) for r in records)
    within = PairwiseAccuracy(
        _pairs_within(both_script), _pairs_within(predicted_script), _pairs_within(true_script)
    )
    across = PairwiseAccuracy(
        _pairs(both.values()) - within.true_positives,
        _pairs(predicted.values()) - within.predicted_pairs,
        _pairs(true.values()) - within.true_pairs,
    )
    return {"within": within, "across": across}
