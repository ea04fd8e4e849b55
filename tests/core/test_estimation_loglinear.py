"""Log-linear models with selection by BIC: the Rcapture figures on Kosovo, and a known truth."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from carewatch_core.estimation import PatternTable, loglinear, read_patterns_csv
from carewatch_core.estimation.loglinear import design_matrix, fit_model, irls, profile_loglik

KOSOVO = Path(__file__).parent / "data" / "kosovo_aggregate_patterns.csv"


@pytest.fixture(scope="module")
def kosovo() -> PatternTable:
    return read_patterns_csv(KOSOVO)


def test_the_best_model_by_bic_on_kosovo_gives_rcaptures_14341_7(kosovo: PatternTable) -> None:
    result = loglinear(kosovo)
    assert result.summary.estimate == pytest.approx(14_341.7, abs=0.1)
    assert result.best_bic.code == "[12,13,14,23,34]"
    assert len(result.models) == 64  # main effects + every subset of the 6 pairs
    assert result.summary.lower < 14_341.7 < result.summary.upper
    assert result.summary.model.startswith(
        "log-linear, best by BIC: EXH + ABA + OSCE + HRW + EXH:ABA"
    )


def test_aic_and_bic_are_computed_as_rcapture_does(kosovo: PatternTable) -> None:
    """AIC = -2 log L + 2 p with the full Poisson log-likelihood; BIC uses log(n) for n documented."""
    best = loglinear(kosovo).best_bic
    assert best.df == 15 - 10
    assert best.bic - best.aic == pytest.approx((math.log(4400) - 2) * 10)
    assert best.aic == pytest.approx(161.3176, abs=1e-3)
    assert best.deviance == pytest.approx(39.8936, abs=1e-3)


def test_the_model_with_every_pair_matches_its_closed_form() -> None:
    """With 3 lists and all pairs, the unobserved cell is n100 n010 n001 n111 / (n110 n101 n011)."""
    counts = {
        (1, 0, 0): 60,
        (0, 1, 0): 40,
        (1, 1, 0): 20,
        (0, 0, 1): 30,
        (1, 0, 1): 15,
        (0, 1, 1): 10,
        (1, 1, 1): 5,
    }
    table = PatternTable.from_counts(["A", "B", "C"], counts)
    fit = fit_model(table, [(0, 1), (0, 2), (1, 2)])
    assert fit.converged and fit.df == 0
    assert fit.unobserved == pytest.approx(60 * 40 * 30 * 5 / (20 * 15 * 10))
    assert fit.estimate == pytest.approx(180 + 120)


def test_fitted_counts_add_up_to_the_documented_total() -> None:
    """The Poisson score equation for the intercept: an easy check that IRLS converged."""
    counts = {
        (1, 0, 0): 60,
        (0, 1, 0): 40,
        (1, 1, 0): 20,
        (0, 0, 1): 30,
        (1, 0, 1): 15,
        (0, 1, 1): 10,
        (1, 1, 1): 5,
    }
    table = PatternTable.from_counts(["A", "B", "C"], counts)
    _, mu, converged = irls(design_matrix(3, [(0, 1)])[1:], table.dense()[1:].astype(float))
    assert converged and mu.sum() == pytest.approx(table.observed)


def test_the_profile_interval_is_where_the_likelihood_drops_by_half_the_chi2(
    kosovo: PatternTable,
) -> None:
    result = loglinear(kosovo)
    loglik = profile_loglik(kosovo, result.best_bic.interactions)
    grid = np.linspace(kosovo.observed + 1, 3 * result.best_bic.estimate, 400)
    peak = max(loglik(float(n)) for n in grid)
    for bound in (result.summary.lower, result.summary.upper):
        assert loglik(bound) == pytest.approx(peak - 3.841458820694124 / 2, abs=0.01)


def test_a_known_total_lies_inside_the_interval() -> None:
    rng = np.random.default_rng(4)
    truth = 5000
    flags = (rng.random((truth, 4)) < [0.2, 0.3, 0.25, 0.15]).astype(int)
    table = PatternTable.from_records(list("ABCD"), flags[flags.any(axis=1)].tolist())
    summary = loglinear(table).summary
    assert summary.lower <= truth <= summary.upper
    assert summary.estimate == pytest.approx(truth, rel=0.1)


def test_zero_overlaps_still_fit_and_are_flagged() -> None:
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 25, (1, 1, 0): 5, (0, 1, 1): 4}
    summary = loglinear(PatternTable.from_counts(["A", "B", "C"], counts)).summary
    assert math.isfinite(summary.estimate)
    assert any("'A' and 'C' share no records" in w for w in summary.warnings)


def test_too_many_lists_are_refused() -> None:
    counts = {tuple(int(i == j) for i in range(7)): 10 for j in range(7)}
    with pytest.raises(ValueError, match="at most 6 lists"):
        loglinear(PatternTable.from_counts([f"L{j}" for j in range(7)], counts))


def test_a_total_far_beyond_the_documented_count_is_flagged() -> None:
    """Lists that barely overlap let a model give any total: past ten times the documented count
    the estimate says so (the demo once showed 193,867,501,373,231,200 without a word)."""
    from carewatch_core.estimation.loglinear import size_warning

    table = PatternTable.from_counts(
        ["A", "B", "C"],
        {(1, 0, 0): 100, (0, 1, 0): 100, (0, 0, 1): 100, (1, 1, 0): 1, (1, 0, 1): 1, (0, 1, 1): 1},
    )
    [caveat] = size_warning(table, 30_000.0)
    assert caveat.startswith("The total is 99 times the documented count")
    assert caveat.code == "implausible" and caveat.values == {"times": "99"}
    assert size_warning(table, 3_000.0) == []
    assert size_warning(table, float("inf")) == []
