"""Convergence diagnostics for one MCMC trace: effective sample size, split R-hat, Geweke z."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from carewatch_core.estimation.caveats import Caveat

FloatArray = npt.NDArray[np.float64]

RHAT_LIMIT = 1.1  # Gelman et al.'s classic threshold; above it the halves of the chain disagree
ESS_LIMIT = 100  # fewer independent draws than this makes 2.5%/97.5% quantiles unreliable


@dataclass(frozen=True)
class ChainDiagnostics:
    """Summary of how well a trace (e.g. of the population size N) has mixed."""

    draws: int
    effective_sample_size: float
    split_rhat: float
    geweke_z: float

    def problems(self) -> list[str]:
        """Plain-language warnings when the chain looks unconverged or too short."""
        out: list[str] = []
        if self.split_rhat > RHAT_LIMIT:
            out.append(Caveat("unconverged", rhat=f"{self.split_rhat:.2f}", limit=RHAT_LIMIT))
        if self.effective_sample_size < ESS_LIMIT:
            out.append(Caveat("few_draws", draws=f"{self.effective_sample_size:.0f}"))
        return out


def diagnose(trace: npt.ArrayLike) -> ChainDiagnostics:
    """Diagnostics for a single chain's trace."""
    x = np.asarray(trace, dtype=np.float64)
    return ChainDiagnostics(len(x), effective_sample_size(x), split_rhat(x), geweke_z(x))


def autocorrelation(x: FloatArray) -> FloatArray:
    """Sample autocorrelation at every lag, by FFT (O(n log n) rather than O(n^2))."""
    centred = x - x.mean()
    size = 1 << (2 * len(x) - 1).bit_length()  # zero-pad: no circular wrap-around
    spectrum = np.fft.rfft(centred, size)
    acov = np.fft.irfft(spectrum * np.conj(spectrum), size)[: len(x)]
    return np.asarray(acov / acov[0], dtype=np.float64)


def effective_sample_size(x: FloatArray) -> float:
    """Geyer's initial monotone sequence estimator of the effective sample size."""
    n = len(x)
    if n < 4 or float(np.var(x)) == 0.0:
        return float(n)
    rho = autocorrelation(x)
    pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)  # Gamma_t = rho_2t + rho_2t+1
    positive = np.flatnonzero(pairs <= 0)
    pairs = pairs[: positive[0] if len(positive) else len(pairs)]
    pairs = np.minimum.accumulate(pairs)  # monotone: noise in the tail cannot add variance
    tau = max(-1.0 + 2.0 * float(pairs.sum()), 1.0 / math.log10(n))  # Stan's lower bound
    return n / tau


def split_rhat(x: FloatArray) -> float:
    """Gelman-Rubin R-hat for one chain split into halves (1.0 when they agree)."""
    half = len(x) // 2
    if half < 2:
        return math.nan
    chains = np.stack([x[:half], x[len(x) - half :]])
    within = float(chains.var(axis=1, ddof=1).mean())
    between = half * float(chains.mean(axis=1).var(ddof=1))
    if within == 0.0:
        return 1.0 if between == 0.0 else math.inf
    pooled = (half - 1) / half * within + between / half
    return math.sqrt(pooled / within)


def geweke_z(x: FloatArray, first: float = 0.1, last: float = 0.5) -> float:
    """Geweke's z: the mean of the first 10% against the last 50%, in standard errors."""
    a = x[: max(int(first * len(x)), 2)]
    b = x[len(x) - max(int(last * len(x)), 2) :]
    variance = _mean_variance(a) + _mean_variance(b)
    if variance == 0.0:
        return 0.0
    return float((a.mean() - b.mean()) / math.sqrt(variance))


def _mean_variance(x: FloatArray) -> float:
    # The variance of a correlated mean is var/ESS, not var/n.
    return float(np.var(x, ddof=1)) / effective_sample_size(x)
