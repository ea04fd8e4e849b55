"""Retention of what public forms and mail leave behind (docs/petitions.md, settings):
unconfirmed signatures, client-address hashes, suppressed addresses, and the job rows of mail
already sent (they hold the recipient's address). Applied daily by ``jobs.apply_retention``; the
worker schedules the first pass when it starts (``jobs.schedule_retention``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carewatch.audit.services import log_action
from carewatch.petitions.choices import SignatureState
from carewatch.petitions.models import Signature
from carewatch.supporters.models import Suppression

_FINISHED = ("SUCCESSFUL", "FAILED")
TASK = "carewatch.petitions.jobs.apply_retention"


def _before(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


@transaction.atomic
def apply() -> dict[str, int]:
    """Remove or blank what is past its time; how many rows of each kind."""
    removed = {
        "pending_signatures": Signature.objects.filter(
            state=SignatureState.PENDING,
            created_at__lt=_before(settings.CAREWATCH_PENDING_SIGNATURE_DAYS),
        ).delete()[0],
        "address_hashes": Signature.objects.filter(
            created_at__lt=_before(settings.CAREWATCH_ADDRESS_HASH_DAYS)
        )
        .exclude(address_key="", network_key="")
        .update(address_key="", network_key=""),
        "suppressions": Suppression.objects.filter(
            created_at__lt=_before(settings.CAREWATCH_SUPPRESSION_DAYS)
        ).delete()[0],
        "mail_jobs": DBTaskResult.objects.filter(
            queue_name="mail",
            status__in=_FINISHED,
            finished_at__lt=_before(settings.CAREWATCH_MAIL_JOB_DAYS),
        ).delete()[0],
    }
    if any(removed.values()):
        log_action(action="carewatch.retention.applied", actor="worker", after=removed)
    return removed
