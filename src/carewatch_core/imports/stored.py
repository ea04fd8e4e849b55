"""How an imported row is kept in its report: the run it came in and its cells, in file order.

A dataset row's report holds ``{"run": <run id>, "cells": [...]}`` as its original text: the
row's cells as read (blank cells as they were), without the header, which the run keeps once
(``ImportRun.columns``). Writing every row with the dataset's column names as keys made the
names most of the bytes a million-row import wrote (docs/decisions/0010-import-rows-as-cells.md).
``row_values`` gives back exactly the column → value mapping the import fingerprinted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring  # the C encoder json.dumps uses (ensure_ascii=False)
from typing import Any

from carewatch_core.imports.rows import JSONValue

_PREFIX = '{"run":'


def encode_row(run: int, cells: Sequence[JSONValue], encoded: Sequence[str] | None = None) -> str:
    """The original text of the report of one row of run ``run``; ``encoded``: the cells already
    written as JSON strings (``Fingerprint.of_text``)."""
    if encoded is not None:
        listed = "[" + ",".join(encoded) + "]"
    else:
        try:  # a CSV row's cells are all text: each written by the C string encoder, as json.dumps would
            listed = "[" + ",".join(map(encode_basestring, cells)) + "]"  # type: ignore[arg-type]
        except (
            TypeError
        ):  # a workbook's or a JSON file's typed cells (numbers, dates as text, blanks)
            listed = json.dumps(cells, ensure_ascii=False, separators=(",", ":"))
    return f'{_PREFIX}{run},"cells":{listed}}}'


def is_encoded_row(text: str) -> bool:
    return text.startswith(_PREFIX)


def decode_row(text: str) -> tuple[int, list[JSONValue]]:
    """(run id, cells) of a row kept by ``encode_row``."""
    payload: dict[str, Any] = json.loads(text)
    return int(payload["run"]), list(payload["cells"])


def row_values(cells: Sequence[JSONValue], columns: Sequence[str]) -> dict[str, JSONValue]:
    """Column → value of the row's non-blank cells (a cell past the header is "column N")."""
    width = len(columns)
    return {
        columns[index] if index < width else f"column {index + 1}": cell
        for index, cell in enumerate(cells)
        if cell is not None and not (type(cell) is str and (not cell or cell.isspace()))
    }
