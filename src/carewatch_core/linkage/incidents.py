"""Incident linkage: which reports of several sources are the same attack.

Compared: when (the same day when both give the day; within a day; overlapping date
windows, a week- or month-precise date standing for the whole week or month; within a
week), where (within 2 km, same sub-district, within 10 km, same governorate), which
facility (name key, with term-frequency adjustment since "al-Rahma" is everywhere), attack
types (at least one in common) and casualty counts (equal, within 2). Candidate pairs:
same sub-district and month, same facility and governorate and year, same governorate and
day. Training is unsupervised (EM); see docs/linkage.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.internals.comparison_creator import ComparisonCreator

from carewatch_core.linkage.clustering import cluster_scores
from carewatch_core.linkage.engine import (
    Model,
    Progress,
    database_api,
    predicted_scores,
    table_of,
    trained_linker,
)
from carewatch_core.linkage.features import incident_columns
from carewatch_core.linkage.groups import group_scorer
from carewatch_core.linkage.records import IncidentRecord
from carewatch_core.linkage.result import LinkResult

THRESHOLD = 0.5
#: Share of true pairs that agree on same facility, sub-district and day (the rule the prior is estimated
#: from), as measured on the generator's lists (carewatch_core.synth); real lists,
#: noisier, agree less often, which makes the estimated prior (and scores) higher.
PRIOR_RECALL = 0.28
_KIND_DIFFERS = (
    '"facility_kind_l" <> "facility_kind_r"'  # both known (NULL otherwise) and different
)
_OVERLAP = '"day_start_l" <= "day_end_r" + {slack} AND "day_start_r" <= "day_end_l" + {slack}'


#: Levels at which the two values differ (though less than at the last level, "All other comparisons").
DIFFERENT_SUB_DISTRICTS = "different sub-districts"
ANOTHER_KIND = "another kind of facility"
DISAGREEING_LEVELS = frozenset({DIFFERENT_SUB_DISTRICTS, ANOTHER_KIND})


def _sql(condition: str, label: str | None = None) -> cll.CustomLevel:
    """A level written in DuckDB's SQL (double-quoted names), which Splink translates for
    other backends (on Spark, double quotes would make the names string literals)."""
    return cll.CustomLevel(condition, label, base_dialect_str="duckdb")


def _when() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="when",
        comparison_levels=[
            cll.NullLevel("day_start"),
            cll.ExactMatchLevel("exact_day"),
            _sql('abs("exact_day_l" - "exact_day_r") <= 1', "within a day"),
            _sql('abs("exact_day_l" - "exact_day_r") <= 3', "within three days"),
            _sql(_OVERLAP.format(slack=1), "date windows overlap"),
            _sql(_OVERLAP.format(slack=7), "within a week of each other"),
            cll.ElseLevel(),
        ],
    )


def _where() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="where",
        comparison_levels=[
            _sql('"adm1_l" IS NULL OR "adm1_r" IS NULL').configure(is_null_level=True),
            cll.DistanceInKMLevel("lat", "lon", 2),
            cll.ExactMatchLevel("adm3"),
            cll.DistanceInKMLevel("lat", "lon", 10),
            # Both name their sub-district and the two differ (and are not within 10 km).
            _sql('"adm3_l" <> "adm3_r"', DIFFERENT_SUB_DISTRICTS),
            cll.ExactMatchLevel("adm1"),
            cll.ElseLevel(),
        ],
    )


def _count(column: str) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.AbsoluteDifferenceLevel(column, 2),
            cll.ElseLevel(),
        ],
    )


def _facility() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="facility",
        comparison_levels=[
            cll.NullLevel("facility"),
            # Another kind of facility ("al-Sham Field Hospital", "al-Sham Health Centre") is
            # another facility, however alike the names: names repeat from town to town.
            _sql(_KIND_DIFFERS, ANOTHER_KIND),
            cll.ExactMatchLevel("facility", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("facility", 0.9),
            cll.ElseLevel(),
        ],
    )


def _types() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="attack_types",
        comparison_levels=[
            cll.NullLevel("attack_types"),
            cll.ArrayIntersectLevel("attack_types", 1),
            cll.ElseLevel(),
        ],
    )


def incident_model() -> Model:
    """The comparisons, blocking rules and training plan of incident linkage."""
    return Model(
        comparisons=[_when(), _where(), _facility(), _types(), _count("killed"), _count("injured")],
        blocking=[
            block_on("adm3", "month"),
            block_on("facility", "adm1", "year"),
            block_on("adm1", "day_start"),
            block_on("adm1", "week"),
        ],
        training_blocks=[
            [block_on("adm3", "day_start"), block_on("adm1", "day_start")],
            [block_on("facility", "exact_day"), block_on("facility", "adm1", "month")],
            [block_on("facility", "adm3", "year"), block_on("facility", "adm1", "year")],
        ],
        prior_rules=[block_on("facility", "adm3", "exact_day")],
        prior_recall=PRIOR_RECALL,
    )


def link_incidents(
    records: Sequence[IncidentRecord],
    *,
    backend: str = "duckdb",
    threshold: float = THRESHOLD,
    progress: Progress = lambda _: None,
    trained: dict[str, Any] | None = None,
    model: Model | None = None,
    **backend_options: object,
) -> LinkResult:
    """Cluster incident records; ``backend`` is "duckdb" or "spark" (``spark=session``);
    ``model`` replaces ``incident_model()`` (e.g. with other blocking rules); ``trained`` scores
    with an earlier run's model (``LinkResult.model``) instead of training."""
    progress("preparing dates and places")
    table = table_of(records, incident_columns)
    db_api = database_api(backend, **backend_options)
    linker = trained_linker(table, model or incident_model(), db_api, progress, trained)
    progress("scoring candidate pairs")
    ids = {record.record_id: record.record_id for record in records}
    scores = predicted_scores(linker, threshold, ids)
    candidate_pairs = len(scores)
    progress("clustering")
    clusters, best = cluster_scores(scores, threshold, group_scorer(linker, db_api, table, ids))
    model_json = linker.misc.save_model_to_json()
    return LinkResult.from_clusters(ids, clusters, best, candidate_pairs, model_json)
