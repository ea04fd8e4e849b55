"""What the linkage app does when another app tells it something.

Kept apart from the jobs themselves: those import the linker (Splink, DuckDB, Arrow: most of a
second of every process's start) that a process needs only when it links. The job is named here
and imported when an import has stored new rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

#: The job an import's new rows queue (``carewatch.linkage.jobs.link_imported``).
LINK_IMPORTED = "carewatch.linkage.jobs.link_imported"


def queue_linking(*, source_id: int, user_id: int | None, **_: Any) -> None:
    """The receiver of ``sources.signals.reports_imported``."""
    if settings.CAREWATCH_LINK_AFTER_IMPORT:
        import_string(LINK_IMPORTED).enqueue(source_id=source_id, user_id=user_id)
