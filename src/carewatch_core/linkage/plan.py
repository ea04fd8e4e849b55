"""A model fitted to the list it runs on: only columns that inform reach the database.

Real lists leave columns out, or keep a column and fill it nowhere (no row of a published list
of the dead had a date of death), or fill it with one value. Before anything is trained, each
column a comparison or rule needs is measured: the share of rows where it is filled and how many
values it takes. A column filled in fewer than ``MIN_FILL`` of the rows, or with one value only,
does not inform; every comparison, blocking rule, training rule and prior rule that needs it is
left out, and the column itself is dropped from the table. What was left out, and why, goes to
the run's notes (``summary``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyarrow.compute as pc  # type: ignore[import-untyped]

from carewatch_core.linkage.model import MIN_BLOCKING, Model, Rule
from carewatch_core.linkage.summary import Note

#: Share of rows a column must fill to inform a comparison or a rule.
MIN_FILL = 0.02
#: A fallback blocking rule is used only if it makes at most this many pairs per record (and at
#: least ``MIN_PAIR_BUDGET`` in all): names alone make blocks of thousands in a million records.
PAIRS_PER_RECORD = 30
MIN_PAIR_BUDGET = 2_000_000


def pairs_of(table: Any, rule: Sequence[str]) -> int:
    """The candidate pairs a blocking rule makes on ``table``: records agreeing on every column
    of the rule (none of them empty)."""
    filled = table.select(list(rule)).drop_null()
    if not filled.num_rows:
        return 0
    sizes = filled.group_by(list(rule)).aggregate([([], "count_all")])["count_all"]
    counts = pc.cast(sizes, "int64")
    return int(pc.sum(pc.divide(pc.multiply(counts, pc.subtract(counts, 1)), 2)).as_py() or 0)


@dataclass(frozen=True)
class ColumnUse:
    """One column a model can use: share of rows filled, distinct values, and whether the run
    uses it (``reason``: "" when used, else "empty", "sparse" or "constant")."""

    name: str
    filled: float
    distinct: int
    reason: str

    @property
    def used(self) -> bool:
        return not self.reason


def measure(table: Any, name: str) -> ColumnUse:
    """How well ``name`` (a column of ``table``) is filled."""
    rows = table.num_rows
    column = table[name]
    filled = (rows - column.null_count) / rows if rows else 0.0
    values = pc.list_flatten(column) if hasattr(column.type, "value_type") else column
    distinct = pc.count_distinct(values).as_py() if filled else 0
    reason = (
        "empty"
        if not filled
        else "sparse"
        if filled < MIN_FILL
        else "constant"
        if distinct < 2
        else ""
    )
    return ColumnUse(name, filled, distinct, reason)


def _needed(model: Model) -> list[str]:
    names: dict[str, None] = {}
    for feature in model.comparisons:
        names.update(dict.fromkeys(feature.needs))
    for rule in _all_rules(model):
        names.update(dict.fromkeys(rule))
    return [name for name in names if name not in model.always]


def _all_rules(model: Model) -> Iterable[Rule]:
    yield from model.blocking
    yield from model.fallback_blocking
    for session in model.training_blocks:
        yield from session
    for prior in model.priors:
        yield prior.rule
    yield from model.catch_up


@dataclass(frozen=True)
class Fitted:
    """The model as fitted to a table, the table with only the columns it reads, what each
    column was found to hold, and the notes of the fitting."""

    model: Model
    table: Any
    columns: tuple[ColumnUse, ...]
    notes: tuple[Note, ...]


def fit(model: Model, table: Any) -> Fitted:
    """``model`` with only the comparisons and rules whose columns inform in ``table``."""
    uses = tuple(measure(table, name) for name in _needed(model) if name in table.column_names)
    informs = {use.name for use in uses if use.used}
    notes = [Note(f"column_{use.reason}", {"column": use.name}) for use in uses if not use.used]

    def usable(rule: Sequence[str]) -> bool:
        return all(name in informs or name in model.always for name in rule)

    features = [feature for feature in model.comparisons if usable(feature.needs)]
    blocking = [rule for rule in model.blocking if usable(rule)]
    if len(blocking) < max(MIN_BLOCKING, len(model.blocking) / 2):
        budget = max(MIN_PAIR_BUDGET, PAIRS_PER_RECORD * table.num_rows)
        for rule in model.fallback_blocking:
            if not usable(rule) or rule in blocking:
                continue
            pairs = pairs_of(table, rule)
            if pairs > budget:
                notes.append(Note("blocking_too_wide", {"rule": ", ".join(rule), "pairs": pairs}))
                continue
            blocking.append(rule)
            notes.append(Note("blocking_fallback", {"rule": ", ".join(rule)}))
    sessions = [[rule for rule in session if usable(rule)] for session in model.training_blocks]
    notes.extend(
        Note("session_unusable", {"rules": " | ".join(", ".join(r) for r in session)})
        for session, kept in zip(model.training_blocks, sessions, strict=True)
        if not kept
    )
    fitted = replace(
        model,
        comparisons=features,
        blocking=blocking,
        training_blocks=[session for session in sessions if session],
        priors=[prior for prior in model.priors if usable(prior.rule)],
        fallback_blocking=(),
        catch_up=[rule for rule in model.catch_up if usable(rule)],
    )
    return Fitted(fitted, table.select(_kept(fitted, table)), uses, tuple(notes))


def _kept(model: Model, table: Any) -> list[str]:
    names: dict[str, None] = dict.fromkeys(model.always)
    for feature in model.comparisons:
        names.update(dict.fromkeys((*feature.needs, *feature.reads)))
    for rule in _all_rules(model):
        names.update(dict.fromkeys(rule))
    return [name for name in names if name in table.column_names]
