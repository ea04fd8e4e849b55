"""The LCMCR Gibbs sampler's inner loop, compiled with numba.

Follows the R package LCMCR (Manrique-Vallier, GPL >= 2; ``NPLCM_CR_Basic_Freq.cpp``) step by
step, written afresh: it works on the cells of the contingency table (distinct capture
patterns with their counts), never on individual records, so one iteration costs
O(cells x classes x lists) however many records there are.

Why numba: an iteration is a few hundred scalar random draws on tiny arrays; with numpy each
call costs microseconds of overhead and the reference run (110,000 iterations) took 10.5 s,
against a 3 s budget. See docs/decisions/0003-estimation.md.

State, with J lists, K latent classes and M observed cells (row M is the unobserved cell):
    log_lam[j, k, x]  log P(list j flag = x | class k)
    log_nu[k]         log weight of class k (truncated stick-breaking)
    z[m, k]           how many records of cell m are in class k (row M: the n0 augmented ones)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
F = TypeVar("F", bound=Callable[..., Any])

MISSING_CAP = 20  # as LCMCR: redraw n0 above 20 x observed (guards against runaway chains)


def _jit(func: F) -> F:
    # cache=True: compile once per machine (several seconds), then load from __pycache__.
    return cast(F, numba.njit(cache=True, nogil=True)(func))


@_jit
def _log_gamma_draw(rng: np.random.Generator, shape: float) -> float:
    """log of a Gamma(shape, 1) draw, exact even for tiny shapes (G(a) = G(a+1) U^(1/a))."""
    return math.log(rng.standard_gamma(shape + 1.0)) + math.log(rng.random()) / shape


@_jit
def _log_sum(a: float, b: float) -> float:
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))


@_jit
def _tabulate(cells: IntArray, z: IntArray, present: IntArray, total: IntArray) -> None:
    """Per class: records in it (``total``) and records on each list (``present``)."""
    present[:] = 0
    total[:] = 0
    for m in range(z.shape[0]):
        for k in range(z.shape[1]):
            count = z[m, k]
            total[k] += count
            if m < cells.shape[0]:
                for j in range(cells.shape[1]):
                    present[j, k] += cells[m, j] * count


@_jit
def _draw_lambda(
    rng: np.random.Generator, present: IntArray, total: IntArray, log_lam: FloatArray
) -> None:
    """lambda[j, k] ~ Beta(1 + on list, 1 + off list), kept in log scale via two gammas."""
    for j in range(present.shape[0]):
        for k in range(present.shape[1]):
            on = _log_gamma_draw(rng, 1.0 + present[j, k])
            off = _log_gamma_draw(rng, 1.0 + total[k] - present[j, k])
            norm = _log_sum(on, off)
            log_lam[j, k, 1] = on - norm
            log_lam[j, k, 0] = off - norm


@_jit
def _draw_weights(
    rng: np.random.Generator, total: IntArray, alpha: float, size: int, log_nu: FloatArray
) -> None:
    """Stick-breaking weights: V_k ~ Beta(1 + n_k, alpha + records in later classes)."""
    classes = len(log_nu)
    taken = 0
    rest = 0.0  # log of the stick left, sum of log(1 - V)
    for k in range(classes - 1):
        taken += total[k]
        a = _log_gamma_draw(rng, 1.0 + total[k])
        b = _log_gamma_draw(rng, alpha + (size - taken))
        norm = _log_sum(a, b)
        log_nu[k] = a - norm + rest
        rest += b - norm
    log_nu[classes - 1] = rest


@_jit
def _class_weights(
    cell: IntArray, log_lam: FloatArray, log_nu: FloatArray, out: FloatArray
) -> float:
    """Unnormalised P(class k | pattern) into ``out``; returns their sum."""
    top = -math.inf
    for k in range(len(log_nu)):
        value = log_nu[k]
        for j in range(len(cell)):
            value += log_lam[j, k, cell[j]]
        out[k] = value
        top = max(top, value)
    total = 0.0
    for k in range(len(log_nu)):
        out[k] = math.exp(out[k] - top)
        total += out[k]
    return total


@_jit
def _draw_memberships(
    rng: np.random.Generator, size: int, weights: FloatArray, norm: float, out: IntArray
) -> None:
    """Multinomial(size, weights / norm) by successive binomials (as GSL does)."""
    left = size
    rest = norm
    last = len(weights) - 1
    for k in range(last):
        if left == 0 or rest <= 0.0:
            out[k] = 0
            continue
        p = min(weights[k] / rest, 1.0)
        drawn = rng.binomial(left, p) if p > 0.0 else 0
        out[k] = drawn
        left -= drawn
        rest -= weights[k]
    out[last] = left


@_jit
def _prob_unobserved(log_lam: FloatArray, log_nu: FloatArray) -> float:
    """P(a record is on no list) under the current parameters."""
    total = 0.0
    for k in range(len(log_nu)):
        value = log_nu[k]
        for j in range(log_lam.shape[0]):
            value += log_lam[j, k, 0]
        total += math.exp(value)
    return min(total, 1.0 - 1e-15)


@_jit
def _draw_missing(rng: np.random.Generator, observed: int, p0: float) -> int:
    """n0 ~ NegBin(n, 1 - p0): the unobserved count given n observed (LCMCR's prior on N)."""
    for _ in range(1000):
        n0 = rng.negative_binomial(observed, 1.0 - p0)
        if n0 <= MISSING_CAP * observed:
            return n0
    return MISSING_CAP * observed  # a chain this far out is flagged by the diagnostics


@_jit
def _draw_all_memberships(
    rng: np.random.Generator,
    cells: IntArray,
    freq: IntArray,
    n0: int,
    log_lam: FloatArray,
    log_nu: FloatArray,
    z: IntArray,
    weights: FloatArray,
) -> None:
    """Latent classes for every observed cell and for the n0 augmented records."""
    empty = np.zeros(cells.shape[1], dtype=np.int64)
    for m in range(z.shape[0]):
        cell = cells[m] if m < cells.shape[0] else empty
        size = freq[m] if m < cells.shape[0] else n0
        norm = _class_weights(cell, log_lam, log_nu, weights)
        _draw_memberships(rng, size, weights, norm, z[m])


@_jit
def _sort_classes(log_lam: FloatArray, log_nu: FloatArray, z: IntArray) -> None:
    """Relabel classes largest first, as LCMCR does after warm-up (stick-breaking is ordered)."""
    order = np.argsort(-log_nu)
    log_lam[:] = log_lam[:, order, :].copy()
    log_nu[:] = log_nu[order].copy()
    z[:] = z[:, order].copy()


@_jit
def _initial_state(
    rng: np.random.Generator, cells: IntArray, freq: IntArray, classes: int
) -> tuple[FloatArray, FloatArray, IntArray]:
    """lambda at each list's share of records, weights from the prior, classes drawn from those."""
    observed = freq.sum()
    log_lam = np.empty((cells.shape[1], classes, 2))
    for j in range(cells.shape[1]):
        share = (cells[:, j] * freq).sum() / observed
        log_lam[j, :, 1] = math.log(share) if share > 0 else -745.0
        log_lam[j, :, 0] = math.log1p(-share) if share < 1 else -745.0
    log_nu = np.empty(classes)
    _draw_weights(rng, np.zeros(classes, dtype=np.int64), 1.0, 0, log_nu)
    z = np.zeros((cells.shape[0] + 1, classes), dtype=np.int64)
    _draw_all_memberships(rng, cells, freq, 0, log_lam, log_nu, z, np.empty(classes))
    return log_lam, log_nu, z


@_jit
def run_chain(
    rng: np.random.Generator,
    cells: IntArray,
    freq: IntArray,
    classes: int,
    a_alpha: float,
    b_alpha: float,
    warm_up: int,
    burn_in: int,
    samples: int,
    thinning: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Run warm-up (alpha fixed), burn-in, then keep every ``thinning``-th state.

    Returns the kept draws of N (observed + n0), of the number of occupied classes, and of
    the stick-breaking concentration alpha.
    """
    observed = int(freq.sum())
    log_lam, log_nu, z = _initial_state(rng, cells, freq, classes)
    present = np.zeros((cells.shape[1], classes), dtype=np.int64)
    total = np.zeros(classes, dtype=np.int64)
    weights = np.empty(classes)
    alpha = 0.3 / classes  # LCMCR's warm-up value
    n0 = 0
    draws_n = np.empty(samples, dtype=np.int64)
    draws_k = np.empty(samples, dtype=np.int64)
    draws_alpha = np.empty(samples)
    kept = 0
    for step in range(-warm_up, burn_in + samples * thinning):
        if step == 0:
            _sort_classes(log_lam, log_nu, z)
        _tabulate(cells, z, present, total)
        _draw_lambda(rng, present, total, log_lam)
        _draw_weights(rng, total, alpha, observed + n0, log_nu)
        n0 = _draw_missing(rng, observed, _prob_unobserved(log_lam, log_nu))
        _draw_all_memberships(rng, cells, freq, n0, log_lam, log_nu, z, weights)
        if step >= 0:  # alpha | weights ~ Gamma(a + K - 1, rate b - log nu_K)
            alpha = rng.gamma(a_alpha + classes - 1.0, 1.0 / (b_alpha - log_nu[classes - 1]))
        if step >= burn_in and (step - burn_in + 1) % thinning == 0:
            draws_n[kept] = observed + n0
            draws_k[kept] = (total > 0).sum()
            draws_alpha[kept] = alpha
            kept += 1
    return draws_n, draws_k, draws_alpha
