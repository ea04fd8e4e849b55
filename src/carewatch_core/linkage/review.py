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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from splink import Linker
from splink.internals.database_api import DatabaseAPISubClass

from carewatch_core.linkage.engine import (
    TRAINING_SAMPLE,
    Model,
    Progress,
    as_table,
    database_api,
    quiet_splink,
    trained_linker,
)
from carewatch_core.linkage.features import Columns, incident_columns, person_columns
from carewatch_core.linkage.incidents import DISAGREEING_LEVELS, incident_model
from carewatch_core.linkage.persons import person_model
from carewatch_core.linkage.records import IncidentRecord, PersonRecord
from carewatch_core.linkage.training import floored, tolerant_linker

#: Pairs at or above this match probability go to the review queue by default: lower than the
#: clustering thresholds (persons 0.9, incidents 0.5), since the borderline pairs are the
#: reviewer's work.
REVIEW_THRESHOLD = 0.3


@dataclass(frozen=True)
class Reason:
    """How one comparison came out: ``field`` (Splink's output column name), ``level``
    (its label), ``weight`` (log2 Bayes factor, ``None`` when a value is missing), ``last``
    (the comparison's last level, "All other comparisons": the values differ)."""

    field: str
    level: str
    weight: float | None
    last: bool = False

    @property
    def verdict(self) -> str:
        """ "agree", "disagree" or "missing": what the level says of the two values, whatever
        weight training gave it (on a small database EM can learn that a different sex counts a
        little for a match, or term frequencies that the same common facility name counts a little
        against; the weight shows that, the verdict does not)."""
        if self.weight is None:
            return "missing"
        return "disagree" if self.last or self.level in DISAGREEING_LEVELS else "agree"


@dataclass(frozen=True)
class Candidate:
    """Two record ids (``left`` < ``right``), their match probability and the reasons."""

    left: str
    right: str
    probability: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class LabelledPair:
    """A reviewer's decision on two record ids: ``match`` True (same) or False (not the same)."""

    left: str
    right: str
    match: bool


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


def _level_labels(settings: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Each comparison's levels by comparison vector value (-1 for the null level, then
    from the highest value down, as Splink numbers them)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        by_value = {
            len(non_null) - 1 - index: level["label_for_charts"]
            for index, level in enumerate(non_null)
        }
        by_value[-1] = next(
            (level["label_for_charts"] for level in levels if level.get("is_null_level")), "null"
        )
        labels[comparison["output_column_name"]] = by_value
    return labels


def _weight(row: dict[str, Any], field: str) -> float | None:
    """The comparison's match weight with its term-frequency adjustment (``None`` for a null level)."""
    weight = row.get(f"mw_{field}")
    if weight is None or row.get(f"gamma_{field}") == -1:
        return None
    adjustment = row.get(f"mw_tf_adj_{field}") or 0.0
    total = float(weight) + float(adjustment)
    return round(total, 3) if math.isfinite(total) else (-99.0 if total < 0 else 99.0)


def _reasons(row: dict[str, Any], labels: dict[str, dict[int, str]]) -> tuple[Reason, ...]:
    return tuple(
        Reason(
            field,
            levels.get(int(row[f"gamma_{field}"]), ""),
            _weight(row, field),
            int(row[f"gamma_{field}"]) == 0,
        )
        for field, levels in labels.items()
    )


def _candidates(linker: Linker, threshold: float) -> list[Candidate]:
    settings = linker.misc.save_model_to_json()
    labels = _level_labels(settings)
    frame = linker.inference.predict(threshold_match_probability=threshold)
    rows = frame.as_record_list()
    frame.drop_table_from_database_and_remove_from_cache()
    found = []
    for row in rows:
        left, right = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
        found.append(Candidate(left, right, float(row["match_probability"]), _reasons(row, labels)))
    return sorted(found, key=lambda c: (-c.probability, c.left, c.right))


def scored_candidates(
    columns: Any,
    model: Model,
    *,
    threshold: float,
    labels: Sequence[LabelledPair] = (),
    backend: str = "duckdb",
    progress: Progress = lambda _: None,
    **backend_options: object,
) -> list[Candidate]:
    """Train ``model`` on ``columns`` (unsupervised, then m from the labelled matches) and
    return the candidate pairs at or above ``threshold`` with their reasons."""
    quiet_splink()
    table = as_table(columns)
    db_api = database_api(backend, **backend_options)
    # A database's tables are small: training there must survive sessions that find no pair.
    train = trained_linker if table.num_rows >= TRAINING_SAMPLE else tolerant_linker
    linker = train(table, model, db_api, progress)
    if train_m_from_labels(linker, db_api, labels):
        progress("training: m from reviewed pairs")
    settings = floored(linker.misc.save_model_to_json())
    # gamma (the level) comes with the matching columns, the weights with the intermediate ones.
    settings["retain_intermediate_calculation_columns"] = settings["retain_matching_columns"] = True
    explaining = Linker(db_api.register(table), settings, log_level=logging.ERROR)
    progress("scoring candidate pairs")
    return _candidates(explaining, threshold)


#: Known place codes of records: record id → (governorate p-code, sub-district p-code or "").
PlaceCodes = Mapping[str, tuple[str, str]]


def with_place_codes(columns: Columns, codes: PlaceCodes | None) -> Columns:
    """Replace the place codes found from place names by ones already known (a database keeps
    the gazetteer place itself, which a name may not give back: "Idleb" is three places)."""
    if codes:
        for index, record_id in enumerate(columns["unique_id"]):
            if record_id in codes:
                adm1, adm3 = codes[record_id]
                columns["adm1"][index], columns["adm3"][index] = adm1 or None, adm3 or None
    return columns


def person_candidates(
    records: Sequence[PersonRecord],
    *,
    threshold: float = REVIEW_THRESHOLD,
    labels: Sequence[LabelledPair] = (),
    codes: PlaceCodes | None = None,
    **options: Any,
) -> list[Candidate]:
    """Candidate pairs of person records for review (fewer than two records: none)."""
    if len(records) < 2:
        return []
    columns = with_place_codes(person_columns(records), codes)
    return scored_candidates(columns, person_model(), threshold=threshold, labels=labels, **options)


def incident_candidates(
    records: Sequence[IncidentRecord],
    *,
    threshold: float = REVIEW_THRESHOLD,
    labels: Sequence[LabelledPair] = (),
    codes: PlaceCodes | None = None,
    **options: Any,
) -> list[Candidate]:
    """Candidate pairs of incident records for review (fewer than two records: none)."""
    if len(records) < 2:
        return []
    columns = with_place_codes(incident_columns(records), codes)
    return scored_candidates(
        columns, incident_model(), threshold=threshold, labels=labels, **options
    )
