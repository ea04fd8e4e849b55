"""Imports started from the web run as jobs of the queue (``imports``; carewatch.lib.jobs).

The page starts the run's row, stages the upload, and enqueues the job; a worker runs it. A job
whose worker died runs again: an import keeps nothing until it ends, so it starts over from the
kept upload (audited ``carewatch.import.resumed``). The worker writes its progress (rows read,
fraction of the file) and a heartbeat to a small JSON file beside the run's error report, not to
the database: on SQLite the import's transaction holds the only write lock until it ends, so a
progress row could not be written (and on PostgreSQL it would stay invisible inside that
transaction). The run's page polls it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from carewatch.imports import uploads
from carewatch.imports.models import ImportRun, SavedMapping
from carewatch.imports.services import (
    ImportOptions,
    ImportRefused,
    import_file,
    run_claimed,
    run_failed,
)

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0


@dataclass(frozen=True)
class Progress:
    rows: int
    fraction: float
    beat: float


def progress_path(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / f"run-{run_id}-progress.json"


def read_progress(run_id: int) -> Progress | None:
    try:
        data = json.loads(progress_path(run_id).read_text(encoding="utf-8"))
        return Progress(int(data["rows"]), float(data["fraction"]), float(data["beat"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class ProgressFile:
    """The worker's side: keeps the latest figures and rewrites the file (atomically) on each beat."""

    def __init__(self, run_id: int) -> None:
        self.path = progress_path(run_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rows, self.fraction = 0, 0.0
        self._lock = threading.Lock()
        self._written = 0.0
        self.write()

    def __call__(self, rows: int, fraction: float) -> None:
        self.rows, self.fraction = rows, fraction
        if time.monotonic() - self._written >= 0.5:
            self.write()

    def write(self) -> None:
        with self._lock:
            partial = self.path.with_suffix(".tmp")
            partial.write_text(
                json.dumps(
                    {
                        "rows": self.rows,
                        "fraction": self.fraction,
                        "beat": time.time(),
                        "pid": os.getpid(),
                    }
                ),
                encoding="utf-8",
            )
            partial.replace(self.path)
            self._written = time.monotonic()

    def remove(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)


def launch(
    *, run: ImportRun, user: Any, staged: uploads.StagedUpload, options: ImportOptions
) -> None:
    """Queue the import of ``staged`` into ``run``; the upload is removed when the job ends."""
    import_job.enqueue(
        run.pk, getattr(user, "pk", None), staged.token, staged.name, _plain(options)
    )


def _plain(options: ImportOptions) -> dict[str, Any]:
    """The options as a job's arguments (JSON): the saved mapping by its id."""
    values = dataclasses.asdict(options) | {"mapping": None}
    values["mapping_id"] = options.mapping.pk if options.mapping is not None else None
    return values


def _options(values: dict[str, Any]) -> ImportOptions:
    mapping_id = values.pop("mapping_id", None)
    mapping = SavedMapping.objects.filter(pk=mapping_id).first() if mapping_id else None
    return ImportOptions(**(values | {"mapping": mapping}))


@task(queue_name="imports", takes_context=True)
def import_job(
    context: TaskContext,
    run_id: int,
    user_id: int | None,
    token: str,
    name: str,
    options: dict[str, Any],
) -> None:
    """The job: import the staged upload into the run, unless the run has already ended."""
    run = ImportRun.objects.get(pk=run_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    staged = uploads.find(token, name)
    if not run_claimed(run=run, user=user, attempt=context.attempt):
        return
    if staged is None:
        with translation.override(run.language):
            message = _("The uploaded file is no longer there; choose it again.")
        run_failed(run=ImportRun.objects.get(pk=run_id), user=user, message=message)
        return
    _work(run_id, user, staged, _options(dict(options)))


def _work(run_id: int, user: Any, staged: uploads.StagedUpload, options: ImportOptions) -> None:
    progress = ProgressFile(run_id)
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(progress, stop), daemon=True)
    beat.start()
    try:
        _import(run_id, user, staged, options, progress)
    finally:
        stop.set()
        beat.join(timeout=HEARTBEAT_SECONDS * 2)
        progress.remove()
        uploads.discard(staged.token)


def _beat(progress: ProgressFile, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        progress.write()


def _import(
    run_id: int,
    user: Any,
    staged: uploads.StagedUpload,
    options: ImportOptions,
    progress: ProgressFile,
) -> None:
    run = ImportRun.objects.get(pk=run_id)
    try:
        import_file(user=user, path=staged.path, options=options, progress=progress, run=run)
    except ImportRefused:
        pass  # the run says why (status failed, message in the user's language)
    except Exception as exc:
        _failed(run, exc)


def _failed(run: ImportRun, exc: Exception) -> None:
    """Log where it failed (the exception's type and the code's lines, not its message, which may
    hold the upload's path) and say on the run that nothing was kept."""
    where = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("import run %s stopped with %s\n%s", run.pk, type(exc).__name__, where)
    with translation.override(run.language):
        message = _("The import stopped with an internal error; nothing of it was kept.")
    run_failed(run=run, user=None, message=message)
