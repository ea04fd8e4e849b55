"""Cell values: text, counts (blank = unknown), coordinates, vocabulary codes."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from functools import lru_cache

from carewatch_core.counts import UNKNOWN, Count, parse_count
from carewatch_core.imports.dates import short_cell, to_ascii_digits
from carewatch_core.imports.errors import BAD_COUNT, VAGUE_COUNT

#: Excel's own limit for one cell; anything longer was not typed into a spreadsheet.
MAX_CELL_CHARS = 32_767
_SPACES = re.compile(r"\s+")
_WHOLE = re.compile(r"\d+(?:\.0+)?")
# Words sources use for "a number was not given": the count is unknown, never zero.
_VAGUE = frozenset(
    {
        "some",
        "several",
        "many",
        "few",
        "unknown",
        "unspecified",
        "n/a",
        "na",
        "?",
        "no information",
        "بعض",
        "عدة",
        "غير معروف",
        "plusieurs",
        "inconnu",
    }
)


class CellError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def as_text(cell: object) -> str:
    """The cell as text: exactly as written for strings (formulas stay text), ISO for dates."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell)


def as_json_value(cell: object) -> str | int | float | bool | None:
    """A JSON-safe form of a cell for the record's ``values`` (the source's own values)."""
    if cell is None or isinstance(cell, str | bool | int):
        return cell
    if isinstance(cell, float):
        return cell if math.isfinite(cell) else str(cell)
    return as_text(cell)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Comparison key for vocabulary labels: trimmed, case-folded, single spaces."""
    return _SPACES.sub(" ", text).strip().casefold()


def as_count(cell: object) -> tuple[Count, str | None]:
    """(count, flag code or None). Blank is unknown; "some" is unknown and flagged.

    Raises ``CellError(BAD_COUNT)`` for anything else that is not a whole number ≥ 0 or a range.
    """
    if isinstance(cell, str | int | float):
        return _cached_count(cell)  # datasets repeat the same few counts millions of times
    return _count(cell)


@lru_cache(maxsize=4096, typed=True)  # typed: True is not the count 1
def _cached_count(cell: str | int | float) -> tuple[Count, str | None]:
    return _count(cell)


#: Results of :func:`count_once` by (type, value); datasets repeat a few counts millions of times.
_COUNTS: dict[tuple[type, object], tuple[Count, str | None]] = {}
_MEMO_LIMIT = 65_536


def count_once(cell: object) -> tuple[Count, str | None]:
    """:func:`as_count` without the exception: a malformed count is (UNKNOWN, BAD_COUNT). Cached by value."""
    memo = (type(cell), cell)
    found = _COUNTS.get(memo)
    if found is None:
        try:
            found = as_count(cell)
        except CellError as exc:
            found = (UNKNOWN, exc.code)
        if len(_COUNTS) < _MEMO_LIMIT and short_cell(cell):
            _COUNTS[memo] = found
    return found


def _count(cell: object) -> tuple[Count, str | None]:
    if cell is None:
        return UNKNOWN, None
    if isinstance(cell, bool):
        raise CellError(BAD_COUNT)
    if isinstance(cell, int | float):
        return _number_count(float(cell)), None
    text = to_ascii_digits(str(cell)).strip()
    if not text:
        return UNKNOWN, None
    if key(text) in _VAGUE:
        return UNKNOWN, VAGUE_COUNT
    if _WHOLE.fullmatch(text):
        return _number_count(float(text)), None
    try:
        return parse_count(text), None
    except ValueError:
        raise CellError(BAD_COUNT) from None


def _number_count(number: float) -> Count:
    if not math.isfinite(number) or number < 0 or not number.is_integer():
        raise CellError(BAD_COUNT)
    return Count(int(number))


def as_float(cell: object) -> float | None:
    """A number from a cell (``"36,5"`` and Arabic digits accepted); ``None`` when blank."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError("a boolean is not a number")
    value = float(cell) if isinstance(cell, int | float) else _decimal(str(cell))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _decimal(text: str) -> float:
    try:
        return float(
            text
        )  # the common case; float() itself reads Arabic-Indic digits and trims spaces
    except ValueError:
        return float(to_ascii_digits(text).strip().replace("٫", ".").replace(",", "."))


def lookup(text: str, table: Mapping[str, str | None]) -> tuple[bool, str | None]:
    """(found, code) for a label in a vocabulary table keyed by :func:`key`.

    A label mapped to ``None`` is known to mean "no value" (e.g. "No Information").
    """
    k = key(text)
    if k in table:
        return True, table[k]
    return False, None


def table(pairs: Mapping[str, str | None]) -> dict[str, str | None]:
    """A vocabulary table with its labels turned into :func:`key` form."""
    return {key(label): code for label, code in pairs.items()}
