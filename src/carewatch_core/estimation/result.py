"""The one shape every estimation method reports in: an estimate, its interval, its caveats."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from carewatch_core.estimation.caveats import coded

Detail = float | int | str | bool | None


@dataclass(frozen=True)
class Estimate:
    """An estimate of the total (documented + undocumented) with its interval and caveats.

    ``estimate`` is what the method reports as its point value (posterior median for LCMCR,
    maximum likelihood for log-linear models, the Madigan-York Bayes estimate for dga).
    ``upper`` may be ``math.inf`` when the data cannot bound the total from above.
    ``warnings`` are plain-language reasons to doubt the figure; they are never empty by
    accident: an estimate without warnings still rests on the assumptions in docs/estimation.md.
    """

    method: str
    estimate: float
    lower: float
    upper: float
    observed: int
    lists: tuple[str, ...]
    model: str
    level: float = 0.95
    warnings: tuple[str, ...] = ()
    details: Mapping[str, Detail] = field(default_factory=dict)

    @property
    def undocumented(self) -> float:
        """The estimated number of records that no list documented."""
        return self.estimate - self.observed

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary (an unbounded upper limit becomes ``None``)."""
        return {
            "method": self.method,
            "estimate": _finite(self.estimate),
            "lower": _finite(self.lower),
            "upper": _finite(self.upper),
            "level": self.level,
            "observed": self.observed,
            "undocumented": _finite(self.undocumented),
            "lists": list(self.lists),
            "model": self.model,
            "warnings": [str(w) for w in self.warnings],
            "warning_codes": coded(self.warnings),
            "details": {
                key: _finite(value) if isinstance(value, float) else value
                for key, value in self.details.items()
            },
        }


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
