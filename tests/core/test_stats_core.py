"""Core statistics: rankings with ties, the Poisson rate ratio and its interval, side-by-side sources."""

from __future__ import annotations

import datetime
import math

import pytest

from carewatch_core.stats import (
    SourceValue,
    Window,
    bucket_key,
    bucket_range,
    compare_windows,
    leaders,
    rank,
    rate_ratio,
    side_by_side,
)
from carewatch_core.stats.rates import beta_quantile, betainc

# A textbook worked example of an incidence rate ratio: 41 events in 28,010 person-years against
# 15 in 19,017. The exact reference is computed here independently, from binomial tail sums.
A, EA, B, EB = 41, 28_010, 15, 19_017


def _binomial_tail(k: int, n: int, p: float, upper: bool) -> float:
    terms = range(k, n + 1) if upper else range(k + 1)
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in terms)


def _clopper_pearson_by_sums(a: int, n: int, alpha: float) -> tuple[float, float]:
    """Reference interval by bisection on exact binomial tail sums (no beta function involved)."""

    def solve(f: object, increasing: bool) -> float:
        lo, hi = 0.0, 1.0
        for _ in range(100):
            mid = (lo + hi) / 2
            if (f(mid) < alpha / 2) == increasing:  # type: ignore[operator]
                lo = mid
            else:
                hi = mid
        return lo

    return solve(lambda p: _binomial_tail(a, n, p, True), True), solve(
        lambda p: _binomial_tail(a, n, p, False), False
    )


def test_the_rate_ratio_of_the_worked_example() -> None:
    result = rate_ratio(A, EA, B, EB)
    assert result.ratio == pytest.approx(1.855759, abs=1e-6)


def test_the_exact_interval_matches_clopper_pearson_from_binomial_sums() -> None:
    result = rate_ratio(A, EA, B, EB, method="exact")
    p_low, p_high = _clopper_pearson_by_sums(A, A + B, 0.05)
    scale = EB / EA
    assert result.low == pytest.approx(p_low / (1 - p_low) * scale, rel=1e-9)
    assert result.high == pytest.approx(p_high / (1 - p_high) * scale, rel=1e-9)
    assert (round(result.low, 4), round(result.high, 4)) == (1.0057, 3.6093)
    assert result.direction == "increase"


def test_the_log_normal_interval_is_the_textbook_one() -> None:
    # exp(ln 1.855759 ± 1.959964 · √(1/41 + 1/15)) = 1.027 to 3.353 (worked by hand).
    result = rate_ratio(A, EA, B, EB, method="lognormal")
    assert (round(result.low, 3), round(result.high, 3)) == (1.027, 3.353)


def test_the_exact_interval_is_wider_than_the_log_normal_one_for_small_counts() -> None:
    exact, wald = rate_ratio(3, 30, 2, 30), rate_ratio(3, 30, 2, 30, method="lognormal")
    assert exact.low < wald.low and exact.high > wald.high
    assert exact.direction == "unclear"


def test_zero_counts_give_honest_bounds() -> None:
    none_after = rate_ratio(0, 30, 12, 30)
    assert none_after.ratio == 0 and none_after.low == 0 and none_after.high < 1
    assert none_after.direction == "decrease"
    none_before = rate_ratio(5, 30, 0, 30)
    assert none_before.ratio is None and none_before.high == math.inf
    assert rate_ratio(5, 30, 0, 30, method="lognormal").low is None


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        rate_ratio(-1, 10, 1, 10)
    with pytest.raises(ValueError, match="positive length"):
        rate_ratio(1, 0, 1, 10)
    with pytest.raises(ValueError, match="unknown method"):
        rate_ratio(1, 10, 1, 10, method="wald")


def test_the_incomplete_beta_function_and_its_quantile() -> None:
    # I_x(1, 1) = x; I_x(2, 1) = x²; I_0.5(a, a) = 0.5.
    assert betainc(1, 1, 0.3) == pytest.approx(0.3)
    assert betainc(2, 1, 0.3) == pytest.approx(0.09)
    assert betainc(7.5, 7.5, 0.5) == pytest.approx(0.5)
    assert beta_quantile(0.25, 2, 1) == pytest.approx(0.5)


def test_large_counts_are_fast_and_tight() -> None:
    result = rate_ratio(520_000, 100, 480_000, 100)
    assert result.low < 520 / 480 < result.high
    assert result.high - result.low < 0.01


def test_a_comparison_gives_rates_per_30_days() -> None:
    before = Window("before", datetime.date(2017, 5, 4), datetime.date(2017, 8, 31))
    after = Window("September", datetime.date(2017, 9, 1), datetime.date(2017, 9, 30))
    comparison = compare_windows(before, 40, after, 45)
    assert before.days == 120 and after.days == 30
    assert comparison.reference_rate == 10 and comparison.comparison_rate == 45
    assert comparison.ratio.ratio == pytest.approx(4.5)
    assert comparison.ratio.direction == "increase"
    with pytest.raises(ValueError, match="before it starts"):
        Window("x", datetime.date(2017, 2, 1), datetime.date(2017, 1, 1))


def test_rankings_share_ranks_when_tied() -> None:
    ranked = rank({"2017-03": 4, "2017-09": 9, "2017-10": 9, "2017-11": 2})
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("2017-09", 1, True),
        ("2017-10", 1, True),
        ("2017-03", 3, False),
        ("2017-11", 4, False),
    ]
    assert [r.key for r in leaders(ranked)] == ["2017-09", "2017-10"]
    assert [r.key for r in leaders(rank({"a": 1, "b": 3}))] == ["b"]
    assert leaders(rank({})) == []
    assert [r.key for r in rank({"a": 1, "b": 3}, descending=False)] == ["a", "b"]


def test_buckets_cover_empty_months_and_weeks_start_on_monday() -> None:
    assert bucket_range(datetime.date(2017, 11, 20), datetime.date(2018, 2, 1), "month") == [
        "2017-11",
        "2017-12",
        "2018-01",
        "2018-02",
    ]
    assert bucket_key(datetime.date(2017, 9, 17), "week") == "2017-09-11"
    assert bucket_key(datetime.date(2017, 9, 17), "year") == "2017"
    assert len(bucket_range(datetime.date(2017, 1, 1), datetime.date(2017, 1, 31), "day")) == 31
    with pytest.raises(ValueError, match="unknown bucket"):
        bucket_key(datetime.date(2017, 1, 1), "decade")


def test_sources_are_shown_side_by_side_never_summed() -> None:
    scopes = side_by_side(
        [
            SourceValue(("killed", "Aleppo"), "White Helmets", 450),
            SourceValue(("killed", "Aleppo"), "SNHR", 430, 470),
            SourceValue(("children_killed", "Aleppo"), "UNICEF", 96),
        ]
    )
    assert [s.key for s in scopes] == [("killed", "Aleppo"), ("children_killed", "Aleppo")]
    killed = scopes[0]
    assert killed.sources == ["SNHR", "White Helmets"]
    assert killed.spread == (430, 470) and not killed.sources_agree
    assert not hasattr(killed, "total")
    assert scopes[1].sources_agree


def test_chart_ticks_are_round_and_cover_the_top() -> None:
    from carewatch_core.stats.chart import nice_ticks

    assert nice_ticks(44) == [0, 20, 40, 60]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]


def test_a_bar_chart_scales_bars_and_places_marks_on_their_bucket() -> None:
    from carewatch_core.stats.chart import bar_chart

    chart = bar_chart(
        ["2017-08", "2017-09", "2017-10"],
        [2, 8, 0],
        [("2017-09", "Idlib zone"), ("2019-01", "outside")],
        width=300,
        height=100,
        left=40,
        top=10,
        bottom=20,
    )
    heights = [b.height for b in chart.bars]
    assert (
        heights[1] == 70 and heights[0] == pytest.approx(17.5) and heights[2] == 0
    )  # ticks 0..8, plot 70 high
    assert all(b.y + b.height == pytest.approx(chart.base) for b in chart.bars)
    assert [(m.label, m.number) for m in chart.marks] == [("Idlib zone", 1)]
    assert chart.marks[0].x == pytest.approx(chart.bars[1].centre)
    with pytest.raises(ValueError, match="one value per key"):
        bar_chart(["a"], [1, 2])
