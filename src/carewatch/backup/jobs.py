"""The daily backup on the job queue: an archive in ``CAREWATCH_BACKUP_DIR``, verified, the oldest
beyond ``CAREWATCH_BACKUP_KEEP`` removed, each written archive in the audit log (the health page
reads the last one's time from there)."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from carewatch.audit.services import log_action
from carewatch.backup.archive import Written, write_backup
from carewatch.backup.verify import verify_archive

logger = logging.getLogger(__name__)
PREFIX, SUFFIX = "carewatch-", ".tar.gz"
#: The hour (local time) the daily backup runs.
BACKUP_HOUR = 2
ACTION = "carewatch.backup.written"


def record(written: Written, *, actor: str) -> None:
    """Put a written archive in the audit log (name, size, rows; never its content)."""
    log_action(
        action=ACTION,
        actor=actor,
        object_type="backup",
        object_id=written.path.name[:40],
        after={
            "file": written.path.name,
            "bytes": written.size,
            "rows": written.rows,
            "files": written.files,
            "missing_files": len(written.missing_files),
        },
    )


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest scheduled archives beyond ``keep``; returns the removed ones."""
    archives = sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())
    removed = archives[: max(len(archives) - keep, 0)]
    for path in removed:
        path.unlink()
    return removed


def backup_now(folder: Path, keep: int) -> Written:
    """One scheduled backup: written, verified, recorded, the old ones pruned."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    written = write_backup(folder / f"{PREFIX}{stamp}{SUFFIX}")
    checked = verify_archive(written.path)
    if not checked.ok:  # never prune good archives for a bad one
        raise RuntimeError("the new backup does not verify: " + "; ".join(checked.problems[:3]))
    record(written, actor="scheduled backup")
    prune(folder, keep)
    return written


@task(queue_name="imports")
def scheduled_backup(again: bool = True) -> str:
    """The daily backup (on the long jobs' queue); then come back tomorrow."""
    folder = settings.CAREWATCH_BACKUP_DIR
    try:
        if not folder:
            return ""
        return str(backup_now(Path(folder), settings.CAREWATCH_BACKUP_KEEP).path)
    finally:
        if again:
            scheduled_backup.using(run_after=next_backup_time()).enqueue()


def next_backup_time(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=BACKUP_HOUR, minute=0, second=0, microsecond=0)
    if at > local:
        return at
    return timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=1), time(BACKUP_HOUR))
    )


def schedule_backups() -> None:
    """Queue the next daily backup unless one waits already (each queues the next)."""
    waiting = DBTaskResult.objects.filter(
        task_path=scheduled_backup.module_path, status__in=("READY",)
    )
    if settings.CAREWATCH_BACKUP_DIR and not waiting.exists():
        scheduled_backup.using(run_after=next_backup_time()).enqueue()
