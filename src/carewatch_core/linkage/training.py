"""Training that survives small tables (a database's few hundred consolidated records).

``engine.trained_settings`` expects lists large enough for every training session to find
pairs. On a small table a session's blocking rule may produce no pair at all, or the prior's
deterministic rule may find no match; Splink then raises. Here each such step falls back: the
prior keeps Splink's default, a session moves to its next rule, and a session with no usable
rule is skipped (its comparisons keep the m they had), so the model still scores pairs.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from typing import Any

from splink import Linker
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.exceptions import SplinkException

from carewatch_core.linkage.engine import MIN_PROBABILITY, Model, Progress, settings_creator

#: What a training step raises when a small table gives it nothing to learn from.
TRAINING_FAILURES = (SplinkException, ValueError, ZeroDivisionError)


#: The prior of last resort (Splink's default); ``_prior`` prefers one from the table's size.
DEFAULT_PRIOR = 1e-4


def _prior(linker: Linker, table: Any, table_rows: int, model: Model, progress: Progress) -> Linker:
    """Estimate the prior; a rule that finds nothing would give 0, which no score survives."""
    with contextlib.suppress(*TRAINING_FAILURES):
        linker.training.estimate_probability_two_random_records_match(
            list(model.prior_rules), recall=model.prior_recall
        )
    settings = linker.misc.save_model_to_json()
    if settings.get("probability_two_random_records_match", 0) > 0:
        return linker
    # No match found by the rule: assume each record has at most one other record of itself,
    # about n/2 matches among n²/2 pairs, so 1/n.
    progress("training: prior from the table's size (the rule found no match)")
    settings["probability_two_random_records_match"] = 1 / max(table_rows, 2)
    return Linker(table, settings, log_level=logging.ERROR)


def _session(linker: Linker, table: Any, rules: Any, progress: Progress) -> Linker:
    for rule in rules:
        before = copy.deepcopy(linker.misc.save_model_to_json())
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
            return linker
        except TRAINING_FAILURES:
            linker = Linker(table, before, log_level=logging.ERROR)
    progress("training: one EM session skipped (too few examples)")
    return linker


def floored(settings: dict[str, Any]) -> dict[str, Any]:
    """m and u of at least ``MIN_PROBABILITY`` (see engine), and a prior above 0."""
    if not settings.get("probability_two_random_records_match"):
        settings["probability_two_random_records_match"] = DEFAULT_PRIOR
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if isinstance(level.get(key), float | int):
                    level[key] = max(float(level[key]), MIN_PROBABILITY)
    return settings


def tolerant_linker(
    table: Any, model: Model, db_api: DatabaseAPISubClass, progress: Progress
) -> Linker:
    """A linker on ``table`` (an Arrow table) trained without labels, as far as the table allows."""
    registered = db_api.register(table)
    linker = Linker(registered, settings_creator(model), log_level=logging.ERROR)
    progress("training: prior")
    linker = _prior(linker, registered, table.num_rows, model, progress)
    progress("training: u")
    linker.training.estimate_u_using_random_sampling(max_pairs=model.u_pairs, seed=1)
    for rules in model.training_blocks:
        progress("training: m (expectation maximisation)")
        linker = _session(linker, registered, rules, progress)
    return Linker(
        db_api.register(table), floored(linker.misc.save_model_to_json()), log_level=logging.ERROR
    )
