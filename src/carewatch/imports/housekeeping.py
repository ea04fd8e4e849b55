"""Runs whose worker is gone are marked interrupted; old error reports and uploads are removed.

A run is ``running`` from before its data is read until after its transaction ends. If its
process was killed (SIGKILL, a crash, a restart), nothing of its data was kept, but the row
would say ``running`` forever. It is taken as interrupted when its worker process is known
to be gone (same host, pid no longer alive) or when a web worker's heartbeat has stopped.
"""

from __future__ import annotations

import datetime
import socket
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from carewatch.audit.services import log_action
from carewatch.imports import uploads
from carewatch.imports.choices import RunStatus
from carewatch.imports.jobs import HEARTBEAT_SECONDS, read_progress
from carewatch.imports.models import ImportRun
from carewatch.lib.jobs import process_gone

#: A web worker whose heartbeat is older than this is gone (it beats every 5 s).
STALE_SECONDS = HEARTBEAT_SECONDS * 12
#: Uploads previewed but never imported are removed after a day.
UPLOAD_SECONDS = 24 * 3600


def worker_gone(run: ImportRun, now: float | None = None) -> bool:
    """Whether ``run`` (status running) has lost its worker."""
    if run.status != RunStatus.RUNNING:
        return False
    now = time.time() if now is None else now
    beat = read_progress(run.pk)
    if beat is not None and now - beat.beat > STALE_SECONDS:
        return True
    if not run.worker:
        # Runs recorded before workers were: gone once they are older than a day.
        return now - run.started_at.timestamp() > UPLOAD_SECONDS
    host, _sep, pid = run.worker.rpartition(":")
    return process_gone(host, pid, here=socket.gethostname()[:100])


def import_runs_reap(*, user: Any = None) -> list[int]:
    """Mark runs whose worker is gone as interrupted (audited); returns their ids.

    Best effort: on SQLite, while another import holds the write lock, the marking waits for
    a later look (pages compute the same state with ``worker_gone``)."""
    gone = [run for run in ImportRun.objects.filter(status=RunStatus.RUNNING) if worker_gone(run)]
    marked = []
    for run in gone:
        try:
            if _mark_interrupted(run, user):
                marked.append(run.pk)
        except OperationalError:
            break
    return marked


@transaction.atomic
def _mark_interrupted(run: ImportRun, user: Any) -> bool:
    updated = ImportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.INTERRUPTED, finished_at=timezone.now()
    )
    if updated:
        log_action(
            action="carewatch.import.interrupted",
            actor=user,
            obj=run,
            after={"run": run.pk, "worker": run.worker, "file_sha256": run.file_sha256},
        )
    return bool(updated)


def import_reports_cleanup(*, user: Any = None, now: datetime.datetime | None = None) -> list[int]:
    """Remove error-report files of runs older than ``CAREWATCH_IMPORT_REPORT_DAYS`` (audited).

    The run keeps its figures and its first 10,000 row errors; only the CSV file goes."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.CAREWATCH_IMPORT_REPORT_DAYS
    )
    old = ImportRun.objects.filter(started_at__lt=cutoff).exclude(error_report="")
    removed = []
    for run in old:
        Path(run.error_report).unlink(missing_ok=True)
        removed.append(run.pk)
    if removed:
        ImportRun.objects.filter(pk__in=removed).update(error_report="")
        log_action(
            action="carewatch.import.reports_removed",
            actor=user,
            object_type="imports.importrun",
            after={"runs": removed, "days": settings.CAREWATCH_IMPORT_REPORT_DAYS},
        )
    uploads.discard_older_than(UPLOAD_SECONDS)
    return removed
