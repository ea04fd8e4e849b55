"""The job queue (carewatch.lib.jobs): a job is a row that outlives every process; a worker runs
it; a job whose worker died is queued again and runs to its end exactly once — here with a real
``carewatch worker`` killed half-way through an import and started again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult
from tests.import_fixtures import csv_bytes, row, token_of, upload

from carewatch.audit.models import AuditEntry
from carewatch.imports.models import ImportRun
from carewatch.incidents.models import IncidentRecord
from carewatch.lib import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instance(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def a_job_claimed_by(worker: str) -> DBTaskResult[Any, Any]:
    from carewatch.imports.jobs import import_job

    result = import_job.enqueue(1, None, "token", "a.csv", {})
    row_ = DBTaskResult.objects.get(pk=result.id)
    row_.claim(worker)
    return row_


def test_an_import_started_on_the_page_waits_in_the_queue_until_a_worker_runs_it(
    client: Client, verifier: Any
) -> None:
    client.force_login(verifier)
    response = client.post(
        "/imports/start/", {"upload": token_of(upload(client, csv_bytes([row(1)])))}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    job = DBTaskResult.objects.get()
    assert (run.status, job.status, job.queue_name) == ("running", "READY", "imports")
    assert not IncidentRecord.objects.exists()
    jobs.run_ready_jobs()
    run.refresh_from_db()
    job.refresh_from_db()
    assert (run.status, job.status, run.rows_new) == ("succeeded", "SUCCESSFUL", 1)
    assert IncidentRecord.objects.count() == 1


def test_the_jobs_of_a_dead_worker_on_this_host_are_queued_again_and_no_others() -> None:
    host = jobs.host_name()
    dead = a_job_claimed_by(f"{host}:{dead_pid()}:imports")
    alive = a_job_claimed_by(f"{host}:{os.getpid()}:imports")
    elsewhere = a_job_claimed_by(f"another-host:{dead_pid()}:imports")
    assert jobs.requeue_abandoned() == [str(dead.pk)]
    states = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert states == {dead.pk: "READY", alive.pk: "RUNNING", elsewhere.pk: "RUNNING"}


def test_a_job_of_a_run_that_has_ended_does_nothing_when_it_runs_again(
    client: Client, verifier: Any
) -> None:
    client.force_login(verifier)
    client.post("/imports/start/", {"upload": token_of(upload(client, csv_bytes([row(1)])))})
    jobs.run_ready_jobs()
    job = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=job.pk).update(status="READY")  # as if queued again
    jobs.run_ready_jobs()
    assert IncidentRecord.objects.count() == 1
    assert ImportRun.objects.get().status == "succeeded"
    assert not AuditEntry.objects.filter(action="carewatch.import.resumed").exists()


def test_the_worker_command_is_documented_with_its_queues() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "commands.md").read_text()
    assert all(f"`{queue}`" in text for queue in jobs.QUEUES)


# A real worker process, killed with SIGKILL half-way through an import, then started again


ROWS = 40_000


def _carewatch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "carewatch.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


ENQUEUE = """
from pathlib import Path
from carewatch.imports import jobs, uploads
from carewatch.imports.services import ImportOptions, import_run_start
staged = uploads.stage("big.csv", [Path({path!r}).read_bytes()], limit=1 << 30)
options = ImportOptions(profile="insecurity_insight")
run = import_run_start(user=None, path=staged.path, options=options)
jobs.launch(run=run, user=None, staged=staged, options=options)
"""

IN_PROCESS = """
import time
from carewatch.imports.models import ImportRun
from carewatch.lib.jobs import InProcessWorkers
workers = InProcessWorkers()
workers.start()
deadline = time.monotonic() + 120
while ImportRun.objects.filter(status="running").exists() and time.monotonic() < deadline:
    time.sleep(0.2)
workers.stop()
print([t.is_alive() for t in workers.threads])
"""


@pytest.fixture
def instance_env(tmp_path: Path) -> dict[str, str]:
    """A separate instance on an SQLite file, migrated: what its processes are given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREWATCH_")}
    env.pop("DATABASE_URL", None)
    env |= {"CAREWATCH_DATA_DIR": str(tmp_path / "instance"), "CAREWATCH_ENV": "development"}
    assert _carewatch(env, "migrate", "--no-input").returncode == 0
    return env


def _enqueue(env: dict[str, str], path: Path, rows: int) -> Path:
    path.write_bytes(csv_bytes([row(i) for i in range(1, rows + 1)]))
    queued = _carewatch(env, "shell", "-c", ENQUEUE.format(path=str(path)))
    assert queued.returncode == 0, queued.stderr
    return Path(env["CAREWATCH_DATA_DIR"]) / "carewatch.sqlite3"


def _state(database: Path) -> tuple[list[Any], list[Any], int]:
    with sqlite3.connect(database, timeout=30) as db:
        runs = db.execute("SELECT status, rows_new FROM imports_importrun").fetchall()
        tasks = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE queue_name = 'imports'"
            " AND task_path LIKE 'carewatch.imports.%'"  # the daily backup waits on that queue too
        ).fetchall()
        records = db.execute("SELECT COUNT(*) FROM incidents_incidentrecord").fetchone()[0]
    return runs, tasks, records


def _rows_read(data: Path) -> int:
    for progress in (data / "imports").glob("run-*-progress.json"):
        try:
            return int(json.loads(progress.read_text())["rows"])
        except (OSError, ValueError, KeyError):
            return 0
    return 0


def test_a_killed_worker_s_import_runs_again_to_its_end_exactly_once(
    instance_env: dict[str, str], tmp_path: Path
) -> None:
    database = _enqueue(instance_env, tmp_path / "big.csv", ROWS)
    assert _state(database) == ([("running", 0)], [("READY",)], 0)
    worker = subprocess.Popen(
        [sys.executable, "-m", "carewatch.cli", "worker", "--queue", "imports"],
        env=instance_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    data = Path(instance_env["CAREWATCH_DATA_DIR"])
    deadline = time.monotonic() + 120
    while _rows_read(data) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)  # rows are being read: half-way through
    worker.wait(timeout=30)
    assert _state(database) == ([("running", 0)], [("RUNNING",)], 0)

    again = _carewatch(instance_env, "worker", "--batch")
    assert again.returncode == 0, again.stderr
    assert "queued again" in again.stdout
    assert _state(database) == ([("succeeded", ROWS)], [("SUCCESSFUL",)], ROWS)
    with sqlite3.connect(database) as db:
        actions = [a for (a,) in db.execute("SELECT action FROM audit_auditentry ORDER BY id")]
    imports = [a for a in actions if a.startswith("carewatch.import.")]
    assert imports == ["carewatch.import.resumed", "carewatch.import.completed"], imports


def test_the_demo_s_worker_threads_run_a_queued_import_in_the_server_s_process(
    instance_env: dict[str, str], tmp_path: Path
) -> None:
    database = _enqueue(instance_env, tmp_path / "small.csv", 3)
    ran = _carewatch(instance_env, "shell", "-c", IN_PROCESS)
    assert ran.returncode == 0 and ran.stdout.splitlines()[-1] == "[False, False, False]", (
        ran.stderr
    )
    assert _state(database) == ([("succeeded", 3)], [("SUCCESSFUL",)], 3)
    with sqlite3.connect(database) as db:
        (claimed,) = db.execute(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult"
        ).fetchone()
    assert json.loads(claimed)[-1].endswith(":imports")
