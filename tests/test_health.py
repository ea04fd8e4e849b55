"""``/health``: the database answers, the job queue's backlog, the age of the last backup, and on
PostgreSQL whether committed records survive a crash (``fsync``, ``synchronous_commit``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import log_action
from carewatch.backup.jobs import ACTION, next_backup_time, prune

pytestmark = pytest.mark.django_db


def health() -> tuple[int, dict[str, Any]]:
    response = Client().get("/health")
    assert response["Cache-Control"].startswith("max-age=0")
    return response.status_code, response.json()


def test_no_backup_yet_is_degraded_and_a_recent_one_is_ok() -> None:
    status, body = health()
    assert body["database"]["reachable"] is True and body["last_backup"] is None
    if body["status"] != "unhealthy":
        assert (status, body["status"]) == (200, "degraded")
        assert "no backup in the last 48 hours" in body["problems"]
    log_action(action=ACTION, actor="scheduled backup", object_type="backup", object_id="x")
    status, body = health()
    assert body["last_backup"]["age_hours"] < 1
    assert "no backup in the last 48 hours" not in body["problems"]
    if connection.vendor == "sqlite":
        assert (status, body["status"]) == (200, "ok")


def test_an_old_backup_and_a_waiting_job_are_named() -> None:
    log_action(action=ACTION, actor="scheduled backup", object_type="backup", object_id="x")
    AuditEntry.objects.filter(action=ACTION).update(created_at=timezone.now() - timedelta(days=3))
    from carewatch.notices.jobs import deliver

    deliver.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    _status, body = health()
    assert body["queue"]["ready"] == 1 and body["queue"]["oldest_ready_seconds"] >= 3600
    assert "jobs wait for more than 15 minutes: is a worker running?" in body["problems"]
    assert "no backup in the last 48 hours" in body["problems"]


def test_postgresql_is_unhealthy_when_a_crash_could_lose_commits() -> None:
    status, body = health()
    if connection.vendor != "postgresql":
        assert "fsync" not in body["database"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        commit = cursor.fetchone()[0]
    assert body["database"]["fsync"] == fsync
    unsafe = fsync != "on" or commit == "off"
    assert (status == 503) == unsafe and (body["status"] == "unhealthy") == unsafe
    with connection.cursor() as cursor:  # this transaction only
        cursor.execute("SET LOCAL synchronous_commit TO off")
    status, body = health()
    assert status == 503 and body["status"] == "unhealthy"
    assert "synchronous_commit is off: a crash could lose committed records" in body["problems"]


def test_the_oldest_archives_beyond_the_number_kept_are_removed(tmp_path: Any) -> None:
    for day in range(1, 5):
        (tmp_path / f"carewatch-2026120{day}-020000.tar.gz").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("mine")
    removed = prune(tmp_path, keep=2)
    assert [p.name for p in removed] == [
        "carewatch-20261201-020000.tar.gz",
        "carewatch-20261202-020000.tar.gz",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "carewatch-20261203-020000.tar.gz",
        "carewatch-20261204-020000.tar.gz",
        "notes.txt",
    ]
    at = timezone.localtime(next_backup_time())
    assert at.hour == 2 and at > timezone.localtime()
