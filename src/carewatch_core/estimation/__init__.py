"""Multiple systems estimation: how many were never documented, from how lists overlap.

Three methods, one result shape (:class:`Estimate`): the LCMCR latent-class model
(Manrique-Vallier 2016), log-linear models chosen by BIC (as Rcapture), and Bayesian model
averaging over decomposable graphs (Madigan & York 1997, as dga). See docs/estimation.md for
what each assumes and what an estimate cannot say.
"""

from carewatch_core.estimation.checks import data_warnings
from carewatch_core.estimation.dga import DgaResult, dga
from carewatch_core.estimation.diagnostics import ChainDiagnostics, diagnose
from carewatch_core.estimation.lcmcr import LcmcrResult, LcmcrSettings, lcmcr
from carewatch_core.estimation.loglinear import LogLinearFit, LogLinearResult, loglinear
from carewatch_core.estimation.patterns import (
    PatternTable,
    parse_patterns_csv,
    parse_records_csv,
    read_patterns_csv,
    read_records_csv,
)
from carewatch_core.estimation.result import Estimate
from carewatch_core.estimation.strata import METHODS, Method, estimate, estimate_strata

__all__ = [
    "METHODS",
    "ChainDiagnostics",
    "DgaResult",
    "Estimate",
    "LcmcrResult",
    "LcmcrSettings",
    "LogLinearFit",
    "LogLinearResult",
    "Method",
    "PatternTable",
    "data_warnings",
    "dga",
    "diagnose",
    "estimate",
    "estimate_strata",
    "lcmcr",
    "loglinear",
    "parse_patterns_csv",
    "parse_records_csv",
    "read_patterns_csv",
    "read_records_csv",
]
