"""The audit entry of a staff export (S1, S5): who took which rows, with which filters, in which format.

An export reads, it changes nothing: the action ends in ``_viewed`` like every other read.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from carewatch.audit.services import log_action
from carewatch.exports.selectors import Export


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def export_record(*, user: Any, export: Export, fmt: str, filters: Any = None) -> int:
    """Audit a staff export before it is sent; returns the number of rows it holds (counted now)."""
    rows = export.count()
    chosen = (
        {k: _plain(v) for k, v in asdict(filters).items() if v not in (None, "")}
        if filters is not None
        else {}
    )
    log_action(
        action=f"carewatch.export.{export.dataset.name}_viewed",
        actor=user,
        object_type="exports.file",
        after={
            "dataset": export.dataset.name,
            "format": fmt,
            "filters": chosen,
            "rows": rows,
            "columns": [c.name for c in export.columns],
            "clearance": export.clearance.name.lower(),
        },
    )
    return rows
