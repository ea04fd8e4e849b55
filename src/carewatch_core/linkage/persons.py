"""Person linkage: which records of several lists are the same person.

Compared: the four name parts (exact part key with term-frequency adjustment, so that
two Muhammads count less than two Muayyads; then phonetic key; then Jaro-Winkler), sex,
year of birth (from age and date of death, with tolerance), date of death (same day,
within 3 days, within a month), place (same sub-district, same governorate), profession
and facility. Candidate pairs come from several blocking rules, each leaving out one of
the things a source may get wrong or leave out, so that a pair missed by one rule is
found by another. Training is unsupervised (EM); see docs/linkage.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from carewatch_core.linkage.clustering import cluster_scores
from carewatch_core.linkage.engine import (
    Model,
    Progress,
    database_api,
    predicted_scores,
    table_of,
    trained_linker,
)
from carewatch_core.linkage.features import person_columns
from carewatch_core.linkage.groups import group_scorer
from carewatch_core.linkage.records import PersonRecord
from carewatch_core.linkage.result import LinkResult

#: Match probability at which two records are taken to be one person.
THRESHOLD = 0.9
#: Share of true pairs that agree on same name key and date of death (the rule the prior is estimated
#: from), as measured on the generator's lists (carewatch_core.synth); real lists,
#: noisier, agree less often, which makes the estimated prior (and scores) higher.
PRIOR_RECALL = 0.2


#: m of "the given names differ" (beyond phonetic and Jaro-Winkler closeness), fixed
#: rather than trained: brothers and sisters killed together share every other field, and
#: EM, which assumes fields independent, learns too mild a penalty from them.
GIVEN_NAMES_DIFFER_M = 0.0005


def _name_part(part: str, tf: bool, differ_m: float | None = None) -> ComparisonCreator:
    differ: ComparisonLevelCreator = cll.ElseLevel()
    if differ_m is not None:
        differ = differ.configure(m_probability=differ_m, fix_m_probability=True)
    return cl.CustomComparison(
        output_column_name=part,
        comparison_levels=[
            cll.NullLevel(part),
            cll.ExactMatchLevel(part, term_frequency_adjustments=tf),
            cll.ExactMatchLevel(f"{part}_ph"),
            cll.JaroWinklerLevel(part, 0.88),
            differ,
        ],
    )


def _place() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("adm1"),
            cll.ExactMatchLevel("adm3"),
            cll.ExactMatchLevel("adm1"),
            cll.ElseLevel(),
        ],
    )


#: m of "age or date of death far apart" (beyond 5 years, beyond 31 days), fixed rather than
#: trained: EM learns these from pairs blocked on the name, where namesakes (same full name, same
#: governorate, another age and day) outnumber true matches, and it took about half of all matches
#: to disagree on both (m 0.49 and 0.55 on 228,054 generated records; the generator never puts a
#: person's records more than 2 years or 3 days apart). Real lists do mistype an age or give a
#: burial date: one match in a hundred is allowed to.
FAR_APART_M = 0.01


def _far_apart() -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(m_probability=FAR_APART_M, fix_m_probability=True)


def _graded(column: str, between: Sequence[ComparisonLevelCreator]) -> ComparisonCreator:
    """Missing, equal, each of ``between`` (closest first), far apart."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            *between,
            _far_apart(),
        ],
    )


def _numbers(column: str, thresholds: Sequence[int]) -> ComparisonCreator:
    return _graded(
        column, [cll.AbsoluteDifferenceLevel(column, threshold) for threshold in thresholds]
    )


def _days(column: str, thresholds: Sequence[int]) -> ComparisonCreator:
    return _graded(
        column,
        [
            cll.AbsoluteDateDifferenceLevel(
                column, input_is_string=False, threshold=days, metric="day"
            )
            for days in thresholds
        ],
    )


def person_model() -> Model:
    """The comparisons, blocking rules and training plan of person linkage."""
    return Model(
        comparisons=[
            _name_part("given", True, GIVEN_NAMES_DIFFER_M),
            _name_part("father", True),
            _name_part("grandfather", False),
            _name_part("family", True),
            cl.ExactMatch("sex"),
            _numbers("age", (2, 5)),
            _days("dod", (3, 31)),
            _place(),
            cl.ExactMatch("profession"),
            cl.ExactMatch("facility"),
        ],
        blocking=[
            block_on("given_ph", "father_ph", "family_ph"),
            *(
                rule
                for month in ("dod_month", "dod_month_shifted")
                for rule in (
                    block_on("given_ph", "family_ph", month),
                    block_on("father_ph", "family_ph", month),
                    block_on("given_ph", "father_ph", month),
                )
            ),
            block_on("given_ph", "family_ph", "adm3"),
            block_on("given_ph", "dod"),
            block_on("family_ph", "dod"),
            block_on("given_ph", "family_ph", "age_band"),
            block_on("given_ph", "family_ph", "age_band_shifted"),
        ],
        training_blocks=[
            [block_on("dod", "age"), block_on("dod_month", "age")],
            [block_on("name_key", "adm1"), block_on("name_key")],
        ],
        prior_rules=[block_on("name_key", "dod")],
        prior_recall=PRIOR_RECALL,
    )


def link_persons(
    records: Sequence[PersonRecord],
    *,
    backend: str = "duckdb",
    threshold: float = THRESHOLD,
    progress: Progress = lambda _: None,
    trained: dict[str, Any] | None = None,
    **backend_options: object,
) -> LinkResult:
    """Cluster person records; ``backend`` is "duckdb" or "spark" (``spark=session``);
    ``trained`` scores with an earlier run's model (``LinkResult.model``) instead of training."""
    progress("preparing names, dates and places")
    table = table_of(records, person_columns)
    db_api = database_api(backend, **backend_options)
    linker = trained_linker(table, person_model(), db_api, progress, trained)
    progress("scoring candidate pairs")
    ids = {record.record_id: record.record_id for record in records}
    scores = predicted_scores(linker, threshold, ids)
    candidate_pairs = len(scores)
    progress("clustering")
    clusters, best = cluster_scores(scores, threshold, group_scorer(linker, db_api, table, ids))
    model_json = linker.misc.save_model_to_json()
    return LinkResult.from_clusters(ids, clusters, best, candidate_pairs, model_json)
