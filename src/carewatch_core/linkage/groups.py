"""Scoring every pair inside candidate groups with a trained linker (for clustering)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from splink import Linker, block_on
from splink.internals.database_api import DatabaseAPISubClass

from carewatch_core.linkage.clustering import Pair, ScoreAll
from carewatch_core.linkage.engine import frame_pairs

#: Candidate groups scored together.
GROUP_CHUNK = 40_000


def group_scorer(
    linker: Linker, db_api: DatabaseAPISubClass, table: Any, ids: Mapping[str, str] | None = None
) -> ScoreAll:
    """A function that scores all pairs within each of the given groups of record ids
    (``table``: the Arrow table the linker was built on; ``ids``: see ``engine.frame_pairs``)."""

    def score_all(groups: Sequence[Sequence[str]]) -> Iterable[Pair]:
        # A chunk of groups at a time: the records of all of a million records' groups, copied
        # into one table for the database, were the linkage's peak of memory.
        for start in range(0, len(groups), GROUP_CHUNK):
            yield from _score_chunk(groups[start : start + GROUP_CHUNK])

    def _score_chunk(groups: Sequence[Sequence[str]]) -> Iterable[Pair]:
        group_of = {member: index for index, group in enumerate(groups) for member in group}
        wanted = pc.is_in(table["unique_id"], value_set=pa.array(list(group_of)))
        subset = table.filter(wanted)
        groups_column = [group_of[record_id] for record_id in subset["unique_id"].to_pylist()]
        registered = db_api.register(
            subset.append_column("candidate_group", pa.array(groups_column))
        )
        del group_of, subset, groups_column
        frame = linker.inference.predict_within(
            registered, blocking_rules_to_generate_predictions=[block_on("candidate_group")]
        )
        return frame_pairs(frame, ids)

    return score_all
