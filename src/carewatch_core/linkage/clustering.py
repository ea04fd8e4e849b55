"""Clusters from scored pairs, resisting chains.

Connected components at a threshold chain: A~B and B~C put A and C together even when
A and C plainly differ (two brothers, each similar to a record that lists only the
family's surname). So components are only candidates. Inside each candidate with three
or more records, every pair is scored (``score_all``), and records are merged by
average linkage on match weights: two groups join only when the mean log-odds of a match
over all their cross pairs reaches the threshold's. A chain's end pairs, which disagree
(the brothers' given names), pull the mean far down and the chain splits; a tight group
stays whole, and so does one with a sparse record that scores only moderately against
some of the others (a mean of probabilities split those off, leaving one person counted
twice). Components larger than
``max_size`` (rare: a very common name on a bad day) are clustered the same way with
the pairs already scored, unscored pairs counting as non-matches.

Records in two scripts (``Across``: person lists, one in Arabic and one in Latin letters) have
less to agree on than two records in one — a spelling form cannot be compared across scripts,
nor a missing father's name told from a different one — and a pair across is linked from a
lower probability of its own. Two groups whose join makes no pair in one script (a person's
records in one script and theirs in the other) then join also when their pairs, none saying
"two people" (each at least ``Across.lowest``), include one that reaches that threshold: a
sparse record ("Mhd Radwan") no longer keeps a person's Arabic and Latin records apart by
scoring only moderately against the fuller ones. Any join that makes pairs in one script still
needs the mean of the threshold's weight, so records of one script are put together exactly as
strictly as before. Clusters that pairs across scripts connect below the threshold are then
agglomerated again together, where they hold ``max_size`` records or fewer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from carewatch_core.linkage.average import (
    EPSILON,
    Across,
    average_linkage,
    match_weight,
    pair_key,
)

__all__ = [
    "EPSILON",
    "Across",
    "average_linkage",
    "cluster",
    "cluster_scores",
    "components",
    "match_weight",
    "pair_key",
]

Pair = tuple[str, str, float]
#: A pair of records as a key: the two ids in order (a tuple is a quarter of a frozenset's
#: size, which counts with a million records' pairs).
Key = tuple[str, str]
ScoreAll = Callable[[Sequence[Sequence[str]]], Iterable[Pair]]
MAX_SIZE = 60


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:
            item, self.parent[item] = self.parent[item], root
        return root

    def union(self, one: str, other: str) -> None:
        self.parent[self.find(one)] = self.find(other)


def components(
    pairs: Iterable[Pair], threshold: float, across: Across | None = None
) -> list[list[str]]:
    """Connected components of the pairs at or above ``threshold`` (two or more records; with
    ``across``, a pair across scripts at or above ``across.threshold``)."""
    forest = UnionFind()
    for left, right, probability in pairs:
        if (
            probability >= threshold
            if across is None
            else across.linked(left, right, probability, threshold)
        ):
            forest.union(left, right)
    groups: dict[str, list[str]] = defaultdict(list)
    for item in list(forest.parent):
        groups[forest.find(item)].append(item)
    return list(groups.values())


def cluster(
    pairs: Sequence[Pair],
    threshold: float,
    score_all: ScoreAll | None = None,
    max_size: int = MAX_SIZE,
) -> tuple[list[list[str]], dict[str, float]]:
    """Clusters (of two or more records) and each clustered record's score: the highest
    match probability between it and another record of its cluster."""
    scores = {pair_key(left, right): probability for left, right, probability in pairs}
    return cluster_scores(scores, threshold, score_all, max_size)


def cluster_scores(
    scores: dict[Key, float],
    threshold: float,
    score_all: ScoreAll | None = None,
    max_size: int = MAX_SIZE,
    across: Across | None = None,
) -> tuple[list[list[str]], dict[str, float]]:
    """``cluster`` on pairs already keyed by ``pair_key`` (``scores`` gains the pairs scored
    inside candidate groups); ``across``: pairs of records in two scripts (module docstring)."""
    pairs = ((left, right, p) for (left, right), p in scores.items())
    candidates = components(pairs, threshold)
    clusters = _agglomerated(candidates, scores, threshold, score_all, across, max_size)
    if across is not None:
        clusters = _joined_across(clusters, scores, threshold, score_all, max_size, across)
    return [group for group in clusters if len(group) > 1], _record_scores(clusters, scores)


def _agglomerated(
    candidates: list[list[str]],
    scores: dict[Key, float],
    threshold: float,
    score_all: ScoreAll | None,
    across: Across | None,
    max_size: int,
) -> list[list[str]]:
    """Each candidate group split by average linkage (its pairs scored first, when it is of
    three records up to ``max_size``)."""
    rescored = [group for group in candidates if 2 < len(group) <= max_size]
    if score_all is not None and rescored:
        scores.update((pair_key(left, right), p) for left, right, p in score_all(rescored))
    clusters: list[list[str]] = []
    for group in candidates:
        clusters.extend(
            average_linkage(group, scores, threshold, across) if len(group) > 2 else [group]
        )
    return clusters


def _joined_across(
    clusters: list[list[str]],
    scores: dict[Key, float],
    threshold: float,
    score_all: ScoreAll | None,
    max_size: int,
    across: Across,
) -> list[list[str]]:
    """The clusters (and lone records) that pairs across scripts connect below ``threshold`` (from
    ``across.threshold``), agglomerated again together where they hold ``max_size`` records or
    fewer; where they hold more (a common name: chains through pairs of moderate weight) they
    stay as they were."""
    lower = [
        (left, right)
        for (left, right), probability in scores.items()
        if probability < threshold and across.linked(left, right, probability, threshold)
    ]
    if not lower:
        return clusters
    # Only the records of those pairs are looked up (a million records' clusters are not copied).
    involved = {record for pair in lower for record in pair}
    groups = clusters  # lone records are added as groups of their own
    cluster_of = {
        member: index
        for index, group in enumerate(groups)
        for member in group
        if member in involved
    }
    for record in sorted(involved - cluster_of.keys()):
        cluster_of[record] = len(groups)
        groups.append([record])
    forest = UnionFind()
    for left, right in lower:
        if cluster_of[left] != cluster_of[right]:
            forest.union(str(cluster_of[left]), str(cluster_of[right]))
    joined: dict[str, list[int]] = defaultdict(list)
    for index in list(forest.parent):
        joined[forest.find(index)].append(int(index))
    together = [
        sorted(indices)
        for indices in joined.values()
        if len(indices) > 1 and sum(len(groups[index]) for index in indices) <= max_size
    ]
    records = [[member for index in indices for member in groups[index]] for indices in together]
    merged = {index for indices in together for index in indices}
    kept = [group for index, group in enumerate(groups) if index not in merged]
    return kept + _agglomerated(records, scores, threshold, score_all, across, max_size)


def _record_scores(clusters: list[list[str]], scores: dict[Key, float]) -> dict[str, float]:
    best: dict[str, float] = {}
    for group in clusters:
        for member in group:
            others = (
                scores.get(pair_key(member, other), 0.0) for other in group if other != member
            )
            best[member] = max(others, default=0.0)
    return best
