"""Unsupervised training that survives whatever list it is given, and bounds what it learns.

A model fitted to a list (``plan.fit``) is trained on it: the prior from the first rule that finds
matches (or, when none does, from the table's size), u by random sampling, then m by expectation
maximisation, one session per training block, each trying its rules in order until one finds
pairs to learn from. A step that fails is noted (``summary.Note``) and the run goes on.

What is learned is then bounded (``bounded``): no m or u of exactly 0 or 1 (a level the data
never showed would otherwise veto or force every pair, and a probability of 0 is a math error in
the weights); the level that says two values agree never counts against a match, and a level that
says they differ never counts for one; and term frequencies (``capped_tf``) never make the
agreement on a common value count against a match either. So a reviewer never reads "agrees"
beside a negative weight.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from splink import Linker
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.exceptions import SplinkException

from carewatch_core.linkage import engine
from carewatch_core.linkage.engine import (
    TRAINING_SAMPLE,
    Progress,
    _as_on_reference,
    _sample,
    as_table,
    quiet_splink,
    with_parameters,
)
from carewatch_core.linkage.model import Model, Prior, creator, settings_creator
from carewatch_core.linkage.summary import Note

#: What a training step raises when a list gives it nothing to learn from.
TRAINING_FAILURES = (SplinkException, ValueError, ZeroDivisionError, ArithmeticError)
#: Smallest m or u kept from training, and one minus the largest.
MIN_PROBABILITY = 1e-4


def _recall(prior: Prior, full: Any) -> float:
    """A prior rule's recall on this table: its recall among pairs where both records fill the
    rule's columns, times the chance that both do (each column's fill, squared)."""
    recall = prior.recall
    for column in prior.rule:
        filled = 1 - full[column].null_count / max(full.num_rows, 1)
        recall *= filled * filled
    return min(max(recall, 1e-3), 1.0)


def _prior(linker: Linker, table: Any, full: Any, model: Model, notes: list[Note]) -> Linker:
    rows = full.num_rows
    for prior in model.priors:
        with contextlib.suppress(*TRAINING_FAILURES):
            linker.training.estimate_probability_two_random_records_match(
                [creator(prior.rule)], recall=_recall(prior, full)
            )
        settings = linker.misc.save_model_to_json()
        if 0 < settings.get("probability_two_random_records_match", 0) < 1:
            return linker
        notes.append(Note("prior_rule_failed", {"rule": ", ".join(prior.rule)}))
    # Assume each record has about one other record of itself: n/2 matches among n²/2 pairs.
    notes.append(Note("prior_from_size", {"records": rows}))
    settings = linker.misc.save_model_to_json()
    settings["probability_two_random_records_match"] = 1 / max(rows, 2)
    return Linker(table, settings, log_level=logging.ERROR)


#: Iterations of a session's rule run again, when no rule of the session could be trained because
#: expectation maximisation drove some level's m below what a float holds (Splink refuses it):
#: each iteration can shrink the m of a level no match shows by orders of magnitude, so a shorter
#: run stops before it vanishes (``bounded`` then floors it). Without this, every session on the
#: names could fail and the given name weigh nothing (tests/core/test_linkage_plan.py).
SHORTER_RUNS = (8, 3)


def _session(
    linker: Linker, table: Any, rules: Sequence[tuple[str, ...]], notes: list[Note]
) -> Linker:
    """The first rule of ``rules`` that trains in full; failing that, the first that trains in
    fewer iterations after its estimates vanished; failing that, the model as it was."""
    before = copy.deepcopy(linker.misc.save_model_to_json())
    vanished = []
    for index, rule in enumerate(rules):
        trained = _trained(table, before, rule, None, linker if index == 0 else None)
        if isinstance(trained, Linker):
            return trained
        vanished += [rule] if trained else []
        notes.append(Note("session_vanished" if trained else "session_no_pairs", _rule(rule)))
    for rule in vanished:
        for iterations in SHORTER_RUNS:
            found = _trained(table, before, rule, iterations)
            if isinstance(found, Linker):
                notes.append(Note("session_shortened", {**_rule(rule), "iterations": iterations}))
                settings = found.misc.save_model_to_json()  # the next session runs in full
                settings["max_iterations"] = before.get("max_iterations", 25)
                return Linker(table, settings, log_level=logging.ERROR)
    notes.append(Note("session_skipped"))
    return Linker(table, before, log_level=logging.ERROR)


def _rule(rule: tuple[str, ...]) -> dict[str, Any]:
    return {"rule": ", ".join(rule)}


def _trained(
    table: Any,
    settings: dict[str, Any],
    rule: tuple[str, ...],
    iterations: int | None,
    linker: Linker | None = None,
) -> Linker | bool:
    """``linker`` (or a new one from ``settings``, in ``iterations`` if given) trained on
    ``rule``, or whether that failed because an estimate vanished (True) or otherwise (False)."""
    if linker is None:
        start = settings if iterations is None else {**settings, "max_iterations": iterations}
        linker = Linker(table, copy.deepcopy(start), log_level=logging.ERROR)
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(creator(rule))
    except TRAINING_FAILURES as exc:
        return _vanished(exc)
    return linker


def _vanished(exc: Exception) -> bool:
    """Whether a session failed because some level's estimated m or u fell below a float's range."""
    return isinstance(exc, ValueError) and "below the minimum allowed value" in str(exc)


def _untrained(settings: dict[str, Any]) -> list[str]:
    """Comparisons with a level no session estimated m for (each session leaves out the
    comparisons that read the columns of its blocking rule)."""
    return [
        comparison["output_column_name"]
        for comparison in settings["comparisons"]
        if any(
            "m_probability" not in level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level")
        )
    ]


def _kept_where_trained(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``after`` (the catch-up session's model) with the m of every comparison trained
    ``before`` put back: the catch-up session is for the comparisons no session trained."""
    trained_before = {
        comparison["output_column_name"]: comparison
        for comparison in before["comparisons"]
        if comparison["output_column_name"] not in _untrained(before)
    }
    for comparison in after["comparisons"]:
        earlier = trained_before.get(comparison["output_column_name"])
        if earlier is not None:
            comparison["comparison_levels"] = copy.deepcopy(earlier["comparison_levels"])
    return after


def _neutral_where_untrained(settings: dict[str, Any]) -> dict[str, Any]:
    """An untrained level weighs nothing (m = u) rather than whatever a default would say."""
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level") and "m_probability" not in level:
                level["m_probability"] = level.get("u_probability") or MIN_PROBABILITY
    return settings


def bounded(settings: dict[str, Any], disagreeing: frozenset[str] = frozenset()) -> dict[str, Any]:
    """m and u within [``MIN_PROBABILITY``, 1 - ``MIN_PROBABILITY``] (but an m the model fixes,
    which may lie below: a veto), a prior within (0, 1), the agreement level (the first that is
    not a disagreeing one) no lower than its u, and every disagreeing level (the last one, and
    those labelled in ``disagreeing``) no higher."""
    prior = float(settings.get("probability_two_random_records_match") or 0)
    settings["probability_two_random_records_match"] = min(max(prior, 1e-9), 0.5)
    for comparison in settings["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for level in levels:
            for key in ("m_probability", "u_probability"):
                if key == "m_probability" and level.get("fix_m_probability"):
                    continue  # the model's own constant (a veto may lie below the bounds)
                if isinstance(level.get(key), float | int):
                    level[key] = min(max(float(level[key]), MIN_PROBABILITY), 1 - MIN_PROBABILITY)
        agreeing = [
            level for level in levels[:-1] if level.get("label_for_charts") not in disagreeing
        ]
        if (
            agreeing
            and _both(agreeing[0])
            and agreeing[0]["m_probability"] < agreeing[0]["u_probability"]
        ):
            agreeing[0]["m_probability"] = agreeing[0]["u_probability"]
        for level in levels:
            differs = level is levels[-1] or level.get("label_for_charts") in disagreeing
            if differs and _both(level) and level["m_probability"] > level["u_probability"]:
                level["m_probability"] = level["u_probability"]
    return settings


def _both(level: Mapping[str, Any]) -> bool:
    return isinstance(level.get("m_probability"), float) and isinstance(
        level.get("u_probability"), float
    )


def trained_settings(
    columns: Any, model: Model, db_api: DatabaseAPISubClass, progress: Progress, notes: list[Note]
) -> dict[str, Any]:
    """The model trained without labels on (a sample of) ``columns``, bounded, with the prior
    as on a table of ``engine.REFERENCE_RECORDS`` records (``engine._as_on_reference``) when the
    model compares a date (``Model.dated_by``), else as estimated (noted when that differs)."""
    full = as_table(columns)
    sample = _sample(full, TRAINING_SAMPLE)
    table = db_api.register(sample)
    linker = Linker(table, settings_creator(model), log_level=logging.ERROR)
    progress("training: prior")
    linker = _prior(linker, table, full, model, notes)
    progress("training: u")
    linker.training.estimate_u_using_random_sampling(max_pairs=model.u_pairs, seed=1)
    for rules in model.training_blocks:
        progress("training: m (expectation maximisation)")
        linker = _session(linker, table, rules, notes)
    settings = linker.misc.save_model_to_json()
    if _untrained(settings) and model.catch_up:
        progress("training: m (expectation maximisation)")
        linker = _session(linker, table, model.catch_up, notes)
        settings = _kept_where_trained(settings, linker.misc.save_model_to_json())
    for name in _untrained(settings):
        notes.append(Note("comparison_untrained", {"comparison": name}))
    settings = bounded(_neutral_where_untrained(settings), model.disagreeing)
    if dated(model):
        return _as_on_reference(settings, full.num_rows)
    if full.num_rows > engine.REFERENCE_RECORDS:
        notes.append(Note("prior_not_scaled", {"records": full.num_rows}))
    return settings


def dated(model: Model) -> bool:
    """Does ``model`` (fitted to a list) compare a column that places records in time?"""
    return any(set(feature.needs) & set(model.dated_by) for feature in model.comparisons)


def capped_tf(linker: Linker, table: Any, db_api: DatabaseAPISubClass) -> None:
    """Register, for each level with term-frequency adjustments, the share of each value among
    the filled rows, lowered to the level's m where higher: agreement on a value so common
    weighs nothing, never less (Splink's weight of an agreement on a value is m over its share)."""
    settings = linker.misc.save_model_to_json()
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if not column or column not in table.column_names:
                continue
            counts = pc.value_counts(table[column].drop_null())
            total = max(sum(counts.field("counts").to_pylist()), 1)
            shares = pc.divide(pc.cast(counts.field("counts"), pa.float64()), float(total))
            m = float(level.get("m_probability") or 1.0)
            shares = pc.min_element_wise(shares, m * (1 - MIN_PROBABILITY))
            lookup = pa.table({column: counts.field("values"), f"tf_{column}": shares})
            linker.table_management.register_term_frequency_lookup(db_api.register(lookup), column)


def trained_linker(
    columns: Any,
    model: Model,
    db_api: DatabaseAPISubClass,
    progress: Progress,
    trained: Mapping[str, Any] | None = None,
    notes: list[Note] | None = None,
) -> Linker:
    """A linker on all of ``columns`` with the model trained by ``trained_settings``, or with
    the parameters of ``trained`` (a ``LinkResult.model`` of an earlier run, on any backend)."""
    quiet_splink()
    full = as_table(columns)
    table = db_api.register(full)
    if trained is None:
        settings = trained_settings(full, model, db_api, progress, [] if notes is None else notes)
    else:
        progress("training: the parameters of the model given")
        fresh = Linker(table, settings_creator(model), log_level=logging.ERROR)
        settings = with_parameters(fresh.misc.save_model_to_json(), trained)
    linker = Linker(table, settings, log_level=logging.ERROR)
    capped_tf(linker, full, db_api)
    return linker
