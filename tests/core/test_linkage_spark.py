"""The linkers on Splink's Spark backend (a local session) link as they do on DuckDB.

Needs pyspark (a development dependency) and Java 17 or later: skipped with the reason when missing
outside CI, failed under CI=true. It takes one and a half to three minutes of a 2-core machine
(mostly Spark's fixed cost per query), so outside CI it runs only when asked for with
``CAREWATCH_SPARK_TESTS=1``; `.ci/run` runs it beside the other steps. Each list is linked once per
backend; the lists are small because Spark's cost on one machine is mostly a cost per query (EM and
u sampling run dozens; docs/linkage.md gives the times); the two Spark linkages run at the same
time.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from tests.conftest import IN_CI, needs

from carewatch_core.linkage.engine import database_api
from carewatch_core.linkage.incidents import link_incidents
from carewatch_core.linkage.persons import link_persons
from carewatch_core.linkage.result import LinkResult, PairwiseAccuracy, pairwise_accuracy
from carewatch_core.synth import generate_incident_lists, generate_person_lists


def _java_major() -> int | None:
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        return None
    output = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    found = re.search(r'version "(\d+)', output)
    return int(found.group(1)) if found else None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if not IN_CI and os.environ.get("CAREWATCH_SPARK_TESTS") != "1":
        pytest.skip(
            "Linkage on Spark takes minutes: it runs in CI, or with CAREWATCH_SPARK_TESTS=1"
        )
    if importlib.util.find_spec("pyspark") is None:
        needs("pyspark", "Linkage on Spark (pyspark, `uv sync` installs it)")
    if (_java_major() or 0) < 17:
        needs("java 17 or later", "Linkage on Spark (a Java runtime, JAVA_HOME or java on PATH)")
    from carewatch_core.linkage.spark import local_session

    session = local_session()
    yield session
    session.stop()
    # py4j closes its connections when they are collected, at interpreter exit, and says so at
    # INFO level to a log stream pytest has closed by then ("--- Logging error ---").
    logging.getLogger("py4j").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Run:
    """One list linked on both backends."""

    truth: dict[str, str]
    duckdb: LinkResult
    spark: LinkResult
    seconds: dict[str, float]

    def accuracy(self, backend: str) -> PairwiseAccuracy:
        return pairwise_accuracy(getattr(self, backend).cluster_of, self.truth)

    def agreement(self) -> PairwiseAccuracy:
        """Spark's linked pairs measured against DuckDB's (precision: share of Spark's pairs
        that DuckDB links too; recall: share of DuckDB's that Spark finds)."""
        return pairwise_accuracy(self.spark.cluster_of, self.duckdb.cluster_of)

    def report(self, kind: str, records: int) -> str:
        lines = [f"{kind}: {records} records"]
        for backend in ("duckdb", "spark"):
            a = self.accuracy(backend)
            lines.append(
                f"  {backend:6} {self.seconds[backend]:6.1f} s  precision {a.precision:.4f}"
                f"  recall {a.recall:.4f}"
            )
        agree = self.agreement()
        lines.append(
            f"  agreement: {agree.true_positives} linked pairs in common, "
            f"{agree.predicted_pairs} on Spark, {agree.true_pairs} on DuckDB"
        )
        return "\n".join(lines)


def _timed(
    link: Callable[..., LinkResult], records: Sequence[Any], **options: Any
) -> tuple[LinkResult, float]:
    start = time.perf_counter()
    result = link(records, **options)
    return result, time.perf_counter() - start


@pytest.fixture(scope="module")
def runs(spark: Any) -> dict[str, Run]:
    """Both lists on DuckDB one after the other, then on Spark both at once: two jobs on one
    Spark context, as a server's would be (each linker has its own session, so their tables,
    which Splink names alike, do not mix); it also halves the wait.

    Incidents are trained on Spark as well (prior, u sampling, expectation maximisation: every
    training query on this backend). Persons are scored on Spark with the model trained on DuckDB
    (``trained=``): the same parameters, so the same pairs must score the same; training them
    on Spark again would cost a minute of a 2-core machine and test no other SQL."""
    lists = {
        "persons": (link_persons, *generate_person_lists(300, 3, seed=21)),
        "incidents": (link_incidents, *generate_incident_lists(200, 3, seed=22)),
    }
    on_duckdb = {kind: _timed(link, records) for kind, (link, records, _) in lists.items()}
    trained = {"persons": {"trained": on_duckdb["persons"][0].model}, "incidents": {}}
    with ThreadPoolExecutor(len(lists)) as pool:
        jobs = {
            kind: pool.submit(_timed, link, records, backend="spark", spark=spark, **trained[kind])
            for kind, (link, records, _) in lists.items()
        }
        on_spark = {kind: job.result() for kind, job in jobs.items()}
    result = {}
    for kind, (_, records, truth) in lists.items():
        seconds = {"duckdb": on_duckdb[kind][1], "spark": on_spark[kind][1]}
        result[kind] = Run(truth, on_duckdb[kind][0], on_spark[kind][0], seconds)
        print("\n" + result[kind].report(kind, len(records)))
    return result


@pytest.fixture
def persons(runs: dict[str, Run]) -> Run:
    return runs["persons"]


@pytest.fixture
def incidents(runs: dict[str, Run]) -> Run:
    return runs["incidents"]


def test_person_linkage_on_spark_is_as_accurate_as_on_duckdb(persons: Run) -> None:
    for backend in ("duckdb", "spark"):
        accuracy = persons.accuracy(backend)
        assert accuracy.precision >= 0.95, backend
        assert accuracy.recall >= 0.9, backend


def test_person_linkage_on_spark_with_duckdb_s_model_gives_the_same_clusters_and_scores(
    persons: Run,
) -> None:
    agreement = persons.agreement()
    assert agreement.precision == 1.0 and agreement.recall == 1.0
    assert persons.spark.score.keys() == persons.duckdb.score.keys()
    for record, score in persons.duckdb.score.items():
        assert persons.spark.score[record] == pytest.approx(score, abs=1e-9), record


def test_a_model_trained_for_another_model_is_refused(persons: Run) -> None:
    from carewatch_core.linkage.engine import with_parameters

    with pytest.raises(ValueError, match="another model"):
        with_parameters(persons.duckdb.model, _renamed(persons.duckdb.model))


def _renamed(model: dict[str, Any]) -> dict[str, Any]:
    import copy

    other = copy.deepcopy(model)
    other["comparisons"][0]["output_column_name"] = "something_else"
    return other


def test_incident_linkage_on_spark_is_as_accurate_as_on_duckdb(incidents: Run) -> None:
    for backend in ("duckdb", "spark"):
        accuracy = incidents.accuracy(backend)
        assert accuracy.precision >= 0.93, backend
        assert accuracy.recall >= 0.93, backend


def test_incident_linkage_on_spark_links_the_pairs_duckdb_links(incidents: Run) -> None:
    """Incident comparisons are partly written in DuckDB's SQL (date windows, a missing
    governorate); on Spark they are translated, not read as string literals."""
    agreement = incidents.agreement()
    assert agreement.precision >= 0.98 and agreement.recall >= 0.98


def test_every_record_gets_a_cluster_and_clustered_records_a_score_on_spark(persons: Run) -> None:
    result = persons.spark
    assert set(result.cluster_of) == set(persons.truth)
    sizes = Counter(result.cluster_of.values())
    clustered = {record for record, name in result.cluster_of.items() if sizes[name] > 1}
    assert set(result.score) == clustered
    assert all(0 < score <= 1 for score in result.score.values())


def test_the_spark_backend_without_a_session_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="spark backend needs spark="):
        database_api("spark")
