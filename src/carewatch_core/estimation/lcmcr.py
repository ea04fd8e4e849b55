"""LCMCR: the Bayesian latent-class model of Manrique-Vallier (2016, Biometrics 72:1246-1254).

Records fall into up to K latent classes (a truncated Dirichlet process mixture); within a
class, lists document records independently, with their own probability per class. This lets
lists be dependent overall (heterogeneous documentation), which is why HRDAG uses it. The
sampler lives in :mod:`carewatch_core.estimation._lcmcr_kernel`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from carewatch_core.estimation.caveats import Caveat
from carewatch_core.estimation.checks import data_warnings
from carewatch_core.estimation.diagnostics import ChainDiagnostics, diagnose
from carewatch_core.estimation.patterns import PatternTable
from carewatch_core.estimation.result import Estimate

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Seed = int | np.random.Generator | None


@dataclass(frozen=True)
class LcmcrSettings:
    """Sampler settings; the defaults are the R package's example (110,000 iterations)."""

    classes: int = 10  # K, the truncation of the Dirichlet process
    a_alpha: float = 0.25  # Gamma prior on the concentration alpha (shape)
    b_alpha: float = 0.25  # ... and rate
    burn_in: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    warm_up: int = 500  # before burn-in, alpha held fixed (as LCMCR does)

    def __post_init__(self) -> None:
        if self.classes < 1 or self.samples < 1 or self.thinning < 1:
            raise ValueError("classes, samples and thinning must be at least 1")
        if self.burn_in < 0 or self.warm_up < 0:
            raise ValueError("burn-in and warm-up cannot be negative")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            raise ValueError("a_alpha and b_alpha must be positive")

    @property
    def iterations(self) -> int:
        return self.burn_in + self.samples * self.thinning

    def describe(self) -> str:
        return (
            f"K={self.classes}, a_alpha={self.a_alpha:g}, b_alpha={self.b_alpha:g}, burn-in {self.burn_in:,}, "
            f"{self.samples:,} samples thinned by {self.thinning}"
        )


@dataclass(frozen=True)
class LcmcrResult:
    """Posterior draws of the total N, their summary and the chain's diagnostics."""

    summary: Estimate
    samples: IntArray  # N (documented + undocumented), one per kept iteration
    occupied_classes: IntArray
    alpha: FloatArray
    diagnostics: ChainDiagnostics
    settings: LcmcrSettings
    seconds: float

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.samples, q))


def lcmcr(
    table: PatternTable,
    settings: LcmcrSettings | None = None,
    seed: Seed = None,
    level: float = 0.95,
) -> LcmcrResult:
    """Run the LCMCR sampler on ``table``; the estimate is the posterior median of N.

    ``seed`` (an int or a numpy ``Generator``) makes the run reproducible. The interval is the
    equal-tailed posterior interval at ``level``.
    """
    from carewatch_core.estimation._lcmcr_kernel import run_chain  # numba loads only when needed

    chosen = settings or LcmcrSettings()
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    started = time.perf_counter()
    draws, occupied, alpha = run_chain(
        rng,
        np.ascontiguousarray(table.patterns, dtype=np.int64),
        np.ascontiguousarray(table.counts, dtype=np.int64),
        chosen.classes,
        chosen.a_alpha,
        chosen.b_alpha,
        chosen.warm_up,
        chosen.burn_in,
        chosen.samples,
        chosen.thinning,
    )
    seconds = time.perf_counter() - started
    diagnostics = diagnose(draws)
    summary = _summarise(table, chosen, draws, diagnostics, level, seed)
    return LcmcrResult(summary, draws, occupied, alpha, diagnostics, chosen, seconds)


def _summarise(
    table: PatternTable,
    settings: LcmcrSettings,
    draws: IntArray,
    diagnostics: ChainDiagnostics,
    level: float,
    seed: Seed,
) -> Estimate:
    tail = (1.0 - level) / 2.0
    lower, median, upper = (float(v) for v in np.quantile(draws, [tail, 0.5, 1.0 - tail]))
    return Estimate(
        method="lcmcr",
        estimate=median,
        lower=lower,
        upper=upper,
        level=level,
        observed=table.observed,
        lists=table.lists,
        model=f"LCMCR latent-class model (Manrique-Vallier 2016), posterior median; {settings.describe()}",
        warnings=tuple(data_warnings(table) + diagnostics.problems() + _cap_warning(table, draws)),
        details={
            "posterior_mean": float(draws.mean()),
            "effective_sample_size": round(diagnostics.effective_sample_size, 1),
            "split_rhat": round(diagnostics.split_rhat, 4),
            "geweke_z": round(diagnostics.geweke_z, 3),
            "seed": seed if isinstance(seed, int) else None,
        },
    )


def _cap_warning(table: PatternTable, draws: IntArray) -> list[str]:
    from carewatch_core.estimation._lcmcr_kernel import MISSING_CAP

    if draws.max() < (MISSING_CAP + 1) * table.observed:
        return []
    return [Caveat("ceiling", cap=MISSING_CAP)]
