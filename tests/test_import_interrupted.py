"""A killed import does not stay "running" forever: runs whose worker is gone are marked interrupted
(audited, shown on the pages); old error-report files and forgotten uploads are removed."""

from __future__ import annotations

import datetime
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
from django.utils import timezone
from tests.import_fixtures import children_of, csv_bytes, row

from carewatch.audit.models import AuditEntry
from carewatch.imports.housekeeping import (
    STALE_SECONDS,
    import_reports_cleanup,
    import_runs_reap,
    worker_gone,
)
from carewatch.imports.jobs import ProgressFile, progress_path
from carewatch.imports.models import ImportRun
from carewatch.imports.services import worker_id
from carewatch.lib.jobs import run_ready_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instance(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def a_run(worker: str, **fields: Any) -> ImportRun:
    return ImportRun.objects.create(
        file_name="a.csv",
        file_sha256="0" * 64,
        file_size=1,
        profile="insecurity_insight",
        worker=worker,
        **fields,
    )


def test_a_run_whose_process_is_gone_is_marked_interrupted_and_audited() -> None:
    host = worker_id().rsplit(":", 1)[0]
    gone = a_run(f"{host}:{dead_pid()}")
    alive = a_run(worker_id())
    assert import_runs_reap(user=None) == [gone.pk]
    gone.refresh_from_db()
    assert gone.status == "interrupted" and gone.finished_at is not None
    assert ImportRun.objects.get(pk=alive.pk).status == "running"
    entry = AuditEntry.objects.get(action="carewatch.import.interrupted")
    assert entry.object_id == str(gone.pk)


def test_a_web_worker_whose_heartbeat_stopped_is_gone_even_if_its_process_lives() -> None:
    run = a_run(worker_id())
    ProgressFile(run.pk)
    assert not worker_gone(run)
    assert worker_gone(run, now=time.time() + STALE_SECONDS + 1)


def test_a_run_of_another_host_is_left_alone_while_its_heartbeat_is_fresh() -> None:
    run = a_run("another-machine:1")
    assert not worker_gone(run)


def test_the_run_page_says_interrupted(client: Client, verifier: Any) -> None:
    host = worker_id().rsplit(":", 1)[0]
    run = a_run(f"{host}:{dead_pid()}", user=verifier)
    client.force_login(verifier)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert (
        'id="run-status"' in page
        and "Interrupted: nothing imported" in page
        and "hx-trigger" not in page
    )
    assert ImportRun.objects.get(pk=run.pk).status == "interrupted"
    assert "Interrupted" in client.get("/imports/").content.decode()


def test_error_reports_older_than_the_setting_are_removed(settings: Any, instance: Path) -> None:
    settings.CAREWATCH_IMPORT_REPORT_DAYS = 30
    folder = instance / "imports"
    folder.mkdir(parents=True)
    old_file, new_file = folder / "run-1-errors.csv", folder / "run-2-errors.csv"
    old_file.write_text("x")
    new_file.write_text("x")
    old = a_run("", status="succeeded", error_report=str(old_file))
    new = a_run("", status="succeeded", error_report=str(new_file))
    ImportRun.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert import_reports_cleanup(user=None) == [old.pk]
    assert not old_file.exists() and new_file.exists()
    assert (
        ImportRun.objects.get(pk=old.pk).error_report == ""
        and ImportRun.objects.get(pk=new.pk).error_report
    )
    assert AuditEntry.objects.filter(action="carewatch.import.reports_removed").count() == 1


def test_uploads_never_imported_are_removed_after_a_day(instance: Path) -> None:
    from carewatch.imports import uploads

    staged = uploads.stage("a.csv", [b"x"], limit=10)
    assert uploads.discard_older_than(3600) == 0 and staged.path.exists()
    past = time.time() - 2 * 86400
    os.utime(staged.path.parent, (past, past))
    assert uploads.discard_older_than(3600) == 1 and not staged.path.exists()


def test_the_progress_file_goes_when_the_worker_ends(
    instance: Path, monkeypatch: Any, verifier: Any
) -> None:
    from carewatch.imports import jobs, uploads
    from carewatch.imports.services import ImportOptions, import_run_start

    staged = uploads.stage("a.csv", [csv_bytes([row(1)])], limit=1 << 20)
    options = ImportOptions(profile="insecurity_insight")
    run = import_run_start(user=verifier, path=staged.path, options=options)
    jobs.launch(run=run, user=verifier, staged=staged, options=options)
    run_ready_jobs()
    assert ImportRun.objects.get(pk=run.pk).status == "succeeded"
    assert not progress_path(run.pk).exists() and not staged.path.parent.exists()


# A real SIGKILL, in a separate instance on an SQLite file


def _carewatch(env: dict[str, str], *args: str, **kwargs: Any) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "carewatch.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_a_sigkilled_import_is_found_interrupted_when_the_next_one_starts(tmp_path: Path) -> None:
    data = tmp_path / "killed"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAREWATCH_") and k != "DATABASE_URL"
    }
    env |= {
        "CAREWATCH_DATA_DIR": str(data),
        "CAREWATCH_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "carewatch.settings",
        # Mapped by two other processes, which must end too.
        "CAREWATCH_IMPORT_CHILD_BYTES": "1",
        "CAREWATCH_IMPORT_MAPPING_PROCESSES": "2",
    }
    assert _carewatch(env, "migrate", "--no-input").returncode == 0
    big = tmp_path / "big.csv"
    big.write_bytes(csv_bytes([row(i) for i in range(1, 40_001)]))
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "carewatch.cli",
            "import",
            str(big),
            "--profile",
            "insecurity_insight",
            "--no-progress",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = data / "carewatch.sqlite3"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _runs(database):
        time.sleep(0.2)
    time.sleep(1.0)
    mapping = children_of(worker.pid)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert _runs(database) == [("running",)]
    assert len(mapping) == 2 and all(_ended(pid, within=30) for pid in mapping)
    small = tmp_path / "small.csv"
    small.write_bytes(csv_bytes([row(1)]))
    again = _carewatch(
        env, "import", str(small), "--profile", "insecurity_insight", "--no-progress"
    )
    assert again.returncode == 0, again.stderr
    assert _runs(database) == [("interrupted",), ("succeeded",)]
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM sources_report").fetchone() == (
            1,
        )  # the small file's row only


def _ended(pid: int, *, within: float) -> bool:
    """Has process ``pid`` ended (gone, or a zombie nobody has collected) within ``within`` s?"""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.1)
    return False


def _runs(database: Path) -> list[tuple[str]]:
    if not database.exists():
        return []
    try:
        with sqlite3.connect(database, timeout=20) as connection:
            return connection.execute("SELECT status FROM imports_importrun ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []
