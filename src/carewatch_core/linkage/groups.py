"""Scoring every pair inside candidate groups with a trained linker (for clustering)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyarrow as pa  # type: ignore[import-untyped]
from splink import Linker, block_on
from splink.internals.database_api import DatabaseAPISubClass

from carewatch_core.linkage.clustering import Pair, ScoreAll
from carewatch_core.linkage.features import Columns


def group_scorer(linker: Linker, db_api: DatabaseAPISubClass, columns: Columns) -> ScoreAll:
    """A function that scores all pairs within each of the given groups of record ids."""

    def score_all(groups: Sequence[Sequence[str]]) -> Iterable[Pair]:
        group_of = {member: index for index, group in enumerate(groups) for member in group}
        rows = [index for index, record_id in enumerate(columns["unique_id"]) if record_id in group_of]
        subset = {name: [values[row] for row in rows] for name, values in columns.items()}
        subset["candidate_group"] = [group_of[record_id] for record_id in subset["unique_id"]]
        table = db_api.register(pa.table(subset))
        frame = linker.inference.predict_within(
            table, blocking_rules_to_generate_predictions=[block_on("candidate_group")]
        )
        result = frame.as_dict()
        frame.drop_table_from_database_and_remove_from_cache()
        return zip(result["unique_id_l"], result["unique_id_r"], result["match_probability"],
                   strict=True)  # fmt: skip

    return score_all
