"""Crash safety (issue 22): a process killed with SIGKILL half-way leaves the database consistent,
nothing half-written, and running it again completes the work with nothing done twice — the
linking of imported records to incidents, and the search for candidate pairs. (Imports, the job
queue's recovery of a killed worker, newsletters and backups have theirs: test_job_queue,
test_imports, test_newsletter, test_backup.)"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from tests.conftest import DemoTemplate, carewatch_command, instance_environment

COUNTS = """
import json
from django.db.models import Count, Q
from carewatch.incidents.models import Incident, IncidentRecord
from carewatch.linkage.models import MatchCandidate
records = IncidentRecord.objects.filter(report__kind="dataset_row")
pairs = MatchCandidate.objects.values("kind", "left_id", "right_id").annotate(n=Count("id"))
print(json.dumps({
    "records": records.count(),
    "unlinked": records.filter(incident__isnull=True).count(),
    "incidents_with_two_dataset_records": Incident.objects.annotate(
        n=Count("records", filter=Q(records__report__kind="dataset_row"))
    ).filter(n__gt=1).count(),
    "incidents": Incident.objects.count(),
    "pairs": MatchCandidate.objects.filter(kind="incident").count(),
    "duplicate_pairs": pairs.filter(n__gt=1).count(),
}))
"""


def run(data: Path, *args: str) -> str:
    done = subprocess.run(
        carewatch_command(*args),
        env=instance_environment(data),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"carewatch {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def counts(data: Path) -> dict[str, int]:
    return json.loads(run(data, "shell", "-c", COUNTS).strip().splitlines()[-1])


def killed(data: Path, *args: str, after: float = 0.0, incidents_over: int = 0) -> None:
    """Start ``carewatch ARGS`` and SIGKILL it after ``after`` seconds, or as soon as the database
    holds more than ``incidents_over`` incidents (read straight from its file, every 20 ms)."""
    process = subprocess.Popen(
        carewatch_command(*args),
        env=instance_environment(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + (after or 120)
    while time.monotonic() < deadline and process.poll() is None:
        if incidents_over and _incidents(data) > incidents_over:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the command ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _incidents(data: Path) -> int:
    with sqlite3.connect(data / "carewatch.sqlite3", timeout=30) as db:
        return int(db.execute("SELECT COUNT(*) FROM incidents_incident").fetchone()[0])


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate) -> dict[str, int]:
    """What an uninterrupted run leaves: the reference."""
    data = demo_template.copy(tmp_path_factory, "crash-reference")
    run(data, "link", "records", "incidents", "--quiet")
    run(data, "link", "candidates", "incidents", "--quiet")
    return counts(data)


def test_linking_records_killed_half_way_completes_once_when_run_again(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate, whole: dict[str, int]
) -> None:
    data = demo_template.copy(tmp_path_factory, "crash-records")
    before = counts(data)
    assert before["unlinked"] > 1000
    # Killed once some batches are in (each batch is one transaction), before the last.
    killed(data, "link", "records", "incidents", incidents_over=before["incidents"] + 300)
    half = counts(data)
    assert 0 < half["unlinked"] < before["unlinked"]
    # Whatever was linked got exactly one new incident each: none without its record.
    assert half["incidents"] - before["incidents"] == before["unlinked"] - half["unlinked"]
    run(data, "link", "records", "incidents", "--quiet")
    done = counts(data)
    assert done["unlinked"] == 0 and done["incidents"] == whole["incidents"]
    assert (
        done["incidents_with_two_dataset_records"] == before["incidents_with_two_dataset_records"]
    )


def test_the_pair_search_killed_half_way_leaves_the_queue_as_it_was_then_fills_it_once(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate, whole: dict[str, int]
) -> None:
    data = demo_template.copy(tmp_path_factory, "crash-pairs")
    run(data, "link", "records", "incidents", "--quiet")
    empty = counts(data)
    killed(data, "link", "candidates", "incidents", after=3.0)
    half = counts(data)
    assert half["pairs"] in (empty["pairs"], whole["pairs"])  # all or nothing
    run(data, "link", "candidates", "incidents", "--quiet")
    done = counts(data)
    assert done["pairs"] == whole["pairs"] > 0 and done["duplicate_pairs"] == 0
