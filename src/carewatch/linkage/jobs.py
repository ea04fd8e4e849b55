"""Imported rows flow on to the staff (docs/linkage.md): once an import has stored new reports,
a job gives each new incident record an incident of its own (submitted, to be verified) and runs
the incident linker again, so that the review queue holds the new candidate pairs — without a
command on the server."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from carewatch.linkage.candidates import candidates_refresh
from carewatch.linkage.choices import MatchKind
from carewatch.linkage.unlinked import records_consolidate

logger = logging.getLogger(__name__)


@task(queue_name="default")
def link_imported(source_id: int, user_id: int | None) -> None:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    made = records_consolidate(user=user or "carewatch import", source_id=source_id)
    found = candidates_refresh(kind=MatchKind.INCIDENT, user=user or "carewatch import")
    logger.info(
        "imported rows of source %s: %s records, %s incidents made, %s candidate pairs",
        source_id,
        made.records,
        made.created,
        found.found,
    )
