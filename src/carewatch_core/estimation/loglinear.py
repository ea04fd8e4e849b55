"""Log-linear models with model selection: the equivalent of Rcapture's ``closedpMS.t``.

Each model is a Poisson regression of the counts of the ``2**K - 1`` observed patterns on the
K main effects (always in) and a subset of the two-way interactions (list A and list B tend
to document the same cases). Every subset is fitted; the unobserved cell is ``exp(intercept)``
(all flags 0), so ``N = observed + exp(intercept)``. AIC and BIC are computed as Rcapture does
(Poisson log-likelihood, BIC with log of the number of documented records); the estimate is
the best model by BIC, with a profile-likelihood interval (Cormack 1992, as ``closedpCI.t``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from carewatch_core.estimation.caveats import Caveat
from carewatch_core.estimation.checks import data_warnings
from carewatch_core.estimation.patterns import PatternTable
from carewatch_core.estimation.result import Estimate

FloatArray = npt.NDArray[np.float64]
Pair = tuple[int, int]

MAX_LISTS = 6  # 2**15 = 32,768 models at 6 lists; Rcapture stops there too
CHI2_1 = {0.90: 2.705543454095404, 0.95: 3.841458820694124, 0.99: 6.6348966010212145}
SUPPORT_FACTOR = 3.0  # search the upper bound up to 3 x the estimate (Rcapture's fmaxSupCL)
NEAR_BIC = 2.0  # models this close to the best are, by the usual reading, about as good


@dataclass(frozen=True)
class LogLinearFit:
    """One fitted model: its interactions, estimate and fit statistics."""

    lists: tuple[str, ...]
    interactions: tuple[Pair, ...]
    coefficients: FloatArray
    estimate: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    converged: bool

    @property
    def unobserved(self) -> float:
        return math.exp(float(self.coefficients[0]))

    @property
    def terms(self) -> str:
        """Readable terms, e.g. ``EXH + ABA + OSCE + HRW + EXH:ABA``."""
        pairs = [f"{self.lists[a]}:{self.lists[b]}" for a, b in self.interactions]
        return " + ".join([*self.lists, *pairs])

    @property
    def code(self) -> str:
        """Rcapture's name for the model, e.g. ``[12,3,4]`` (lists numbered from 1)."""
        covered = {i for pair in self.interactions for i in pair}
        parts = [f"{a + 1}{b + 1}" for a, b in self.interactions]
        parts += [str(i + 1) for i in range(len(self.lists)) if i not in covered]
        return "[" + ",".join(parts) + "]"


@dataclass(frozen=True)
class LogLinearResult:
    """Every model's fit, the best by BIC (the estimate) and the best by AIC (for comparison)."""

    summary: Estimate
    best_bic: LogLinearFit
    best_aic: LogLinearFit
    aic_interval: tuple[float, float]
    models: tuple[LogLinearFit, ...]  # sorted by BIC


def loglinear(table: PatternTable, level: float = 0.95) -> LogLinearResult:
    """Fit all hierarchical models up to two-way interactions; pick the best by BIC."""
    if table.n_lists > MAX_LISTS:
        raise ValueError(
            f"log-linear model selection fits every subset of interactions; with {table.n_lists} lists "
            f"that is too many models (at most {MAX_LISTS} lists); use LCMCR"
        )
    models = tuple(sorted(all_models(table), key=lambda fit: fit.bic))
    usable = [fit for fit in models if fit.converged and math.isfinite(fit.bic)]
    if not usable:
        raise ValueError("no log-linear model could be fitted to these counts")
    best_bic = usable[0]
    best_aic = min(usable, key=lambda fit: fit.aic)
    interval = profile_interval(table, best_bic, level)
    aic_interval = profile_interval(table, best_aic, level)
    notes = _model_warnings(usable, best_bic, best_aic, interval, len(models) - len(usable))
    summary = Estimate(
        method="loglinear",
        estimate=best_bic.estimate,
        lower=interval[0],
        upper=interval[1],
        level=level,
        observed=table.observed,
        lists=table.lists,
        model=f"log-linear, best by BIC: {best_bic.terms} {best_bic.code}",
        warnings=tuple(data_warnings(table) + notes + size_warning(table, best_bic.estimate)),
        details=_details(best_bic, best_aic, aic_interval, len(models)),
    )
    return LogLinearResult(summary, best_bic, best_aic, aic_interval, models)


def _details(
    best: LogLinearFit, aic: LogLinearFit, aic_interval: tuple[float, float], count: int
) -> dict[str, float | int | str | None]:
    return {
        "stderr": round(best.stderr, 2),
        "deviance": round(best.deviance, 4),
        "df": best.df,
        "aic": round(best.aic, 4),
        "bic": round(best.bic, 4),
        "best_aic_model": f"{aic.terms} {aic.code}",
        "best_aic_estimate": round(aic.estimate, 2),
        "best_aic_lower": round(aic_interval[0], 2),
        "best_aic_upper": round(aic_interval[1], 2) if math.isfinite(aic_interval[1]) else None,
        "models_fitted": count,
    }


def all_models(table: PatternTable) -> list[LogLinearFit]:
    """Main effects plus every subset of the two-way interactions."""
    pairs = list(combinations(range(table.n_lists), 2))
    return [
        fit_model(table, chosen)
        for size in range(len(pairs) + 1)
        for chosen in combinations(pairs, size)
    ]


def fit_model(table: PatternTable, interactions: Sequence[Pair]) -> LogLinearFit:
    """Fit one Poisson log-linear model to the observed cells."""
    design = design_matrix(table.n_lists, interactions)[1:]  # row 0 is the unobserved cell
    counts = table.dense()[1:].astype(np.float64)
    beta, mu, converged = irls(design, counts)
    rank = int(np.linalg.matrix_rank(design))
    loglik = poisson_loglik(counts, mu)
    n = table.observed
    return LogLinearFit(
        lists=table.lists,
        interactions=tuple(interactions),
        coefficients=beta,
        estimate=n + math.exp(float(beta[0])),
        stderr=_stderr(design, mu, float(beta[0])),
        deviance=deviance(counts, mu),
        df=len(counts) - rank,
        aic=-2.0 * loglik + 2.0 * rank,
        bic=-2.0 * loglik + math.log(n) * rank,
        converged=converged,
    )


def design_matrix(n_lists: int, interactions: Sequence[Pair]) -> FloatArray:
    """Columns: intercept, one per list, one per interaction; rows: all 2**K patterns in order."""
    cells = (np.arange(2**n_lists)[:, None] >> np.arange(n_lists)) & 1
    columns = [np.ones(2**n_lists), *cells.T, *(cells[:, a] * cells[:, b] for a, b in interactions)]
    return np.column_stack(columns).astype(np.float64)


def irls(
    design: FloatArray, counts: FloatArray, max_iter: int = 100, tol: float = 1e-10
) -> tuple[FloatArray, FloatArray, bool]:
    """Poisson regression by iteratively reweighted least squares (as R's ``glm.fit``).

    ``lstsq`` rather than a plain solve: a rank-deficient design (e.g. a list with no records)
    then still fits, like glm's aliased coefficients. Returns coefficients, fitted means and
    whether the deviance converged.
    """
    mu = counts + 0.1  # glm's starting values
    eta = np.log(mu)
    beta: FloatArray = np.zeros(design.shape[1])
    previous = math.inf
    for _ in range(max_iter):
        weight = np.sqrt(mu)
        working = eta + (counts - mu) / mu
        beta = np.asarray(
            np.linalg.lstsq(design * weight[:, None], working * weight, rcond=None)[0],
            dtype=np.float64,
        )
        eta = np.clip(design @ beta, -700.0, 700.0)  # exp() stays finite for diverging terms
        mu = np.exp(eta)
        current = deviance(counts, mu)
        if abs(current - previous) / (abs(current) + 0.1) < tol:
            return beta, mu, True
        previous = current
    return beta, mu, False


def deviance(counts: FloatArray, mu: FloatArray) -> float:
    """Poisson deviance, with 0 * log 0 = 0."""
    ratio = np.where(counts > 0, counts / np.where(counts > 0, mu, 1.0), 1.0)
    return float(2.0 * np.sum(counts * np.log(ratio) - (counts - mu)))


def poisson_loglik(counts: FloatArray, mu: FloatArray) -> float:
    """Full Poisson log-likelihood (with the log y! terms, as R's AIC uses)."""
    log_mu = np.where(counts > 0, np.log(np.maximum(mu, 1e-300)), 0.0)
    log_factorials = sum(math.lgamma(c + 1.0) for c in counts)
    return float(np.sum(counts * log_mu - mu)) - log_factorials


def _stderr(design: FloatArray, mu: FloatArray, intercept: float) -> float:
    """Delta-method standard error of N (Rcapture's ``getN``)."""
    covariance = np.linalg.pinv(design.T @ (design * mu[:, None]))
    variance = float(covariance[0, 0])
    return math.sqrt(math.exp(intercept) + math.exp(2.0 * intercept) * max(variance, 0.0))


# --- profile-likelihood interval ---------------------------------------------------------


def profile_interval(
    table: PatternTable, fit: LogLinearFit, level: float = 0.95
) -> tuple[float, float]:
    """Profile multinomial likelihood interval for N (Cormack 1992; Rcapture ``closedpCI.t``).

    The upper limit is ``math.inf`` when the likelihood does not drop enough before
    ``3 x`` the estimate: the data do not bound the total from above.
    """
    loglik = profile_loglik(table, fit.interactions)
    n = float(table.observed)
    top = max(SUPPORT_FACTOR * fit.estimate, n + 1.0)
    peak = _golden_max(loglik, n, top)
    cutoff = loglik(peak) - _chi2(level) / 2.0

    def excess(total: float) -> float:
        return loglik(total) - cutoff

    lower = n if excess(n) > 0 else _bisect(excess, n, peak)
    upper = math.inf if excess(top) > 0 else _bisect(excess, peak, top)
    return lower, upper


def profile_loglik(table: PatternTable, interactions: Sequence[Pair]) -> Callable[[float], float]:
    """log L(N): the model refitted with the unobserved cell set to N - n, plus Cormack's term."""
    design = design_matrix(table.n_lists, interactions)
    observed = table.dense().astype(np.float64)
    n = float(table.observed)

    def loglik(total: float) -> float:
        missing = total - n
        counts = observed.copy()
        counts[0] = missing
        _, mu, _ = irls(design, counts)
        correction = (
            _xlogx(missing) + math.lgamma(total + 1.0) - _xlogx(total) - math.lgamma(missing + 1.0)
        )
        return -(deviance(counts, mu) - 2.0 * correction) / 2.0

    return loglik


def _chi2(level: float) -> float:
    if level not in CHI2_1:
        raise ValueError(f"level must be one of {sorted(CHI2_1)}")
    return CHI2_1[level]


def _xlogx(x: float) -> float:
    return x * math.log(x) if x > 0 else 0.0


def _golden_max(f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-4) -> float:
    """Maximise a unimodal ``f`` on [lo, hi] by golden-section search."""
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol * max(1.0, abs(a)):
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    return (a + b) / 2.0


def _bisect(f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-6) -> float:
    """A root of ``f`` between ``lo`` and ``hi`` (signs differ at the ends)."""
    f_lo = f(lo)
    while hi - lo > tol * max(1.0, abs(lo)):
        mid = (lo + hi) / 2.0
        f_mid = f(mid)
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2.0


#: An estimate this many times the documented count is the model's extrapolation, not the data's.
IMPLAUSIBLE = 10.0


def size_warning(table: PatternTable, estimate: float) -> list[str]:
    """A caveat when the total is far beyond what the lists documented (a model driven by a near
    empty overlap can give any number)."""
    if table.observed and math.isfinite(estimate) and estimate > IMPLAUSIBLE * table.observed:
        return [Caveat("implausible", times=f"{estimate / table.observed:,.0f}")]
    return []


def _model_warnings(
    usable: Sequence[LogLinearFit],
    best: LogLinearFit,
    aic: LogLinearFit,
    interval: tuple[float, float],
    failed: int,
) -> list[str]:
    out: list[str] = []
    near = [fit.estimate for fit in usable if fit.bic - best.bic <= NEAR_BIC]
    if max(near) > 1.1 * min(near):
        out.append(
            Caveat(
                "models_disagree",
                points=f"{NEAR_BIC:g}",
                low=f"{min(near):,.0f}",
                high=f"{max(near):,.0f}",
            )
        )
    if abs(aic.estimate - best.estimate) > 0.1 * best.estimate:
        out.append(
            Caveat(
                "aic_differs",
                model=aic.code,
                aic=f"{aic.estimate:,.0f}",
                bic=f"{best.estimate:,.0f}",
            )
        )
    if not math.isfinite(interval[1]):
        out.append(Caveat("unbounded"))
    if failed:
        out.append(Caveat("not_converged", count=failed))
    return out
