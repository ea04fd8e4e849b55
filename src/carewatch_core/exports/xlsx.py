"""XLSX with XlsxWriter in constant-memory mode: each row goes to disk as it is written.

Text that a spreadsheet could read as a formula is stored as a *string* cell with Excel's
"quote prefix" style: the value stays exactly as exported, Excel and LibreOffice show it as
text, never evaluate it, and keep it text when it is edited. Numbers, dates and booleans are
written as such (a negative number is a number, untouched).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]

from carewatch_core.exports.cells import as_text, is_risky
from carewatch_core.exports.columns import Column, Kind

OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "use_zip64": True,
}
MAX_CELL = 32767  # Excel's limit on the characters of one cell


def write_xlsx(
    target: str | IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    *,
    sheet: str = "data",
    dictionary: Iterable[Mapping[str, object]] | None = None,
    dictionary_columns: Sequence[Column] = (),
) -> int:
    """Write the workbook to ``target`` (a path or a binary file); returns the number of data rows.

    With ``dictionary``, a second sheet ``dictionary`` holds the data dictionary.
    """
    book = xlsxwriter.Workbook(target, {**OPTIONS, "in_memory": False})
    styles = _Styles(book)
    count = _write_sheet(book.add_worksheet(sheet), columns, rows, styles)
    if dictionary is not None:
        _write_sheet(book.add_worksheet("dictionary"), dictionary_columns, dictionary, styles)
    book.close()
    return count


class _Styles:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.quoted = book.add_format({"quote_prefix": True})


def _write_sheet(
    ws: Any, columns: Sequence[Column], rows: Iterable[Mapping[str, object]], styles: _Styles
) -> int:
    for col, column in enumerate(columns):
        ws.write_string(0, col, column.name, styles.header)
    ws.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):  # count: the result
        for col, column in enumerate(columns):
            _write_cell(ws, count, col, column, row.get(column.name), styles)
    return count


def _write_cell(ws: Any, r: int, c: int, column: Column, value: object, styles: _Styles) -> None:
    if value is None or value == "" or value == []:
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value)
    elif isinstance(value, datetime.date) and column.kind is Kind.DATE:
        ws.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), styles.date)
    else:
        text = as_text(value)[:MAX_CELL]
        ws.write_string(r, c, text, styles.quoted if is_risky(text) else None)
