"""Rankings with ties ("September was the deadliest month of 2017").

Standard competition ranking ("1224"): equal values share a rank and the next rank skips, so
a statement built on rank 1 names every tied leader rather than picking one arbitrarily.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Ranked(Generic[K]):
    """One key's place: ``rank`` from 1, and ``tied`` when another key shares it."""

    key: K
    value: float
    rank: int
    tied: bool


def rank(values: Mapping[K, float], *, descending: bool = True) -> list[Ranked[K]]:
    """Every key ranked by its value (largest first unless ``descending`` is False).

    Equal values share the lower rank number; keys of equal value keep their input order.
    """
    order = sorted(values, key=lambda k: -values[k] if descending else values[k])
    out: list[Ranked[K]] = []
    for position, key in enumerate(order, start=1):
        same_as_previous = bool(out) and values[key] == out[-1].value
        out.append(Ranked(key, values[key], out[-1].rank if same_as_previous else position, False))
    counts: dict[int, int] = {}
    for r in out:
        counts[r.rank] = counts.get(r.rank, 0) + 1
    return [Ranked(r.key, r.value, r.rank, counts[r.rank] > 1) for r in out]


def leaders(ranked: list[Ranked[K]]) -> list[Ranked[K]]:
    """All keys at rank 1 (several when tied; none for an empty ranking)."""
    return [r for r in ranked if r.rank == 1]
