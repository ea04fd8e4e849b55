"""Splink's Spark backend: the database API on a given session, and a local session.

The linkers build their comparisons and blocking rules from Splink's dialect-aware
libraries (and mark their own SQL as DuckDB's, which Splink translates), so the same model
runs here. What Spark needs besides: Splink's jar of string-similarity functions
(Jaro-Winkler is not built into Spark SQL), registered when the session starts. pyspark is
a development dependency (docs/decisions/0009-spark.md); this module imports it only when
called.
"""

from __future__ import annotations

from typing import Any

from splink.internals.database_api import DatabaseAPISubClass

#: How Splink cuts the lineage of its intermediate tables: "persist" keeps them in the
#: executors' memory (fast on one machine; Splink's own default, "parquet", writes each to
#: the checkpoint directory, which a cluster with millions of records may prefer).
BREAK_LINEAGE = "persist"


class SparkSetupError(RuntimeError):
    """The Spark session cannot run the linkers (e.g. Splink's jar is not on its classpath)."""


def similarity_jar() -> str:
    """The path of Splink's jar of similarity functions for the installed Spark."""
    from splink.backends.spark import similarity_jar_location

    return str(similarity_jar_location())


def spark_api(session: Any, **options: Any) -> DatabaseAPISubClass:
    """Splink's database API on a new session of ``session``'s Spark context (a
    ``SparkSession`` started with ``similarity_jar()`` in ``spark.jars``); ``options`` go to
    Splink's ``SparkAPI`` (e.g. ``break_lineage_method="parquet"``,
    ``num_partitions_on_repartition=``).

    A new session because Splink names its input tables ``__splink__input_table_0``, 1, …
    for each database API, and Spark's temporary views belong to a session: two linkages on
    one session at once (two jobs of a server) would read each other's records. Sessions
    share the context (its executors, jars and cache), not their views or SQL settings
    changed after the start."""
    from splink import SparkAPI

    own = session.newSession()
    options.setdefault("break_lineage_method", BREAK_LINEAGE)
    options.setdefault("num_partitions_on_repartition", _partitions(own))
    api = SparkAPI(spark_session=own, **options)  # type: ignore[no-untyped-call]
    if not own.catalog.functionExists("jaro_winkler"):
        raise SparkSetupError(
            "Splink's similarity functions are not registered in this Spark session: start it with "
            f"spark.jars={similarity_jar()} (carewatch_core.linkage.spark.local_session does)"
        )
    return api


def _partitions(session: Any) -> int:
    """As many partitions after blocking as shuffle partitions (Splink halves its default)."""
    return max(1, int(session.conf.get("spark.sql.shuffle.partitions", "200")))


#: A local session's settings. Splink runs dozens of small queries (an EM iteration is one), so
#: on one machine Spark's fixed cost per query is what counts, not throughput. Measured on 424
#: generated incident records, 2 cores kept busy by other work: 276 s with 4 shuffle partitions
#: and Spark's other defaults; 252 s without adaptive execution and whole-stage code generation
#: (each costs planning and a compilation per query, for no gain on small tables); 95 s when the
#: JVM keeps to its quick compiler as well (its optimising compiler kept both cores busy).
LOCAL_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData",
}


def local_session(cores: int = 2, memory: str = "1g", **settings: str) -> Any:
    """A ``SparkSession`` on this machine, ready for the linkers (tests, one-machine runs):
    as many shuffle partitions as cores (Spark's 200 are made for clusters), Splink's jar.

    ``settings`` add to or replace ``LOCAL_SETTINGS`` (dots as in Spark's names are not
    valid keywords: pass ``**{"spark.sql.shuffle.partitions": "8"}``)."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("carewatch-linkage")
        .config("spark.driver.memory", memory)
        .config("spark.jars", similarity_jar())
    )
    partitions = {
        "spark.sql.shuffle.partitions": str(cores),
        "spark.default.parallelism": str(cores),
    }
    for key, value in {**partitions, **LOCAL_SETTINGS, **settings}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
