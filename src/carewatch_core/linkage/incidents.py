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
from splink.internals.comparison_creator import ComparisonCreator

from carewatch_core.linkage.engine import Progress
from carewatch_core.linkage.features import incident_table
from carewatch_core.linkage.model import Feature, Model, Prior
from carewatch_core.linkage.records import IncidentRecord
from carewatch_core.linkage.result import LinkResult
from carewatch_core.linkage.run import link_table

THRESHOLD = 0.5
#: Share of true pairs that agree on the facility, sub-district and day among those where both
#: reports give all three (the rule the prior is estimated from), as measured on the generator's
#: lists (carewatch_core.synth); real lists, noisier, agree less often, which makes the estimated
#: prior (and scores) higher. Without a facility: the same for sub-district and day.
PRIOR_RECALL = 0.61
PLACE_DAY_RECALL = 0.63
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
    """The comparisons, blocking rules and training plan of incident linkage (``plan.fit``
    keeps those whose columns a list fills)."""
    return Model(
        comparisons=[
            Feature(_when(), ("day_start",), ("day_end", "exact_day")),
            Feature(_where(), ("adm1",), ("adm3", "lat", "lon")),
            Feature(_facility(), ("facility",), ("facility_kind",)),
            Feature(_types(), ("attack_types",)),
            Feature(_count("killed"), ("killed",)),
            Feature(_count("injured"), ("injured",)),
        ],
        blocking=[
            ("adm3", "month"),
            ("facility", "adm1", "year"),
            ("adm1", "day_start"),
            ("adm1", "week"),
        ],
        fallback_blocking=[("day_start",), ("facility", "year"), ("adm3", "year")],
        training_blocks=[
            [("adm3", "day_start"), ("adm1", "day_start"), ("day_start",)],
            [("facility", "exact_day"), ("facility", "adm1", "month"), ("facility", "month")],
            [("facility", "adm3", "year"), ("facility", "adm1", "year"), ("adm3", "month")],
        ],
        catch_up=[("year",), ("adm1",)],
        priors=[
            Prior(("facility", "adm3", "exact_day"), PRIOR_RECALL),
            Prior(("adm3", "exact_day"), PLACE_DAY_RECALL),
        ],
        disagreeing=DISAGREEING_LEVELS,
        dated_by=("day_start",),
    )


def link_incidents(
    records: Sequence[IncidentRecord],
    *,
    backend: str = "duckdb",
    threshold: float = THRESHOLD,
    progress: Progress = lambda _: None,
    trained: dict[str, Any] | None = None,
    nearest: bool = False,
    model: Model | None = None,
    **backend_options: object,
) -> LinkResult:
    """Cluster incident records; ``backend`` is "duckdb" or "spark" (``spark=session``);
    ``model`` replaces ``incident_model()`` (e.g. with other blocking rules); ``trained`` scores
    with an earlier run's model (``LinkResult.model``) instead of training."""
    progress("preparing dates and places")
    return link_table(
        incident_table(records),
        model or incident_model(),
        backend=backend,
        threshold=threshold,
        threshold_across=None,  # incidents have no script
        progress=progress,
        trained=trained,
        nearest=nearest,
        **backend_options,
    )
