"""The notices' background work: making notices after audited changes, and mailing them to
those who asked (``Preference``), as they come or once a day."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from carewatch.audit.models import AuditEntry
from carewatch.notices.choices import ByEmail
from carewatch.notices.delivery import make_notices
from carewatch.notices.mailer import mail_unsent
from carewatch.notices.models import Preference
from carewatch.notices.watchers import is_followed

#: The hour (local time, ``TIME_ZONE``) the daily summaries leave.
DIGEST_HOUR = 7
_WAITING = ("READY",)


@task()
def deliver() -> dict[str, int]:
    """Make the notices of every change since the last pass, then mail those who want each."""
    made = make_notices()
    eager = set(
        Preference.objects.filter(user_id__in=list(made), by_email=ByEmail.EACH).values_list(
            "user_id", flat=True
        )
    )
    mailed = sum(1 for user_id in sorted(eager) if mail_unsent(user_id=user_id))
    return {"people": len(made), "notices": sum(made.values()), "mailed": mailed}


@task()
def mail_digests(again: bool = True) -> int:
    """Each day's summary to those who asked for one; then come back tomorrow."""
    make_notices()
    daily = Preference.objects.filter(by_email=ByEmail.DAILY).values_list("user_id", flat=True)
    mailed = sum(1 for user_id in list(daily) if mail_unsent(user_id=user_id))
    if again:
        mail_digests.using(run_after=next_digest_time()).enqueue()
    return mailed


def next_digest_time(now: datetime | None = None) -> datetime:
    """The next ``DIGEST_HOUR`` o'clock, local time."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return (
        at
        if at > local
        else timezone.make_aware(
            datetime.combine(local.date() + timedelta(days=1), time(DIGEST_HOUR))
        )
    )


def _waiting(task_path: str) -> bool:
    return DBTaskResult.objects.filter(task_path=task_path, status__in=_WAITING).exists()


def schedule_digests() -> None:
    """Queue the next daily summary unless one waits already (each queues the next)."""
    if not _waiting(mail_digests.module_path):
        mail_digests.using(run_after=next_digest_time()).enqueue()


def _enqueue_delivery() -> None:
    if not _waiting(deliver.module_path):
        deliver.enqueue()


def queue_delivery(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
    """The receiver of the audit log's ``post_save``: once the change commits, a pass is queued
    (one waiting pass serves any number of changes)."""
    if created and is_followed(instance):
        transaction.on_commit(_enqueue_delivery)
