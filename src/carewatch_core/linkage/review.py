"""Candidate pairs for a reviewer: each scored pair with the reasons, and training from labels.

The same models as ``link_persons`` / ``link_incidents`` (persons.py, incidents.py), but instead
of clusters they return every pair at or above a threshold with, for each comparison, the
level Splink put it in ("exact match on given", "within 3 days", "else") and that level's
match weight (log2 of its Bayes factor): positive where the field speaks for a match,
negative where it speaks against, ``None`` where a value is missing.

Reviewers' decisions are labelled pairs. ``labels_table`` turns them into the table Splink's
``estimate_m_from_pairwise_labels`` reads, and ``candidates`` trains m from the matches among
them after the unsupervised training (Splink treats every row of that table as a match).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from splink import Linker
from splink.internals.database_api import DatabaseAPISubClass

from carewatch_core.linkage.engine import NEAR_BITS, Progress, _below, database_api, quiet_splink
from carewatch_core.linkage.features import incident_table
from carewatch_core.linkage.incidents import incident_model
from carewatch_core.linkage.model import Model
from carewatch_core.linkage.person_features import person_table
from carewatch_core.linkage.persons import person_model
from carewatch_core.linkage.plan import fit
from carewatch_core.linkage.records import IncidentRecord, LabelledPair, PersonRecord, PlaceCodes
from carewatch_core.linkage.summary import Nearest, RunSummary, summary_of
from carewatch_core.linkage.training import bounded, capped_tf, trained_linker

#: Pairs at or above this match probability go to the review queue by default: lower than the
#: clustering thresholds (persons 0.9, incidents 0.5), since the borderline pairs are the
#: reviewer's work.
REVIEW_THRESHOLD = 0.3


@dataclass(frozen=True)
class Reason:
    """How one comparison came out: ``field`` (Splink's output column name), ``level``
    (its label), ``weight`` (log2 Bayes factor with its term-frequency adjustment, ``None`` when a
    value is missing) and ``verdict``: "agree" at the comparison's agreement level, "disagree" at
    a level that says the values differ (its last, "All other comparisons", and those the model
    names), "close" in between, "missing". Training is bounded (``training.bounded``,
    ``training.capped_tf``) so that an agreement never weighs against a match nor a
    disagreement for one: the verdict and the sign of the weight never contradict."""

    field: str
    level: str
    weight: float | None
    verdict: str


@dataclass(frozen=True)
class Candidate:
    """Two record ids (``left`` < ``right``), their match probability and the reasons."""

    left: str
    right: str
    probability: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Review:
    """The candidate pairs of a run and what the run used and learned (``summary.RunSummary``;
    its nearest pairs are those nearest the review threshold)."""

    candidates: list[Candidate]
    summary: RunSummary | None


def labels_table(pairs: Iterable[LabelledPair]) -> Any:
    """The matches among ``pairs`` as the Arrow table ``estimate_m_from_pairwise_labels`` reads
    (``unique_id_l``, ``unique_id_r``, ``clerical_match_score``). Non-matches are left out:
    Splink reads every row of this table as a match."""
    matches = [pair for pair in pairs if pair.match]
    return pa.table(
        {
            "unique_id_l": pa.array([min(p.left, p.right) for p in matches], pa.string()),
            "unique_id_r": pa.array([max(p.left, p.right) for p in matches], pa.string()),
            "clerical_match_score": pa.array([1.0] * len(matches), pa.float64()),
        }
    )


def train_m_from_labels(
    linker: Linker, db_api: DatabaseAPISubClass, pairs: Sequence[LabelledPair]
) -> bool:
    """Estimate m from the reviewers' matches (True when there were any to learn from)."""
    table = labels_table(pairs)
    if table.num_rows == 0:
        return False
    registered = db_api.register(table)
    linker.training.estimate_m_from_pairwise_labels(registered)  # type: ignore[no-untyped-call]
    return True


def _level_verdicts(
    settings: dict[str, Any], disagreeing: frozenset[str]
) -> dict[str, dict[int, tuple[str, str]]]:
    """Each comparison's levels by comparison vector value (-1 for the null level, then from the
    highest value down, as Splink numbers them): (label, verdict)."""
    levels_of: dict[str, dict[int, tuple[str, str]]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        labels = [level["label_for_charts"] for level in non_null]
        agreeing = next((label for label in labels[:-1] if label not in disagreeing), None)
        by_value = {}
        for index, label in enumerate(labels):
            verdict = (
                "disagree"
                if index == len(labels) - 1 or label in disagreeing
                else "agree"
                if label == agreeing
                else "close"
            )
            by_value[len(non_null) - 1 - index] = (label, verdict)
        null = next(
            (level["label_for_charts"] for level in levels if level.get("is_null_level")), "null"
        )
        by_value[-1] = (null, "missing")
        levels_of[comparison["output_column_name"]] = by_value
    return levels_of


def _weight(row: dict[str, Any], field: str) -> float | None:
    """The comparison's match weight with its term-frequency adjustment (``None`` for a null level)."""
    weight = row.get(f"mw_{field}")
    if weight is None or row.get(f"gamma_{field}") == -1:
        return None
    adjustment = row.get(f"mw_tf_adj_{field}") or 0.0
    total = float(weight) + float(adjustment)
    return round(total, 3) if math.isfinite(total) else (-99.0 if total < 0 else 99.0)


def _reasons(
    row: dict[str, Any], levels: dict[str, dict[int, tuple[str, str]]]
) -> tuple[Reason, ...]:
    found = []
    for field, by_value in levels.items():
        label, verdict = by_value.get(int(row[f"gamma_{field}"]), ("", "missing"))
        weight = _weight(row, field)
        found.append(Reason(field, label, weight, verdict if weight is not None else "missing"))
    return tuple(found)


def _candidates(
    linker: Linker, threshold: float, disagreeing: frozenset[str], nearest: Nearest
) -> list[Candidate]:
    settings = linker.misc.save_model_to_json()
    levels = _level_verdicts(settings, disagreeing)
    frame = linker.inference.predict(threshold_match_probability=_below(threshold, NEAR_BITS))
    rows = frame.as_record_list()
    frame.drop_table_from_database_and_remove_from_cache()
    found = []
    for row in rows:
        left, right = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
        probability = float(row["match_probability"])
        nearest.offer(left, right, probability)
        if probability >= threshold:
            found.append(Candidate(left, right, probability, _reasons(row, levels)))
    return sorted(found, key=lambda c: (-c.probability, c.left, c.right))


def scored_candidates(
    table: Any,
    model: Model,
    *,
    threshold: float,
    labels: Sequence[LabelledPair] = (),
    backend: str = "duckdb",
    progress: Progress = lambda _: None,
    **backend_options: object,
) -> Review:
    """Fit ``model`` to ``table`` (an Arrow table), train it (unsupervised, then m from the
    labelled matches) and return the candidate pairs at or above ``threshold`` with their
    reasons, and the run's summary."""
    quiet_splink()
    fitted = fit(model, table)
    notes = list(fitted.notes)
    db_api = database_api(backend, **backend_options)
    linker = trained_linker(fitted.table, fitted.model, db_api, progress, notes=notes)
    if train_m_from_labels(linker, db_api, labels):
        progress("training: m from reviewed pairs")
    settings = bounded(linker.misc.save_model_to_json(), fitted.model.disagreeing)
    # gamma (the level) comes with the matching columns, the weights with the intermediate ones.
    settings["retain_intermediate_calculation_columns"] = settings["retain_matching_columns"] = True
    explaining = Linker(db_api.register(fitted.table), settings, log_level=logging.ERROR)
    capped_tf(explaining, fitted.table, db_api)
    progress("scoring candidate pairs")
    nearest = Nearest(threshold)
    found = _candidates(explaining, threshold, fitted.model.disagreeing, nearest)
    summary = summary_of(
        settings, columns=fitted.columns, notes=notes, threshold=threshold, nearest=nearest
    )
    return Review(found, summary)


def person_candidates(
    records: Sequence[PersonRecord],
    *,
    threshold: float = REVIEW_THRESHOLD,
    labels: Sequence[LabelledPair] = (),
    codes: PlaceCodes | None = None,
    **options: Any,
) -> Review:
    """Candidate pairs of person records for review (fewer than two records: none)."""
    if len(records) < 2:
        return Review([], None)
    table = person_table(records, codes)
    return scored_candidates(table, person_model(), threshold=threshold, labels=labels, **options)


def incident_candidates(
    records: Sequence[IncidentRecord],
    *,
    threshold: float = REVIEW_THRESHOLD,
    labels: Sequence[LabelledPair] = (),
    codes: PlaceCodes | None = None,
    **options: Any,
) -> Review:
    """Candidate pairs of incident records for review (fewer than two records: none)."""
    if len(records) < 2:
        return Review([], None)
    table = incident_table(records, codes)
    return scored_candidates(table, incident_model(), threshold=threshold, labels=labels, **options)
