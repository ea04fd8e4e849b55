"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; R's dga).

For every decomposable graph on the lists, the counts of all ``2**K`` patterns (the unobserved
one set to each candidate value) get a hyper-Dirichlet prior with ``delta`` prior records per
cell; the marginal likelihood factorises over the graph's cliques and separators. Summed over
graphs (uniform prior on graphs) and multiplied by a prior on N (default 1/N), this gives the
posterior of N on a grid. The headline figure is Madigan & York's Bayes estimate under
relative squared error loss, ``E[1/N] / E[1/N^2]``, which is what dga reports.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from carewatch_core.estimation.caveats import Caveat
from carewatch_core.estimation.checks import data_warnings
from carewatch_core.estimation.graphs import DecomposableGraph, decomposable_graphs
from carewatch_core.estimation.patterns import PatternTable
from carewatch_core.estimation.result import Estimate

FloatArray = npt.NDArray[np.float64]
LogPrior = Callable[[FloatArray], FloatArray]

MAX_LISTS = 5  # as dga: 822 graphs at 5 lists, 18,154 at 6
CHUNK = 4096  # grid points per block, so 822 graphs x a long grid stays small in memory
TAIL_SHARE = 0.01  # posterior mass allowed in the last tenth of the grid before we warn


@dataclass(frozen=True)
class DgaResult:
    """Posterior of N on a grid, averaged over graphs, with each graph's posterior weight."""

    summary: Estimate
    totals: FloatArray  # the grid of N values
    posterior: FloatArray  # P(N = totals[i] | data), averaged over graphs
    graphs: tuple[DecomposableGraph, ...]
    model_probabilities: FloatArray
    _terms: FloatArray  # log marginal likelihood of each list subset, per grid point
    _incidence: FloatArray  # graph x subset: +1 for a clique, -1 for a separator
    _base: FloatArray  # multinomial coefficient + prior, per grid point

    def model_posterior(self, index: int) -> FloatArray:
        """The posterior of N under graph ``index`` alone."""
        log_w = self._incidence[index] @ self._terms + self._base
        weights = np.exp(log_w - log_w.max())
        return np.asarray(weights / weights.sum(), dtype=np.float64)


def inverse_prior(totals: FloatArray) -> FloatArray:
    """dga's default prior on N: proportional to 1/N."""
    return np.asarray(-np.log(totals), dtype=np.float64)


def dga(
    table: PatternTable,
    delta: float | None = None,
    missing: range | None = None,
    log_prior: LogPrior = inverse_prior,
    level: float = 0.95,
) -> DgaResult:
    """Average over all decomposable graphs; ``missing`` is the grid of unobserved counts.

    ``delta`` defaults to ``2**-K`` (dga's suggestion); ``missing`` to ``0..max(1000, 10 n)``.
    """
    if table.n_lists > MAX_LISTS:
        raise ValueError(f"dga averages over every decomposable graph; at most {MAX_LISTS} lists")
    delta = 2.0**-table.n_lists if delta is None else delta
    if delta <= 0:
        raise ValueError("delta must be positive")
    grid = missing if missing is not None else range(max(1000, 10 * table.observed) + 1)
    if grid.step != 1 or len(grid) < 2 or grid.start < 0:
        raise ValueError("missing must be a range of consecutive non-negative counts")
    graphs = decomposable_graphs(table.n_lists)
    subsets = _subsets(table.n_lists)
    terms = np.stack([_component_terms(table, subset, delta, grid) for subset in subsets])
    incidence = _incidence(graphs, subsets)
    totals = table.observed + np.arange(grid.start, grid.stop, dtype=np.float64)
    base = _multinomial(table, totals) + log_prior(totals)
    posterior, model_probabilities = _average(terms, incidence, base)
    summary = _summarise(
        table, totals, posterior, graphs[int(np.argmax(model_probabilities))], delta, level
    )
    return DgaResult(
        summary, totals, posterior, graphs, model_probabilities, terms, incidence, base
    )


def _subsets(n_lists: int) -> list[frozenset[int]]:
    return [frozenset(c) for k in range(n_lists + 1) for c in combinations(range(n_lists), k)]


def _incidence(graphs: tuple[DecomposableGraph, ...], subsets: list[frozenset[int]]) -> FloatArray:
    position = {subset: i for i, subset in enumerate(subsets)}
    out = np.zeros((len(graphs), len(subsets)))
    for g, graph in enumerate(graphs):
        for clique in graph.cliques:
            out[g, position[clique]] += 1.0
        for separator in graph.separators:
            out[g, position[separator]] -= 1.0
    return out


def _component_terms(
    table: PatternTable, subset: frozenset[int], delta: float, grid: range
) -> FloatArray:
    """log marginal likelihood of the marginal table over ``subset``, for each grid value.

    Dirichlet(alpha) with alpha = delta x (cells collapsed into each marginal cell); only the
    marginal cell with every list in ``subset`` at 0 depends on the unobserved count.
    """
    n_lists = table.n_lists
    alpha = delta * 2.0 ** (n_lists - len(subset))
    dense = table.dense()
    keys = np.zeros(len(dense), dtype=np.int64)
    for position, j in enumerate(sorted(subset)):
        keys |= ((np.arange(len(dense)) >> j) & 1) << position
    marginal = np.bincount(keys, weights=dense, minlength=2 ** len(subset))
    fixed = sum(math.lgamma(c + alpha) - math.lgamma(alpha) for c in marginal[1:])
    fixed += math.lgamma(delta * 2.0**n_lists) - math.lgamma(alpha)
    zero_cell = _lgamma_run(marginal[0] + alpha, grid)
    total = _lgamma_run(table.observed + delta * 2.0**n_lists, grid)
    return np.asarray(fixed + zero_cell - total, dtype=np.float64)


def _lgamma_run(x: float, grid: range) -> FloatArray:
    """lgamma(x + m) for m in ``grid`` (consecutive), by lgamma(y + 1) = lgamma(y) + log(y)."""
    start = x + grid.start
    steps = np.log(start + np.arange(len(grid) - 1, dtype=np.float64))
    return math.lgamma(start) + np.concatenate(([0.0], np.cumsum(steps)))


def _multinomial(table: PatternTable, totals: FloatArray) -> FloatArray:
    """log N! / (n0! prod y!) for each candidate N."""
    missing = totals - table.observed
    fixed = sum(math.lgamma(float(c) + 1.0) for c in table.counts)
    grid = range(int(missing[0]), int(missing[-1]) + 1)
    return _lgamma_run(table.observed + 1.0, grid) - _lgamma_run(1.0, grid) - fixed


def _average(
    terms: FloatArray, incidence: FloatArray, base: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Posterior of N (summed over graphs) and of each graph (summed over N), in blocks."""
    by_total = np.empty(terms.shape[1])
    by_graph = np.full(incidence.shape[0], -np.inf)
    for start in range(0, terms.shape[1], CHUNK):
        block = incidence @ terms[:, start : start + CHUNK] + base[start : start + CHUNK]
        by_total[start : start + CHUNK] = _logsumexp(block, axis=0)
        by_graph = np.logaddexp(by_graph, _logsumexp(block, axis=1))
    norm = float(_logsumexp(by_total, axis=0))
    return np.exp(by_total - norm), np.exp(by_graph - norm)


def _logsumexp(values: FloatArray, axis: int) -> FloatArray:
    top = np.max(values, axis=axis, keepdims=True)
    summed = np.log(np.sum(np.exp(values - top), axis=axis, keepdims=True)) + top
    return np.asarray(np.squeeze(summed, axis=axis), dtype=np.float64)


def posterior_quantile(totals: FloatArray, posterior: FloatArray, q: float) -> float:
    """The smallest N whose posterior cumulative probability reaches ``q``."""
    index = int(np.searchsorted(np.cumsum(posterior), q * float(posterior.sum())))
    return float(totals[min(index, len(totals) - 1)])


def relative_loss_estimate(totals: FloatArray, posterior: FloatArray) -> float:
    """Madigan & York's Bayes estimate under loss ((N - estimate) / N)^2: E[1/N] / E[1/N^2]."""
    return float(np.sum(posterior / totals) / np.sum(posterior / totals**2))


def _summarise(
    table: PatternTable,
    totals: FloatArray,
    posterior: FloatArray,
    top: DecomposableGraph,
    delta: float,
    level: float,
) -> Estimate:
    tail = (1.0 - level) / 2.0
    return Estimate(
        method="dga",
        estimate=relative_loss_estimate(totals, posterior),
        lower=posterior_quantile(totals, posterior, tail),
        upper=posterior_quantile(totals, posterior, 1.0 - tail),
        level=level,
        observed=table.observed,
        lists=table.lists,
        model=f"Bayesian model averaging over decomposable graphs (Madigan & York 1997), delta={delta:g}; "
        f"most probable graph {top.describe(table.lists)}",
        warnings=tuple(data_warnings(table) + _grid_warning(posterior)),
        details={
            "posterior_mean": round(float(np.sum(totals * posterior)), 2),
            "posterior_median": posterior_quantile(totals, posterior, 0.5),
            "posterior_mode": float(totals[int(np.argmax(posterior))]),
            "grid_min": float(totals[0]),
            "grid_max": float(totals[-1]),
        },
    )


def _grid_warning(posterior: FloatArray) -> list[str]:
    if float(posterior[-max(len(posterior) // 10, 1) :].sum()) <= TAIL_SHARE:
        return []
    return [Caveat("grid_end")]
