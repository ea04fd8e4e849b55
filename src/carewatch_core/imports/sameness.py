"""Whether a row sent again is the same row, written another way.

A spreadsheet program that saves a workbook as CSV writes each cell as it shows it:
``12/21/2023`` for the date a CSV written by a script holds as ``2023-12-21``, ``FALSE`` for
``False``, ``42822.0`` for ``42822``. The row's fingerprint then differs although nothing in it
changed. When a dataset ID comes again with another fingerprint, the import asks ``same_row``
of the row it kept and the row it reads: the same columns, and in each the same text (line
breaks written either way), or the same number to the 15 significant digits a spreadsheet
program writes (``32.1023530547`` for the workbook's ``32.102353054700004``), the same true
or false, or the same date (and time) — a date whose day and month could be either way round
(``01/02/2023``) read in the order the file's dates show (``Mapper.day_first``).

Anything else is a change, and the new row is kept: such a date when neither the file nor the
profile settles its order, a number rounded for display (``31.52944907`` for
``31.5294490666``), a name respelt, a value added or removed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from carewatch_core.imports.dates import DateError, ParsedDate, parse_date
from carewatch_core.imports.fingerprint import cell_text
from carewatch_core.imports.rows import JSONValue

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_BOOLEANS = {"true": True, "false": False}


def same_row(
    kept: Mapping[str, JSONValue], read: Mapping[str, JSONValue], day_first: bool | None = None
) -> bool:
    """``kept`` and ``read`` (column → non-blank value) say the same, cell by cell; ``day_first``
    is the read file's date order (``Mapper.day_first``)."""
    return kept.keys() == read.keys() and all(
        same_cell(kept[name], read[name], day_first) for name in kept
    )


def same_cell(kept: JSONValue, read: JSONValue, day_first: bool | None = None) -> bool:
    """Two values of one cell say the same (see the module's description)."""
    if kept == read and type(kept) is type(read):
        return True
    one, other = _text(kept), _text(read)
    if one == other:
        return True
    for reading in (_number, _boolean):
        first = reading(one)
        if first is not None and first == reading(other):
            return True
    moment = _moment(one, day_first)
    return moment is not None and moment == _moment(other, day_first)


def _text(cell: JSONValue) -> str:
    """The cell as text, its line breaks as line feeds (a spreadsheet program writes ``\r\n`` in a cell as ``\n``)."""
    text = (cell_text(cell) or "").strip()
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _number(text: str) -> float | None:
    """The number, to the 15 significant digits spreadsheet programs show and write."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return float(f"{value:.15g}") if math.isfinite(value) else None


def _boolean(text: str) -> bool | None:
    return _BOOLEANS.get(text.lower())


def _moment(text: str, day_first: bool | None) -> ParsedDate | None:
    """A date written as one (not a bare number: that is a number, or a spreadsheet's serial)."""
    if _NUMBER.fullmatch(text):
        return None
    try:
        return parse_date(text, day_first=day_first)
    except DateError:
        return None
