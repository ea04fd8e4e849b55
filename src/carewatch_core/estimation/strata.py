"""One entry point for every method, and estimates per stratum (period, place, ...).

Estimating per stratum matters because documentation differs by period and place: pooling a
well-documented city with a besieged district hides dependence between lists and biases the
total (the heterogeneity LCMCR partly absorbs, log-linear models do not).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from carewatch_core.estimation.dga import dga
from carewatch_core.estimation.lcmcr import LcmcrSettings, lcmcr
from carewatch_core.estimation.loglinear import loglinear
from carewatch_core.estimation.patterns import PatternTable
from carewatch_core.estimation.result import Estimate

Method = Literal["lcmcr", "loglinear", "dga"]
METHODS: tuple[Method, ...] = ("lcmcr", "loglinear", "dga")


def estimate(
    table: PatternTable,
    method: Method = "lcmcr",
    seed: int | np.random.Generator | None = None,
    settings: LcmcrSettings | None = None,
    level: float = 0.95,
) -> Estimate:
    """Estimate the total from ``table`` with ``method``; ``seed``/``settings`` apply to LCMCR."""
    if method == "lcmcr":
        return lcmcr(table, settings, seed, level).summary
    if method == "loglinear":
        return loglinear(table, level).summary
    if method == "dga":
        return dga(table, level=level).summary
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def estimate_strata(
    tables: Mapping[str, PatternTable],
    method: Method = "lcmcr",
    seed: int | None = None,
    settings: LcmcrSettings | None = None,
    level: float = 0.95,
) -> dict[str, Estimate]:
    """Estimate each stratum separately (e.g. ``{"2016 Aleppo": table, ...}``).

    Each stratum gets its own random stream spawned from ``seed``, so adding or removing a
    stratum does not change the others' draws as long as the order of the rest is kept.
    An error in one stratum names it.
    """
    streams = np.random.SeedSequence(seed).spawn(len(tables))
    out = {}
    for (name, table), stream in zip(tables.items(), streams, strict=True):
        try:
            out[name] = estimate(table, method, np.random.default_rng(stream), settings, level)
        except ValueError as exc:
            raise ValueError(f"stratum {name!r}: {exc}") from exc
    return out
