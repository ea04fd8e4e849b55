"""Bayesian model averaging over decomposable graphs: the Madigan & York example, as in dga's tests."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from carewatch_core.estimation import PatternTable, dga, read_patterns_csv
from carewatch_core.estimation.dga import relative_loss_estimate
from carewatch_core.estimation.graphs import decomposable_graphs, is_chordal

KOSOVO = Path(__file__).parent / "data" / "kosovo_aggregate_patterns.csv"

# Madigan & York (1997), 3 lists, as in the bma.cr examples of CRAN dga (cran/dga, man/bma.cr.Rd)
# and the testthat case "3 lists example against Madigan and York" of its re-implementation:
# Y <- c(0, 60, 49, 4, 247, 112, 142, 12) in a 2x2x2 array, first list varying fastest, Y[1] the
# unobserved cell. That test expects 731 (model-averaged and top graph), mode 728 (averaged) and
# 729 (top graph), top graph probability 0.37.
MY_COUNTS = [0, 60, 49, 4, 247, 112, 142, 12]
MY_A, MY_B = 13.14, 55.17  # their prior on N (negative-binomial-like), with delta = 1


def madigan_york() -> PatternTable:
    counts = {tuple((i >> j) & 1 for j in range(3)): c for i, c in enumerate(MY_COUNTS) if i}
    return PatternTable.from_counts(["1", "2", "3"], counts)


def madigan_york_prior(totals: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    log_gamma = np.vectorize(math.lgamma)
    return np.asarray(
        totals * math.log(MY_B)
        - (totals + MY_A) * math.log(1 + MY_B)
        + log_gamma(totals + MY_A)
        - log_gamma(totals + 1)
        - math.lgamma(MY_A),
        dtype=np.float64,
    )


def test_the_madigan_york_example_gives_dgas_731_and_mode_728() -> None:
    result = dga(madigan_york(), delta=1.0, missing=range(1, 301), log_prior=madigan_york_prior)
    assert round(result.summary.estimate) == 731
    assert result.summary.details["posterior_mode"] == 728
    assert result.summary.details["posterior_median"] == 731
    assert result.summary.lower < 731 < result.summary.upper


def test_the_top_graph_has_dgas_probability_estimate_and_mode() -> None:
    result = dga(madigan_york(), delta=1.0, missing=range(1, 301), log_prior=madigan_york_prior)
    top = int(np.argmax(result.model_probabilities))
    alone = result.model_posterior(top)
    assert round(float(result.model_probabilities[top]), 2) == 0.37
    assert round(relative_loss_estimate(result.totals, alone)) == 731
    assert result.totals[int(np.argmax(alone))] == 729
    assert result.model_probabilities.sum() == pytest.approx(1.0)


def test_the_default_prior_and_delta_give_a_close_answer() -> None:
    summary = dga(madigan_york()).summary
    assert summary.estimate == pytest.approx(731, abs=3)
    assert summary.warnings[0].startswith("Only 3 lists")


def test_graph_counts_match_dgas_precomputed_lists() -> None:
    assert [len(decomposable_graphs(p)) for p in (3, 4, 5)] == [8, 61, 822]
    square = frozenset({(0, 1), (1, 2), (2, 3), (0, 3)})
    assert not is_chordal(4, square)
    assert is_chordal(4, square | {(0, 2)})


def test_a_known_total_lies_inside_the_interval() -> None:
    rng = np.random.default_rng(9)
    truth = 2500
    flags = (rng.random((truth, 4)) < [0.3, 0.2, 0.25, 0.3]).astype(int)
    table = PatternTable.from_records(list("ABCD"), flags[flags.any(axis=1)].tolist())
    summary = dga(table).summary
    assert summary.lower <= truth <= summary.upper


def test_kosovo_runs_on_the_default_grid_without_a_tail_warning() -> None:
    summary = dga(read_patterns_csv(KOSOVO)).summary
    assert summary.warnings == ()
    assert 4400 < summary.lower < summary.estimate < summary.upper < 44_400


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        dga(madigan_york(), missing=range(0, 100, 2))
    with pytest.raises(ValueError, match="positive"):
        dga(madigan_york(), delta=0.0)
