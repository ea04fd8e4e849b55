"""A rate limit as written in a setting: ``"5/60"`` is five uses per sixty seconds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """``"5/60"`` → ``Limit(5, 60)``; ValueError for anything else, or a zero."""
        count, _sep, seconds = text.strip().partition("/")
        limit = cls(int(count), int(seconds))
        if limit.count < 1 or limit.seconds < 1:
            raise ValueError(f"a limit is uses/seconds, both at least 1: {text!r}")
        return limit
