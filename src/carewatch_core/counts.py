"""Counts that may be unknown or a range: unknown is never zero."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """A count stated by a source: ``low``..``high``; both ``None`` means unknown."""

    low: int | None = None
    high: int | None = None

    def __post_init__(self) -> None:
        if self.low is not None and self.low < 0:
            raise ValueError("a count cannot be negative")
        if self.high is not None and self.low is not None and self.high < self.low:
            raise ValueError("the upper bound is below the lower bound")
        if self.high is not None and self.low is None:
            raise ValueError("a range needs its lower bound")

    @property
    def known(self) -> bool:
        return self.low is not None

    @property
    def is_range(self) -> bool:
        return self.high is not None and self.high != self.low

    def display(self) -> str:
        """``"?"`` for unknown, ``"3"`` or ``"3–5"``."""
        if self.low is None:
            return "?"
        if self.is_range:
            return f"{self.low}–{self.high}"
        return str(self.low)


UNKNOWN = Count()


def resolve_count(counts: Iterable[Count]) -> Count:
    """Consolidate counts from several records (docs/domain.md rule).

    The resolved value is the highest lower bound any record states, and the range spans
    up to the highest figure any record gives, so disagreement stays visible. Unknown
    records are ignored; if every record is unknown the result is unknown.
    """
    known = [c for c in counts if c.known]
    if not known:
        return UNKNOWN
    low = max(c.low for c in known if c.low is not None)
    high = max((c.high if c.high is not None else c.low) or 0 for c in known)
    return Count(low, high if high != low else None)


def parse_count(text: str) -> Count:
    """Parse ``""`` (unknown), ``"4"`` or ``"3-5"`` / ``"3–5"``; raises ValueError otherwise."""
    cleaned = text.strip().replace("–", "-").replace("—", "-")
    if not cleaned or cleaned == "?":
        return UNKNOWN
    low_text, _, high_text = cleaned.partition("-")
    low = int(low_text.strip())
    high = int(high_text.strip()) if high_text.strip() else None
    return Count(low, high if high != low else None)
