"""The petitions' background work on the job queue: invalidation jobs, and the daily retention
pass (carewatch.petitions.retention)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from carewatch.petitions import invalidation, retention


@task()
def run_invalidation(invalidation_id: int) -> int:
    """Run one invalidation job; how many counted signatures it removed."""
    return invalidation.run(invalidation_id=invalidation_id).removed


@task()
def apply_retention(again: bool = True) -> dict[str, int]:
    """Remove what the retention settings say is kept no longer, then come back in a day."""
    removed = retention.apply()
    if again:
        apply_retention.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    return removed


def schedule_retention() -> None:
    """Queue a retention pass now unless one waits already (each pass queues the next)."""
    waiting = DBTaskResult.objects.filter(
        task_path=apply_retention.module_path, status__in=("READY", "RUNNING")
    )
    if not waiting.exists():
        apply_retention.enqueue()
