"""The source's own values of an imported row, from its report and its run's header."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from carewatch.imports.models import ImportRun
from carewatch_core.imports.stored import decode_row, is_encoded_row, row_values


def run_columns(run: int) -> list[str]:
    """The header of import run ``run`` (empty if the run is gone)."""
    return ImportRun.objects.filter(pk=run).values_list("columns", flat=True).first() or []


def dataset_row_values(
    original_text: str, columns_of: Callable[[int], list[str]] = run_columns
) -> dict[str, Any] | None:
    """Column → value of a dataset row's report, whichever way it was kept.

    Since decision 0010 a row's report holds its run and cells (the run holds the header);
    between decisions 0008 and 0010 it held the column → value mapping as canonical JSON.
    Any other text (a dataset row written by hand) gives ``None``. ``columns_of`` gives a run's
    header (a caller reading many rows passes a cached one)."""
    if is_encoded_row(original_text):
        run, cells = decode_row(original_text)
        return row_values(cells, columns_of(run))
    if original_text.startswith("{"):
        try:
            values = json.loads(original_text)
        except ValueError:
            return None
        return dict(values) if isinstance(values, dict) else None
    return None
