"""Comparing the rate of events in two periods: a Poisson rate ratio and its confidence interval.

Two methods, both standard for a ratio of two Poisson counts ``a`` (in exposure ``ea``) and ``b``
(in exposure ``eb``), the exposure here being the number of days in each period:

* ``exact`` (the default) — the conditional binomial method: given ``n = a + b``, ``a`` is
  Binomial(n, π) with π = ea·RR / (ea·RR + eb). The Clopper–Pearson interval for π is mapped to
  the ratio, RR = π / (1 − π) · eb / ea, as R's ``poisson.test`` does for two samples; it holds
  for small counts (it is conservative: coverage at least the level asked).
* ``lognormal`` — the Wald interval on the log scale, RR · exp(± z · √(1/a + 1/b)). Close to the
  exact one for large counts; undefined when either count is zero.

The beta quantiles are found by bisection on the regularised incomplete beta function,
computed by its continued fraction (Lentz's method), so no compiled statistics library is needed.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from statistics import NormalDist

METHODS = ("exact", "lognormal")


@dataclass(frozen=True)
class RateRatio:
    """``ratio`` of the comparison rate to the reference rate, with its interval.

    ``low``/``high`` are None when the interval cannot be computed (a zero count under the
    log-normal method); ``high`` is ``math.inf`` when the comparison count is all the events.
    ``ratio`` is None when the reference count is zero (any increase from nothing is infinite).
    """

    ratio: float | None
    low: float | None
    high: float | None
    confidence: float
    method: str

    @property
    def direction(self) -> str:
        """``increase`` or ``decrease`` when the whole interval is above or below 1, else ``unclear``."""
        if self.low is not None and self.low > 1:
            return "increase"
        if self.high is not None and self.high < 1:
            return "decrease"
        return "unclear"


def rate_ratio(
    comparison: int,
    comparison_exposure: float,
    reference: int,
    reference_exposure: float,
    *,
    confidence: float = 0.95,
    method: str = "exact",
) -> RateRatio:
    """The rate ratio (comparison ÷ reference) of two Poisson counts and its confidence interval."""
    _check(comparison, comparison_exposure, reference, reference_exposure, confidence, method)
    scale = reference_exposure / comparison_exposure
    ratio = comparison / reference * scale if reference else None
    if method == "lognormal":
        low, high = _lognormal(comparison, reference, ratio, confidence)
    else:
        low, high = _exact(comparison, reference, scale, confidence)
    return RateRatio(ratio, low, high, confidence, method)


def _check(a: int, ea: float, b: int, eb: float, confidence: float, method: str) -> None:
    if a < 0 or b < 0:
        raise ValueError("counts cannot be negative")
    if ea <= 0 or eb <= 0:
        raise ValueError("each period needs a positive length")
    if not 0 < confidence < 1:
        raise ValueError("the confidence level must be between 0 and 1")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")


def _lognormal(
    a: int, b: int, ratio: float | None, confidence: float
) -> tuple[float | None, float | None]:
    if a == 0 or b == 0 or ratio is None:
        return None, None
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    spread = z * math.sqrt(1 / a + 1 / b)
    return ratio * math.exp(-spread), ratio * math.exp(spread)


def _exact(a: int, b: int, scale: float, confidence: float) -> tuple[float | None, float | None]:
    n = a + b
    if n == 0:
        return None, None
    alpha = 1 - confidence
    p_low = 0.0 if a == 0 else beta_quantile(alpha / 2, a, n - a + 1)
    p_high = 1.0 if a == n else beta_quantile(1 - alpha / 2, a + 1, n - a)
    return _odds(p_low) * scale, _odds(p_high) * scale


def _odds(p: float) -> float:
    return math.inf if p >= 1 else p / (1 - p)


def beta_quantile(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b), by bisection on the regularised incomplete beta."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if betainc(a, b, mid) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, Lentz's method)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < eps:
            break
    return h


@dataclass(frozen=True)
class Window:
    """A named stretch of days, both ends included."""

    label: str
    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RateComparison:
    """Events per 30 days in a reference and a comparison period, and their rate ratio."""

    reference: Window
    comparison: Window
    reference_count: int
    comparison_count: int
    ratio: RateRatio

    @property
    def reference_rate(self) -> float:
        return self.reference_count / self.reference.days * 30

    @property
    def comparison_rate(self) -> float:
        return self.comparison_count / self.comparison.days * 30


def compare_windows(
    reference: Window,
    reference_count: int,
    comparison: Window,
    comparison_count: int,
    *,
    confidence: float = 0.95,
    method: str = "exact",
) -> RateComparison:
    """Compare the comparison period's rate with the reference period's (e.g. after vs before an agreement)."""
    ratio = rate_ratio(
        comparison_count,
        comparison.days,
        reference_count,
        reference.days,
        confidence=confidence,
        method=method,
    )
    return RateComparison(reference, comparison, reference_count, comparison_count, ratio)
