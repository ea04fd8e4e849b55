"""Per-source views: what each source says about the same scope, side by side, never added up.

Two sources counting the same attacks double count when summed, so a scope's figures are only
ever shown next to each other with their spread (lowest to highest), never as a total.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceValue:
    """One source's number for one scope (``high`` set for a range)."""

    scope: Hashable
    source: str
    low: int
    high: int | None = None
    note: str = ""


@dataclass
class Scope:
    """Every source's value for one scope, in source order; ``spread`` is (lowest, highest)."""

    key: Hashable
    values: list[SourceValue] = field(default_factory=list)

    @property
    def spread(self) -> tuple[int, int]:
        return min(v.low for v in self.values), max(
            v.high if v.high is not None else v.low for v in self.values
        )

    @property
    def sources_agree(self) -> bool:
        low, high = self.spread
        return low == high

    @property
    def sources(self) -> list[str]:
        return sorted({v.source for v in self.values})


def side_by_side(values: Iterable[SourceValue]) -> list[Scope]:
    """Group ``values`` by scope (first-seen order of scopes, sources sorted within each)."""
    scopes: dict[Hashable, Scope] = {}
    for value in values:
        scopes.setdefault(value.scope, Scope(value.scope)).values.append(value)
    for scope in scopes.values():
        scope.values.sort(key=lambda v: (v.source, v.low))
    return list(scopes.values())
