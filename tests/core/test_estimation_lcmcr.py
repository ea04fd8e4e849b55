"""LCMCR: the Kosovo reference run, reproducibility, a known truth, diagnostics and strata."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from carewatch_core.estimation import (
    LcmcrSettings,
    PatternTable,
    diagnose,
    estimate,
    estimate_strata,
    lcmcr,
    read_patterns_csv,
)
from carewatch_core.estimation.diagnostics import effective_sample_size, geweke_z, split_rhat

KOSOVO = Path(__file__).parent / "data" / "kosovo_aggregate_patterns.csv"
SHORT = LcmcrSettings(burn_in=1_000, samples=400, thinning=10)


def simulated(total: int, capture: list[float], seed: int) -> PatternTable:
    """A population of ``total`` with lists that document each case independently."""
    rng = np.random.default_rng(seed)
    flags = (rng.random((total, len(capture))) < np.array(capture)).astype(int)
    seen = flags[flags.any(axis=1)]
    return PatternTable.from_records([f"L{j}" for j in range(len(capture))], seen.tolist())


@pytest.fixture(scope="module")
def kosovo() -> PatternTable:
    return read_patterns_csv(KOSOVO)


def test_the_reference_run_reproduces_the_r_package_on_kosovo(kosovo: PatternTable) -> None:
    """R's LCMCR, same settings, seed 123: 10,402 [9,061, 13,943].

    Our random streams differ from R's, so the figures match within Monte Carlo error, not
    exactly. The 2.5% quantile of 1,000 thinned draws varies from seed to seed (over 30 seeds:
    mean 9,058, sd 275; some seeds, 123 among them, fall more than 5% below 9,061), hence one
    fixed seed here; the pooled 30 runs give 10,439 [9,080, 13,711].
    """
    lcmcr(kosovo, SHORT, seed=1)  # compile (or load the cache) outside the timed run
    result = lcmcr(kosovo, LcmcrSettings(), seed=1)
    summary = result.summary
    assert result.settings.iterations == 110_000
    assert len(result.samples) == 1_000
    assert summary.estimate == pytest.approx(10_400, rel=0.02)
    assert summary.lower == pytest.approx(9_061, rel=0.05)
    assert summary.upper == pytest.approx(13_943, rel=0.05)
    assert summary.observed == 4400 and summary.warnings == ()
    assert result.diagnostics.split_rhat < 1.1 and result.diagnostics.effective_sample_size > 100
    assert result.seconds < 10  # the benchmark holds the 3 s target; this only catches a collapse


def test_the_same_seed_gives_the_same_draws_and_another_seed_does_not(kosovo: PatternTable) -> None:
    first = lcmcr(kosovo, SHORT, seed=7)
    again = lcmcr(kosovo, SHORT, seed=np.random.default_rng(7))
    other = lcmcr(kosovo, SHORT, seed=8)
    assert np.array_equal(first.samples, again.samples)
    assert np.array_equal(first.alpha, again.alpha)
    assert not np.array_equal(first.samples, other.samples)
    assert first.summary.details["seed"] == 7


def test_work_per_iteration_does_not_grow_with_the_number_of_records(kosovo: PatternTable) -> None:
    """The sampler works on the 15 cells: 1,000 times the records cost about the same."""
    settings = LcmcrSettings(burn_in=0, samples=3_000, thinning=1, warm_up=0)
    many = PatternTable.from_counts(
        kosovo.lists, {p: c * 1000 for p, c in kosovo.as_dict().items()}
    )
    lcmcr(kosovo, settings, seed=1)  # compiled and warm

    def timed(table: PatternTable) -> float:
        started = time.perf_counter()
        lcmcr(table, settings, seed=1)
        return time.perf_counter() - started

    assert min(timed(many) for _ in range(2)) < 5 * min(timed(kosovo) for _ in range(2))


def test_a_known_total_lies_inside_the_interval() -> None:
    truth = 3000
    table = simulated(truth, [0.3, 0.25, 0.35, 0.2], seed=11)
    summary = lcmcr(table, SHORT, seed=3).summary
    assert summary.lower <= truth <= summary.upper
    assert summary.estimate == pytest.approx(truth, rel=0.1)


def test_a_chain_with_a_tiny_overlap_warns(kosovo: PatternTable) -> None:
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 25, (1, 1, 0): 1, (0, 1, 1): 1}
    summary = lcmcr(PatternTable.from_counts(["A", "B", "C"], counts), SHORT, seed=1).summary
    assert any("more than one list" in w for w in summary.warnings)
    assert any("share no records" in w for w in summary.warnings)


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LcmcrSettings(classes=0)
    with pytest.raises(ValueError, match="negative"):
        LcmcrSettings(burn_in=-1)
    with pytest.raises(ValueError, match="positive"):
        LcmcrSettings(a_alpha=0)


def test_strata_are_estimated_separately_and_reproducibly(kosovo: PatternTable) -> None:
    tables = {
        "north": simulated(2000, [0.3, 0.3, 0.3], seed=1),
        "south": simulated(800, [0.4, 0.2, 0.3], seed=2),
    }
    first = estimate_strata(tables, "lcmcr", seed=5, settings=SHORT)
    again = estimate_strata(tables, "lcmcr", seed=5, settings=SHORT)
    assert list(first) == ["north", "south"]
    assert first == again
    assert first["north"].lower <= 2000 <= first["north"].upper
    assert first["south"].lower <= 800 <= first["south"].upper
    loglinear = estimate_strata(tables, "loglinear")
    assert loglinear["north"].method == "loglinear"


def test_an_unknown_method_is_refused(kosovo: PatternTable) -> None:
    with pytest.raises(ValueError, match="unknown method 'magic'"):
        estimate(kosovo, "magic")  # type: ignore[arg-type]


# --- diagnostics -------------------------------------------------------------------------


def test_independent_draws_have_an_effective_size_near_their_number() -> None:
    draws = np.random.default_rng(1).normal(size=4000)
    assert 3000 < effective_sample_size(draws) < 5000
    assert split_rhat(draws) == pytest.approx(1.0, abs=0.01)
    assert abs(geweke_z(draws)) < 3


def test_a_sticky_chain_has_a_small_effective_size() -> None:
    rng = np.random.default_rng(2)
    ar = np.zeros(4000)
    for i in range(1, len(ar)):
        ar[i] = 0.95 * ar[i - 1] + rng.normal()
    assert effective_sample_size(ar) < 400


def test_a_drifting_chain_fails_r_hat_and_warns() -> None:
    drifting = np.linspace(0, 10, 1000) + np.random.default_rng(3).normal(size=1000)
    diagnostics = diagnose(drifting)
    assert diagnostics.split_rhat > 1.1
    assert abs(diagnostics.geweke_z) > 3
    assert any("may not have converged" in problem for problem in diagnostics.problems())


def test_a_constant_trace_does_not_divide_by_zero() -> None:
    diagnostics = diagnose(np.full(100, 5.0))
    assert diagnostics.split_rhat == 1.0 and diagnostics.geweke_z == 0.0
    assert diagnostics.effective_sample_size == 100
