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
lower probability of its own. Two groups then join also when the pairs across, none of them
saying "two people" (each at least ``Across.lowest``), include one that reaches that threshold,
while the pairs in one script still need the mean of the threshold's weight: a sparse record
("Mhd Radwan") no longer keeps a person's Arabic and Latin records apart by scoring only
moderately against the fuller ones, and nothing joins two records of one script that the
records' own names keep apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Pair = tuple[str, str, float]
#: A pair of records as a key: the two ids in order (a tuple is a quarter of a frozenset's
#: size, which counts with a million records' pairs).
Key = tuple[str, str]
ScoreAll = Callable[[Sequence[Sequence[str]]], Iterable[Pair]]
MAX_SIZE = 60
#: ``Across.lowest``: the log-odds of a probability of 0.1 (a pair across scripts below it says
#: "two people", and keeps the groups apart).
LOWEST_ACROSS = math.log(0.1 / 0.9)


@dataclass(frozen=True)
class Across:
    """Pairs of records in two scripts (``side``: record id → its script; ``None``, no name):
    linked from ``threshold``; groups joined as the module's docstring says."""

    threshold: float
    side: Mapping[str, object]
    lowest: float = LOWEST_ACROSS

    def crosses(self, one: str, other: str) -> bool:
        left, right = self.side.get(one), self.side.get(other)
        return left is not None and right is not None and left != right

    def linked(self, one: str, other: str, probability: float, threshold: float) -> bool:
        return probability >= (self.threshold if self.crosses(one, other) else threshold)


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


def components(
    pairs: Iterable[Pair], threshold: float, across: Across | None = None
) -> list[list[str]]:
    """Connected components of the pairs at or above ``threshold`` (two or more records; a pair
    across scripts at or above ``across.threshold``)."""
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


def average_linkage(
    members: Sequence[str],
    scores: dict[Key, float],
    threshold: float,
    across: Across | None = None,
) -> list[list[str]]:
    """Agglomerate ``members``: repeatedly join the two groups with the highest mean
    pairwise match weight (log-odds) while it is at least that of ``threshold`` (missing
    pairs count as probability 0); with ``across``, also two groups that ``_join_across``."""
    groups = [[member] for member in members]
    floor = match_weight(threshold)
    while len(groups) > 1:
        best, pair = -math.inf, (0, 0)
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                mean = _mean(groups[i], groups[j], scores)
                joins = mean >= floor or (
                    across is not None and _join_across(groups[i], groups[j], scores, floor, across)
                )
                if joins and mean > best:
                    best, pair = mean, (i, j)
        if best == -math.inf:
            break
        i, j = pair
        groups[i] = groups[i] + groups.pop(j)
    return groups


def _join_across(
    one: list[str], other: list[str], scores: dict[Key, float], floor: float, across: Across
) -> bool:
    """The pairs in one script average the threshold's weight (or there are none), and the
    pairs across scripts reach theirs on average, or each is above ``across.lowest`` and one
    reaches it."""
    within: list[float] = []
    crossing: list[float] = []
    for a in one:
        for b in other:
            weight = match_weight(scores.get(pair_key(a, b), 0.0))
            (crossing if across.crosses(a, b) else within).append(weight)
    if not crossing or (within and sum(within) / len(within) < floor):
        return False
    reach = match_weight(across.threshold)
    return sum(crossing) / len(crossing) >= reach or (
        max(crossing) >= reach and min(crossing) >= across.lowest
    )


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
    across: Across | None = None,
) -> tuple[list[list[str]], dict[str, float]]:
    """``cluster`` on pairs already keyed by ``pair_key`` (``scores`` gains the pairs scored
    inside candidate groups); ``across``: pairs of records in two scripts (module docstring)."""
    pairs = ((left, right, p) for (left, right), p in scores.items())
    candidates = components(pairs, threshold, across)
    rescored = [group for group in candidates if 2 < len(group) <= max_size]
    if score_all is not None and rescored:
        scores.update((pair_key(left, right), p) for left, right, p in score_all(rescored))
    clusters: list[list[str]] = []
    for group in candidates:
        clusters.extend(
            average_linkage(group, scores, threshold, across) if len(group) > 2 else [group]
        )
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
