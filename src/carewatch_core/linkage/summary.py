"""What an analyst needs to judge a run on a list nobody labelled: the columns used and why the
others were not, each comparison's learned m and u per level, the prior, the threshold, the
training steps skipped, and the pairs nearest the threshold.

Notes are codes with parameters (the command line and the web translate them):
``column_empty``, ``column_sparse``, ``column_constant`` (column), ``blocking_fallback`` (rule),
``blocking_too_wide`` (rule, pairs),
``session_unusable`` (rules), ``session_no_pairs`` (rule), ``session_shortened`` (rule),
``session_vanished`` (rule), ``session_skipped``,
``comparison_untrained`` (comparison: it weighs nothing), ``prior_rule_failed`` (rule),
``prior_from_size`` (records), ``prior_not_scaled`` (records).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    """One comparison level as trained: its label, m, u and match weight (log2 m/u)."""

    label: str
    m: float | None
    u: float | None

    @property
    def weight(self) -> float | None:
        if not self.m or not self.u:
            return None
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class NearPair:
    left: str
    right: str
    probability: float


@dataclass(frozen=True)
class RunSummary:
    """See the module's docstring; ``columns`` are ``plan.ColumnUse``."""

    columns: tuple[Any, ...]
    comparisons: tuple[Comparison, ...]
    prior: float
    threshold: float
    notes: tuple[Note, ...]
    nearest: tuple[NearPair, ...]
    #: The threshold of a pair of records in two scripts, where the run had one of its own.
    threshold_across: float | None = None


def comparisons_of(settings: dict[str, Any]) -> tuple[Comparison, ...]:
    """Each comparison of a trained model (Splink's settings) and its non-null levels."""
    return tuple(
        Comparison(
            comparison["output_column_name"],
            tuple(
                Level(
                    level.get("label_for_charts", ""),
                    level.get("m_probability"),
                    level.get("u_probability"),
                )
                for level in comparison["comparison_levels"]
                if not level.get("is_null_level")
            ),
        )
        for comparison in settings["comparisons"]
    )


class Nearest:
    """Keeps the ``size`` pairs on each side of the threshold nearest to it."""

    def __init__(self, threshold: float, size: int = 10) -> None:
        self.threshold, self.size = threshold, size
        self.above: list[tuple[float, str, str]] = []
        self.below: list[tuple[float, str, str]] = []

    def offer(self, left: str, right: str, probability: float) -> None:
        side = self.above if probability >= self.threshold else self.below
        distance = -abs(probability - self.threshold)
        item = (distance, min(left, right), max(left, right))
        if len(side) < self.size:
            heapq.heappush(side, item)
        elif item > side[0]:
            heapq.heapreplace(side, item)

    def pairs(self) -> tuple[NearPair, ...]:
        found = [
            NearPair(
                left,
                right,
                self.threshold - distance if side is self.above else self.threshold + distance,
            )
            for side in (self.above, self.below)
            for distance, left, right in side
        ]
        return tuple(sorted(found, key=lambda pair: -pair.probability))


def summary_of(
    settings: dict[str, Any],
    *,
    columns: Sequence[Any],
    notes: Iterable[Note],
    threshold: float,
    threshold_across: float | None = None,
    nearest: Nearest | None = None,
) -> RunSummary:
    return RunSummary(
        columns=tuple(columns),
        comparisons=comparisons_of(settings),
        prior=float(settings["probability_two_random_records_match"]),
        threshold=threshold,
        notes=tuple(notes),
        nearest=nearest.pairs() if nearest else (),
        threshold_across=threshold_across,
    )


def summary_dict(summary: RunSummary) -> dict[str, Any]:
    """The summary as plain JSON values (to keep with a run, or to print)."""
    return {
        "columns": [
            {
                "name": c.name,
                "filled": round(c.filled, 4),
                "distinct": c.distinct,
                "reason": c.reason,
            }
            for c in summary.columns
        ],
        "comparisons": [
            {
                "name": comparison.name,
                "levels": [
                    {
                        "label": level.label,
                        "m": level.m,
                        "u": level.u,
                        "weight": None if level.weight is None else round(level.weight, 2),
                    }
                    for level in comparison.levels
                ],
            }
            for comparison in summary.comparisons
        ],
        "prior": summary.prior,
        "threshold": summary.threshold,
        "threshold_across": summary.threshold_across,
        "notes": [{"code": note.code, "params": note.params} for note in summary.notes],
        "nearest": [
            {"left": pair.left, "right": pair.right, "probability": round(pair.probability, 4)}
            for pair in summary.nearest
        ],
    }
