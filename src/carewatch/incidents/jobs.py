"""The work queues counted again on the job queue after a change (``queues.queue_tabs``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from carewatch.incidents.queues import count_queues_again
from carewatch.lib import changes


@task(queue_name=changes.QUEUE, priority=10)
def recount_queues(*, user_id: int, lock_key: str) -> None:
    """Count ``user_id``'s work queues now; the next look at the list shows these counts."""
    try:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is not None:
            count_queues_again(user)
    finally:
        changes.release(lock_key)
