"""A dataset row's values, read back from its report (the report keeps the row once).

Since decision 0010 a row's report holds its import run and its cells (the run holds the header);
between decisions 0008 and 0010 it held the column → value mapping as canonical JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from carewatch.lib.slots import Slot
from carewatch_core.imports.stored import decode_row, is_encoded_row, row_values

#: ``run_columns(run_id)``: the header of an import run, empty if the run is gone (provided by
#: ``carewatch.imports``, which keeps the runs).
run_columns: Slot[[int], list[str]] = Slot("run_columns")


def dataset_row_values(
    original_text: str, columns_of: Callable[[int], list[str]] | None = None
) -> dict[str, Any] | None:
    """Column → value of a dataset row's report, whichever way it was kept.

    Any other text (a dataset row written by hand) gives ``None``. ``columns_of`` gives a run's
    header (a caller reading many rows passes a cached one; by default the ``run_columns`` slot)."""
    if is_encoded_row(original_text):
        run, cells = decode_row(original_text)
        return row_values(cells, (columns_of or run_columns)(run))
    if original_text.startswith("{"):
        try:
            values = json.loads(original_text)
        except ValueError:
            return None
        return dict(values) if isinstance(values, dict) else None
    return None
