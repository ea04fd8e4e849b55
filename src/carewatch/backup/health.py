"""``/health``: whether this instance can do its work — the database answers, the job queue is not
backed up, a backup was made recently — for a monitor to poll. On PostgreSQL it refuses to call
itself healthy when ``fsync`` or ``synchronous_commit`` is off (a crash could lose committed
records). Answers 503 when unhealthy, 200 otherwise (``degraded`` says what to look at)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

from carewatch.audit.models import AuditEntry
from carewatch.backup.jobs import ACTION

#: A backup older than this makes the instance "degraded".
BACKUP_AGE = timedelta(hours=48)
#: A ready job waiting longer than this means no worker is running (or it is stuck).
QUEUE_WAIT = timedelta(minutes=15)
SAFE = {"fsync": "on", "synchronous_commit": ("on", "remote_apply", "remote_write", "local")}


def _postgresql() -> tuple[dict[str, str], list[str]]:
    settings, problems = {}, []
    with connection.cursor() as cursor:
        for name, good in SAFE.items():
            cursor.execute(f"SHOW {name}")  # nosec B608: a fixed setting name
            value = str(cursor.fetchone()[0])
            settings[name] = value
            if value not in (good if isinstance(good, tuple) else (good,)):
                problems.append(f"{name} is {value}: a crash could lose committed records")
    return settings, problems


def _queue(now: Any) -> dict[str, Any]:
    ready = DBTaskResult.objects.ready()
    # Ready since it was queued, or since the time it was to run after.
    queued = ready.filter(run_after=get_date_max()).order_by("enqueued_at")
    due = ready.exclude(run_after=get_date_max()).order_by("run_after")
    since = [
        t
        for t in (
            queued.values_list("enqueued_at", flat=True).first(),
            due.values_list("run_after", flat=True).first(),
        )
        if t is not None
    ]
    return {
        "ready": ready.count(),
        "running": DBTaskResult.objects.filter(status="RUNNING").count(),
        "oldest_ready_seconds": round((now - min(since)).total_seconds()) if since else 0,
    }


def report() -> tuple[int, dict[str, Any]]:
    """(HTTP status, the report)."""
    now = timezone.now()
    body: dict[str, Any] = {"status": "ok", "problems": []}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = {"vendor": connection.vendor, "reachable": True}
        if connection.vendor == "postgresql":
            settings, problems = _postgresql()
            body["database"] |= settings
            if problems:
                body["status"], body["problems"] = "unhealthy", problems
        body["queue"] = _queue(now)
        last = (
            AuditEntry.objects.filter(action=ACTION)
            .order_by("-id")
            .values_list("created_at", flat=True)
            .first()
        )
    except DatabaseError as exc:
        body = {
            "status": "unhealthy",
            "problems": [f"the database does not answer ({type(exc).__name__})"],
        }
        return 503, body
    body["last_backup"] = (
        {"at": last.isoformat(), "age_hours": round((now - last).total_seconds() / 3600, 1)}
        if last
        else None
    )
    _degraded(body, last, now)
    return (503 if body["status"] == "unhealthy" else 200), body


def _degraded(body: dict[str, Any], last: Any, now: Any) -> None:
    notes = []
    if last is None or now - last > BACKUP_AGE:
        notes.append("no backup in the last 48 hours")
    if body["queue"]["oldest_ready_seconds"] > QUEUE_WAIT.total_seconds():
        notes.append("jobs wait for more than 15 minutes: is a worker running?")
    if notes and body["status"] == "ok":
        body["status"] = "degraded"
    body["problems"] += notes


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    status, body = report()
    return JsonResponse(body, status=status)
