"""Statistics over plain values: rankings with ties, period comparisons with a rate ratio and its
confidence interval, per-source views that never add sources up, and date buckets.

Pure Python (no Django); the Django app ``carewatch.stats`` loads the numbers and calls these.
"""

from carewatch_core.stats.buckets import (
    MAX_BUCKETS,
    bucket_count,
    bucket_key,
    bucket_range,
    bucket_start,
)
from carewatch_core.stats.ranking import Ranked, leaders, rank
from carewatch_core.stats.rates import (
    RateComparison,
    RateRatio,
    Window,
    compare_windows,
    rate_ratio,
)
from carewatch_core.stats.side_by_side import Scope, SourceValue, side_by_side

__all__ = [
    "MAX_BUCKETS",
    "Ranked",
    "RateComparison",
    "RateRatio",
    "Scope",
    "SourceValue",
    "Window",
    "bucket_count",
    "bucket_key",
    "bucket_range",
    "bucket_start",
    "compare_windows",
    "leaders",
    "rank",
    "rate_ratio",
    "side_by_side",
]
