"""Average linkage on match weights, inside one candidate group of records (``clustering``).

Two groups join while the mean log-odds of a match over all their cross pairs is at least the
threshold's, the pair of groups with the highest mean first. Person records in two scripts
(``Across``) join also on a rule of their own (``clustering``'s docstring says why).

What the pairs between two groups say is kept per pair of groups (``_Link``: sums and counts of
the weights, the extremes across scripts) and combined when groups merge, so a merge costs one
pass over the other groups rather than every cross pair again; the best pair of groups comes off
a heap (entries left behind by a merge are skipped). The order is the plain algorithm's: the
highest mean first, ties to the groups listed first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, count

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before taking log-odds, so that a
#: pair scored 0 (or never scored) weighs a finite -13.8 rather than minus infinity.
EPSILON = 1e-6
#: ``Across.lowest``: the log-odds of a probability of 0.1 (a pair across scripts below it says
#: "two people", and keeps the groups apart).
LOWEST_ACROSS = math.log(0.1 / 0.9)


def match_weight(probability: float) -> float:
    """The log-odds of a match probability, clipped (see ``EPSILON``)."""
    clipped = min(max(probability, EPSILON), 1 - EPSILON)
    return math.log(clipped / (1 - clipped))


def pair_key(one: str, other: str) -> tuple[str, str]:
    return (one, other) if one <= other else (other, one)


@dataclass(frozen=True)
class Across:
    """Pairs of records in two scripts (``side``: record id → its script; ``None``, no name):
    linked from ``threshold``; two groups joined as ``clustering``'s docstring says."""

    threshold: float
    side: Mapping[str, object]
    lowest: float = LOWEST_ACROSS

    def crosses(self, one: str, other: str) -> bool:
        left, right = self.side.get(one), self.side.get(other)
        return left is not None and right is not None and left != right

    def linked(self, one: str, other: str, probability: float, threshold: float) -> bool:
        return probability >= (self.threshold if self.crosses(one, other) else threshold)


@dataclass(slots=True)
class _Link:
    """The cross pairs of two groups: sums and counts of their weights in one script and across
    two, and across, the highest and the lowest."""

    within_total: float = 0.0
    within: int = 0
    across_total: float = 0.0
    across: int = 0
    highest: float = -math.inf
    lowest: float = math.inf

    @classmethod
    def of(cls, weight: float, crossing: bool) -> _Link:
        if crossing:
            return cls(across_total=weight, across=1, highest=weight, lowest=weight)
        return cls(within_total=weight, within=1)

    def merged(self, other: _Link) -> _Link:
        return _Link(
            self.within_total + other.within_total,
            self.within + other.within,
            self.across_total + other.across_total,
            self.across + other.across,
            max(self.highest, other.highest),
            min(self.lowest, other.lowest),
        )

    @property
    def mean(self) -> float:
        return (self.within_total + self.across_total) / (self.within + self.across)

    def joins(self, floor: float, across: Across | None, reach: float) -> bool:
        """The mean reaches ``floor``; or, with ``across``, for two groups of which neither has a
        record in the other's script (so the join makes no pair in one script), the pairs
        reach ``reach`` on average, or each is above ``across.lowest`` and one reaches it."""
        if self.mean >= floor:
            return True
        if across is None or not self.across or self.within:
            return False
        return self.across_total / self.across >= reach or (
            self.highest >= reach and self.lowest >= across.lowest
        )


def average_linkage(
    members: Sequence[str],
    scores: Mapping[tuple[str, str], float],
    threshold: float,
    across: Across | None = None,
) -> list[list[str]]:
    """Agglomerate ``members`` (the module's docstring); missing pairs count as probability 0."""
    floor = match_weight(threshold)
    reach = match_weight(across.threshold) if across is not None else floor
    groups = {index: [member] for index, member in enumerate(members)}
    links: dict[tuple[int, int], _Link] = {}
    tie = count()
    heap: list[tuple[float, int, int, int, _Link]] = []
    for (i, one), (j, other) in combinations(enumerate(members), 2):
        weight = match_weight(scores.get(pair_key(one, other), 0.0))
        link = _Link.of(weight, across is not None and across.crosses(one, other))
        links[i, j] = link
        if link.joins(floor, across, reach):
            heap.append((-link.mean, i, j, next(tie), link))
    heapq.heapify(heap)
    while heap:
        _mean, i, j, _tie, link = heapq.heappop(heap)
        if links.get((i, j)) is not link:
            continue  # left behind by an earlier merge
        groups[i].extend(groups.pop(j))
        del links[i, j]
        for k in groups:
            if k != i:
                ik, jk = (min(i, k), max(i, k)), (min(j, k), max(j, k))
                merged = links.pop(ik).merged(links.pop(jk))
                links[ik] = merged
                if merged.joins(floor, across, reach):
                    heapq.heappush(heap, (-merged.mean, *ik, next(tie), merged))
    return [groups[index] for index in sorted(groups)]
