"""A file as a stream of rows, whatever its format (CSV, XLSX, JSON)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from carewatch_core.imports.errors import UNKNOWN_FORMAT, FileError

Cell = str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None


class RawRow(NamedTuple):
    """One row as read; ``number`` is what a spreadsheet program shows (1-based)."""

    # A named tuple rather than a frozen dataclass: a million of them are made per import.
    number: int
    cells: tuple[Cell, ...]


@dataclass
class Table:
    """Rows from the top of a file or sheet (header rows included), read lazily."""

    format: str
    rows: Iterator[RawRow]
    sheet: str = ""
    encoding: str = ""
    encoding_reason: str = ""
    notes: list[str] = field(default_factory=list)
    #: The library that read a workbook ("python-calamine" or "openpyxl"; blank for text formats).
    reader: str = ""
    close: Callable[[], None] = lambda: None
    #: What the reader learned about the file before reading it (a workbook's ``SheetFacts``),
    #: handed to another process reading the same file so that it reads it the same way.
    facts: Any = None
    #: How far through the file reading is, from 0 to 1 (for progress bars and ETAs).
    progress: Callable[[], float] = lambda: 0.0
    #: A worksheet read a piece at a time (``xlsx_pieces``): processes mapping it together can
    #: each read only their own pieces (``xlsx.own_pieces``).
    in_pieces: bool = False


def open_table(
    path: Path, *, sheet: str | None = None, encoding: str | None = None, facts: Any = None
) -> Table:
    """Open ``path`` by its extension (``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm``, ``.json``);
    ``facts``: another ``Table.facts`` of the same file (its scan is then not made again)."""
    from carewatch_core.imports.readers import read_csv, read_json
    from carewatch_core.imports.xlsx import read_xlsx

    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        return read_csv(path, encoding=encoding)
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path, sheet=sheet, facts=facts)
    if suffix == ".json":
        return read_json(path, encoding=encoding)
    raise FileError(UNKNOWN_FORMAT, suffix=suffix or path.name)
