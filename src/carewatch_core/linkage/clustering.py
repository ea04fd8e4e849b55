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
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

Pair = tuple[str, str, float]
#: A pair of records as a key: the two ids in order (a tuple is a quarter of a frozenset's
#: size, which counts with a million records' pairs).
Key = tuple[str, str]
ScoreAll = Callable[[Sequence[Sequence[str]]], Iterable[Pair]]
MAX_SIZE = 60


def pair_key(one: str, other: str) -> Key:
    return (one, other) if one <= other else (other, one)


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


def components(pairs: Iterable[Pair], threshold: float) -> list[list[str]]:
    """Connected components of the pairs at or above ``threshold`` (two or more records)."""
    forest = UnionFind()
    for left, right, probability in pairs:
        if probability >= threshold:
            forest.union(left, right)
    groups: dict[str, list[str]] = defaultdict(list)
    for item in list(forest.parent):
        groups[forest.find(item)].append(item)
    return list(groups.values())


def average_linkage(
    members: Sequence[str], scores: dict[Key, float], threshold: float
) -> list[list[str]]:
    """Agglomerate ``members``: repeatedly join the two groups with the highest mean
    pairwise match weight (log-odds) while it is at least that of ``threshold`` (missing
    pairs count as probability 0)."""
    groups = [[member] for member in members]
    floor = match_weight(threshold)
    while len(groups) > 1:
        best, pair = -math.inf, (0, 0)
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                mean = _mean(groups[i], groups[j], scores)
                if mean > best:
                    best, pair = mean, (i, j)
        if best < floor:
            break
        i, j = pair
        groups[i] = groups[i] + groups.pop(j)
    return groups


#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before taking log-odds, so that a
#: pair scored 0 (or never scored) weighs a finite -13.8 rather than minus infinity.
EPSILON = 1e-6


def match_weight(probability: float) -> float:
    """The log-odds of a match probability, clipped (see ``EPSILON``)."""
    clipped = min(max(probability, EPSILON), 1 - EPSILON)
    return math.log(clipped / (1 - clipped))


def _mean(one: list[str], other: list[str], scores: dict[Key, float]) -> float:
    total = sum(match_weight(scores.get(pair_key(a, b), 0.0)) for a in one for b in other)
    return total / (len(one) * len(other))


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
) -> tuple[list[list[str]], dict[str, float]]:
    """``cluster`` on pairs already keyed by ``pair_key`` (``scores`` gains the pairs scored
    inside candidate groups)."""
    candidates = components(((left, right, p) for (left, right), p in scores.items()), threshold)
    rescored = [group for group in candidates if 2 < len(group) <= max_size]
    if score_all is not None and rescored:
        scores.update((pair_key(left, right), p) for left, right, p in score_all(rescored))
    clusters: list[list[str]] = []
    for group in candidates:
        clusters.extend(average_linkage(group, scores, threshold) if len(group) > 2 else [group])
    return [group for group in clusters if len(group) > 1], _record_scores(clusters, scores)


def _record_scores(clusters: list[list[str]], scores: dict[Key, float]) -> dict[str, float]:
    best: dict[str, float] = {}
    for group in clusters:
        for member in group:
            others = (
                scores.get(pair_key(member, other), 0.0) for other in group if other != member
            )
            best[member] = max(others, default=0.0)
    return best
