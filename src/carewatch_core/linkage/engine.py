"""Running a Splink model on a backend: register, train, predict, score within groups.

The backend is a parameter: ``"duckdb"`` (embedded, the default) or ``"spark"`` (pass
``spark=`` a ``SparkSession``); the comparisons and blocking rules are the same SQL for
both, built from Splink's dialect-aware libraries.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]
from splink import DuckDBAPI, Linker
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.splink_dataframe import SplinkDataFrame

from carewatch_core.linkage.clustering import Across, pair_key
from carewatch_core.linkage.features import Columns
from carewatch_core.linkage.summary import Nearest

Progress = Callable[[str], None]
Pair = tuple[str, str, float]


#: DuckDB's memory limit by default: it spills to temporary files beyond it, which keeps a
#: million-record linkage under the 2 GiB the whole process may use (docs/performance.md; at
#: 704MB the process peaked at 2.00 GiB, at 640MB 1.97: docs/linkage.md, 7 December 2026).
DUCKDB_MEMORY_LIMIT = "640MB"


def database_api(backend: str = "duckdb", **options: Any) -> DatabaseAPISubClass:
    """The Splink database API of a backend: "duckdb" (``memory_limit=`` e.g. "4GB") or
    "spark" (``spark=session``, other options to ``linkage.spark.spark_api``)."""
    if backend == "duckdb":
        limit = str(options.get("memory_limit", DUCKDB_MEMORY_LIMIT))
        return DuckDBAPI(connection=duckdb.connect(config={"memory_limit": limit}))
    if backend == "spark":
        from carewatch_core.linkage.spark import spark_api

        session = options.pop("spark", None)
        if session is None:
            raise ValueError("the spark backend needs spark=<a SparkSession>")
        return spark_api(session, **options)
    raise ValueError(f"unknown linkage backend {backend!r} (use duckdb or spark)")


def quiet_splink() -> None:
    """Splink logs every training step, and warns of every level EM saw no example of
    (common on small files); keep errors only."""
    logging.getLogger("splink").setLevel(logging.ERROR)


#: Records trained on: EM learns m from a sample as well as from everything, in less time.
TRAINING_SAMPLE = 150_000


def as_table(columns: Columns | Any) -> Any:
    """Columns as an Arrow table (an Arrow table is returned as it is)."""
    return pa.table(columns) if isinstance(columns, dict) else columns


def _sample(table: Any, size: int) -> Any:
    """Every k-th row: a deterministic, evenly spread sample of about ``size`` rows."""
    step = max(1, table.num_rows // size)
    return table.take(pa.array(range(0, table.num_rows, step))) if step > 1 else table


#: Size of table on which a threshold means what it says (see ``_as_on_reference``).
REFERENCE_RECORDS = 50_000


def _as_on_reference(settings: dict[str, Any], records: int) -> dict[str, Any]:
    """The prior of a table of more than ``REFERENCE_RECORDS`` records, scaled up to what it is
    on a table of that size.

    The prior (the chance that two records picked at random match) falls as 1/n: each record has
    about as many other records of itself whatever the table's size, while the pairs grow as n².
    With the estimated prior a threshold is stricter the larger the table: on generated person
    lists at 0.9, precision 0.9875 and recall 0.961 at 45,960 records, 0.9939 and 0.878 at 991,084
    (docs/linkage.md). Scaled, the prior is the same for every table of at least
    ``REFERENCE_RECORDS`` records, so a record's score against another weighs the evidence as it
    would among that many records, and tables smaller than that are scored as estimated. (A
    systematic sample, every k-th record, keeps the full table's prior: matched pairs and all
    pairs both shrink by k², so the sampled training estimates the full table's.) Applied only to a
    model that compares a date (``Model.dated_by``): without one, a record's look-alikes grow with
    the table, and the estimated prior is the one that weighs them (``training.trained_settings``)."""
    if records > REFERENCE_RECORDS:
        prior = (
            float(settings["probability_two_random_records_match"]) * records / REFERENCE_RECORDS
        )
        settings["probability_two_random_records_match"] = min(prior, 0.5)
    return settings


def with_parameters(settings: dict[str, Any], trained: Mapping[str, Any]) -> dict[str, Any]:
    """``settings`` (a model in this backend's SQL dialect) with the prior and each level's m and
    u from ``trained`` (the same model, trained, perhaps in another dialect: Splink refuses a
    model saved in one dialect on another backend, so the parameters move, not the SQL).
    Comparisons are matched by name; each of ``settings`` must be in ``trained``."""
    result = copy.deepcopy(settings)
    result["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    learnt_by_name = {c["output_column_name"]: c for c in trained["comparisons"]}
    for comparison in result["comparisons"]:
        learnt = learnt_by_name.get(comparison["output_column_name"])
        if learnt is None:
            raise ValueError(
                f"the trained model is another model (it has no {comparison['output_column_name']})"
            )
        levels = zip(comparison["comparison_levels"], learnt["comparison_levels"], strict=True)
        for level, learnt_level in levels:
            for key in ("m_probability", "u_probability"):
                if key in learnt_level:
                    level[key] = learnt_level[key]
    return result


def predicted_scores(
    linker: Linker,
    threshold: float,
    ids: Mapping[str, str] | None = None,
    nearest: Nearest | None = None,
    across: Across | None = None,
) -> dict[tuple[str, str], float]:
    """Scored candidate pairs at or above ``threshold``, keyed by ``clustering.pair_key``: read in
    chunks straight into the dictionary clustering uses, so that a million records' pairs are
    never held twice (as lists of every column, as tuples and as the dictionary). ``ids``: see
    ``frame_pairs``. With ``nearest``, pairs down to ``NEAR_BITS`` below the threshold are read
    as well and offered to it (the pairs nearest the threshold, for the run's summary). With
    ``across``, a pair of records in two scripts is kept from ``across.threshold``."""
    floor = threshold if nearest is None else _below(threshold, NEAR_BITS)
    if across is not None:
        floor = min(floor, across.threshold)
    frame = linker.inference.predict(threshold_match_probability=floor)
    scores = {}
    for left, right, p in frame_pairs(frame, ids):
        if nearest is not None and p >= _below(threshold, NEAR_BITS):
            nearest.offer(left, right, p)
        if p >= threshold or (across is not None and across.linked(left, right, p, threshold)):
            scores[pair_key(left, right)] = p
    return scores


#: How far below the threshold (in match weight) the summary's nearest pairs are looked for.
NEAR_BITS = 3.0


def _below(probability: float, bits: float) -> float:
    """The probability ``bits`` of match weight below ``probability``."""
    odds = probability / (1 - probability) if probability < 1 else 1e12
    lowered = odds / 2**bits
    return lowered / (1 + lowered)


#: Pairs read from the database at a time.
PAIRS_CHUNK = 100_000


def frame_pairs(frame: SplinkDataFrame, ids: Mapping[str, str] | None = None) -> Iterator[Pair]:
    """(left id, right id, match probability) of a frame of predictions, read in chunks; the
    frame is dropped from the database once read. With ``ids`` (each record id mapped to itself,
    the records' own strings), the pairs hold those strings rather than a new copy of both ids
    each: millions of pairs, tens of bytes an id."""
    try:
        if not isinstance(frame.db_api, DuckDBAPI):
            table = frame.as_dict()
            yield from zip(
                table["unique_id_l"], table["unique_id_r"], table["match_probability"], strict=True
            )
            return
        # A cursor of the linker's own connection (Arrow batches would go through Arrow's memory
        # pool, which keeps what it freed).
        cursor = frame.db_api.duckdb_con.cursor()
        cursor.execute(
            # Splink's own table name.
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {frame.physical_name}"  # noqa: S608  # nosec B608
        )
        while chunk := cursor.fetchmany(PAIRS_CHUNK):
            yield from (
                chunk if ids is None else ((ids[left], ids[right], p) for left, right, p in chunk)
            )
        cursor.close()
    finally:
        frame.drop_table_from_database_and_remove_from_cache()


def predicted_pairs(linker: Linker, threshold: float) -> list[Pair]:
    """Scored candidate pairs at or above ``threshold`` match probability."""
    return list(frame_pairs(linker.inference.predict(threshold_match_probability=threshold)))
