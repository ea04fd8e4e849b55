"""Scoring every pair inside candidate groups with a trained linker (for clustering)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from splink import Linker, block_on
from splink.internals.database_api import DatabaseAPISubClass

from carewatch_core.linkage.clustering import Pair, ScoreAll
from carewatch_core.linkage.engine import frame_pairs


def group_scorer(linker: Linker, db_api: DatabaseAPISubClass, table: Any) -> ScoreAll:
    """A function that scores all pairs within each of the given groups of record ids
    (``table``: the Arrow table the linker was built on)."""

    def score_all(groups: Sequence[Sequence[str]]) -> Iterable[Pair]:
        group_of = {member: index for index, group in enumerate(groups) for member in group}
        wanted = pc.is_in(table["unique_id"], value_set=pa.array(list(group_of)))
        subset = table.filter(wanted)
        groups_column = [group_of[record_id] for record_id in subset["unique_id"].to_pylist()]
        registered = db_api.register(subset.append_column("candidate_group", pa.array(groups_column)))
        frame = linker.inference.predict_within(
            registered, blocking_rules_to_generate_predictions=[block_on("candidate_group")]
        )
        return frame_pairs(frame)

    return score_all
