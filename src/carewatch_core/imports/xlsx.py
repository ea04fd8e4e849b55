"""XLSX worksheets, row by row: python-calamine, the sheet whole or a piece at a time; openpyxl for
sheets with error cells.

python-calamine (Rust) reads a sheet about ten times faster than openpyxl (read-only), which
parses the XML in Python (about 2,000 rows of 35 columns a second), but holds all of it in
memory while it does (about 2.3 bytes per byte of the sheet's XML): a sheet whose XML is longer
than ``FAST_SHEET_BYTES`` is cut into pieces of whole rows, each read by python-calamine
(``carewatch_core.imports.xlsx_pieces``). python-calamine reads error cells (``#N/A``,
``#DIV/0!``) as blanks, where openpyxl keeps their text: a sheet with error cells is read by
openpyxl, so that no value is silently dropped.

All give the same cells (the tests compare them on the same workbooks): blank cells are
``None``, whole numbers ``int``, dates ``datetime``, times ``time``, text as written."""

from __future__ import annotations

import datetime
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carewatch_core.imports import xlsx_pieces
from carewatch_core.imports.errors import (
    EMPTY_SHEET,
    ENCRYPTED,
    MERGED_CELLS,
    NO_SUCH_SHEET,
    NOT_A_WORKBOOK,
    FileError,
)
from carewatch_core.imports.tables import Cell, RawRow, Table
from carewatch_core.imports.xlsx_pieces import ERROR_TYPE, SHEET_DATA, PiecesRefused, pieces_rows

#: The longest sheet XML read whole by python-calamine; a larger sheet is read a piece at a
#: time (``xlsx_pieces``: as fast, a few hundred MiB of memory at most whatever its size).
FAST_SHEET_BYTES = 64 << 20
#: Whole numbers up to this size are integers (as openpyxl reads a number written without a point).
_EXACT = 1e15
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_PROTECTION = re.compile(rb"<(?:\w+:)?sheetProtection\b")
#: A row's opening tag without its number (``<row>``, ``<x:row spans="1:3">``).
_UNNUMBERED_ROW = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s>/])(?![^>]*\sr=)[^>]*>")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SHEET_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")


@dataclass(frozen=True)
class SheetFacts:
    """What a scan of the sheet's XML tells before reading it."""

    size: int
    protected: bool
    #: Error cells, looked for in a sheet read whole (``FAST_SHEET_BYTES`` at most) only.
    has_errors: bool
    #: Some row does not say its number (``r`` is optional): only a reader of the whole sheet
    #: can count them, so such a sheet is never read in pieces.
    rows_unnumbered: bool = False


@dataclass(frozen=True)
class SheetEntry:
    """A worksheet as the workbook lists it: its name, its state and the zip part holding it."""

    name: str
    state: str
    part: str


def read_xlsx(
    path: Path, *, sheet: str | None = None, fast: bool = True, facts: SheetFacts | None = None
) -> Table:
    """Rows of one worksheet (the first visible one unless ``sheet`` names another).

    ``fast=False`` always streams with openpyxl (the tests compare both readers); ``facts``: the
    scan of the same sheet made by another process (``Table.facts``), not made again here.
    """
    _check_workbook_bytes(path)
    entries = _worksheets(path)
    entry = _pick_sheet(entries, sheet)
    facts = facts or _scan(path, entry)
    table = _read(path, entry, [e.part for e in entries], facts, fast)
    table.facts = facts
    return table


def own_pieces(
    path: Path,
    *,
    sheet: str | None,
    mine: Callable[[int], bool],
    least: int,
    done: list[int],
) -> Iterator[tuple[int, list[RawRow]]]:
    """(index, rows) of the pieces of a sheet read in pieces (``Table.in_pieces``) that ``mine``
    accepts, cut as they are where ``xlsx_pieces.PIECE_BYTES`` is ``least``; ``done``: bytes of
    the sheet's XML read, and their total."""
    entries = _worksheets(path)
    entry = _pick_sheet(entries, sheet)
    return xlsx_pieces.own_pieces(_sheet(path, entry, [e.part for e in entries]), done, mine, least)


def _sheet(path: Path, entry: SheetEntry, parts: list[str]) -> xlsx_pieces.Sheet:
    """``entry``'s sheet, to read in pieces (``parts``: the workbook's worksheet parts)."""
    return xlsx_pieces.Sheet(
        path, entry.part, entry.name, parts, (_calamine_values, _openpyxl_values)
    )


def _read(path: Path, entry: SheetEntry, parts: list[str], facts: SheetFacts, fast: bool) -> Table:
    """A sheet with error cells is read by openpyxl: whole when small, else its pieces that hold
    one (``xlsx_pieces``), python-calamine reading the others."""
    notes = ["protected"] if facts.protected else []
    if fast and facts.size > FAST_SHEET_BYTES and not facts.rows_unnumbered:
        table = _pieces_table(path, entry, parts, notes)
        if table is not None:
            return table
    elif fast and not facts.has_errors and facts.size <= FAST_SHEET_BYTES:
        table = _calamine_table(path, entry.name, notes)
        if table is not None:
            return table
    return _openpyxl_table(path, entry.name, notes)


def _check_workbook_bytes(path: Path) -> None:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == _OLE_MAGIC:
        # Encrypted (password to open) XLSX files and old .xls files are OLE containers.
        raise FileError(ENCRYPTED)
    if not magic.startswith(b"PK"):
        raise FileError(NOT_A_WORKBOOK, detail="")


def _worksheets(path: Path) -> list[SheetEntry]:
    """The workbook's worksheets in order (chart sheets left out), from its two index parts."""
    from defusedxml import ElementTree  # type: ignore[import-untyped]  # no stubs; used only here

    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as exc:
        raise FileError(NOT_A_WORKBOOK, detail=str(exc)[:200]) from None
    targets = {link.get("Id"): (link.get("Target") or "", link.get("Type") or "") for link in links}
    entries = []
    for node in book.iter(f"{{{_MAIN}}}sheet"):
        target, kind = targets.get(node.get(f"{{{_RELS}}}id"), ("", ""))
        if kind.endswith("/worksheet"):
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            entries.append(SheetEntry(node.get("name") or "", node.get("state") or "visible", part))
    return entries


def _pick_sheet(entries: list[SheetEntry], sheet: str | None) -> SheetEntry:
    if sheet is not None:
        for candidate in entries:
            if candidate.name == sheet or candidate.name.strip() == sheet.strip():
                return candidate
        raise FileError(NO_SUCH_SHEET, sheet=sheet, sheets=", ".join(e.name for e in entries))
    visible = [e for e in entries if e.state == "visible"]
    if not visible:
        raise FileError(EMPTY_SHEET, sheet="")
    return visible[0]


def _scan(path: Path, entry: SheetEntry) -> SheetFacts:
    """Refuse merged cells; note protection (it does not stop reading), rows without their
    number and, in a sheet read whole, error cells (a sheet read in pieces sends each piece that
    holds one to openpyxl). Protection and merged cells are looked for only around the rows,
    where the format puts them: the rows are most of a large sheet, and each search costs a pass."""
    part = entry.part
    merged: set[str] = set()
    protected = errors = unnumbered = False
    inside: bool | None = None  # among the rows; None: before them
    prefixed = True  # until the rows' tag says
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        size = archive.getinfo(part).file_size
        whole = size <= FAST_SHEET_BYTES
        tail = b""
        while chunk := xml.read(1 << 20):
            window = tail + chunk
            around = inside is not True
            if inside is None and (opening := SHEET_DATA.search(window)) is not None:
                prefixed, inside = bool(opening.group(1)), opening.group(2) != b"/"
            if inside and b"sheetData" in window and _SHEET_END.search(window):
                inside, around = False, True
            if around:
                protected = protected or (
                    b"sheetProtection" in window and bool(_PROTECTION.search(window))
                )
                if b"mergeCell" in window:
                    merged.update(_ref(m) for m in _MERGE_REF.finditer(window))
            errors = errors or (whole and ERROR_TYPE in window)
            unnumbered = unnumbered or _unnumbered(window, prefixed)
            tail = window[-300:]
    if merged:
        unique = sorted(merged)
        raise FileError(
            MERGED_CELLS, sheet=entry.name, ranges=", ".join(unique[:10]), count=len(unique)
        )
    return SheetFacts(size, protected, errors, unnumbered)


def _unnumbered(window: bytes, prefixed: bool = True) -> bool:
    """Does a row of ``window`` not say its number? Counted first (fast: every row written
    ``<row r="…"``, as by Excel), the pattern only where the counts differ or names are
    prefixed (``prefixed``: they may be)."""
    if window.count(b"<row") == window.count(b'<row r="') and not (prefixed and b":row" in window):
        return False  # (``<rowBreaks>`` too makes the counts differ: the pattern then decides)
    return bool(_UNNUMBERED_ROW.search(window))


def _ref(match: re.Match[bytes]) -> str:
    start = match.group(1).decode() + match.group(2).decode()
    return (
        start
        if match.group(3) is None
        else f"{start}:{match.group(3).decode()}{match.group(4).decode()}"
    )


def _openpyxl_table(path: Path, title: str, notes: list[str]) -> Table:
    """The sheet streamed by openpyxl (read-only): any size, error cells kept as their text."""
    import openpyxl  # no stubs (see pyproject: ignore_missing_imports)

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        worksheet = book[title]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(NOT_A_WORKBOOK, detail=str(exc)[:200]) from None
    done = [0]
    total = max(worksheet.max_row or 1, 1)
    rows = _openpyxl_rows(worksheet.iter_rows(values_only=True), done)
    return Table(
        format="xlsx",
        rows=rows,
        sheet=title,
        notes=notes,
        reader="openpyxl",
        close=book.close,
        progress=lambda: min(done[0] / total, 1.0),
    )


def _calamine_table(path: Path, title: str, notes: list[str]) -> Table | None:
    """The sheet read by python-calamine, or ``None`` if it cannot read it (openpyxl then does)."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(title)
    except (python_calamine.CalamineError, OSError, ValueError):
        return None
    done = [0]
    total = max(sheet.end[0] + 1, 1) if sheet.end else 1
    rows = _calamine_rows(sheet.iter_rows(), sheet.start[1] if sheet.start else 0, done)

    return Table(
        format="xlsx",
        rows=rows,
        sheet=title,
        notes=notes,
        reader="python-calamine",
        close=workbook.close,
        progress=lambda: min(done[0] / total, 1.0),
    )


def _pieces_table(
    path: Path, entry: SheetEntry, parts: list[str], notes: list[str]
) -> Table | None:
    """A sheet too large to read whole, read by python-calamine a piece at a time
    (``carewatch_core.imports.xlsx_pieces``), or ``None`` if it cannot read the first piece
    (openpyxl then does, as when it cannot read a whole sheet)."""
    done = [0, 0]  # bytes of the sheet's XML read, of all of it
    rows = pieces_rows(_sheet(path, entry, parts), done)
    try:
        first = next(rows, None)  # the first piece read now, so that a refusal is known here
    except PiecesRefused:
        return None
    return Table(
        format="xlsx",
        rows=itertools.chain([first] if first else [], rows),
        sheet=entry.name,
        notes=notes,
        reader="python-calamine",
        close=rows.close,  # the workbook, open while the rows are read
        progress=lambda: min(done[0] / done[1], 1.0) if done[1] else 0.0,
        in_pieces=True,
    )


def _openpyxl_values(values: list[Any]) -> tuple[Cell, ...]:
    return _trim(tuple(map(_openpyxl_cell, values)))


def _calamine_values(values: list[Any]) -> tuple[Cell, ...]:
    return _trim(_calamine_tuple(values))


def _calamine_tuple(values: list[Any]) -> tuple[Cell, ...]:
    # Text first, inline: most cells are text, and a call per cell would double the reading time.
    return tuple([(v or None) if type(v) is str else _calamine_cell(v) for v in values])


def _calamine_rows(rows: Iterable[list[Any]], skipped: int, done: list[int]) -> Iterator[RawRow]:
    """python-calamine's rows start at row 1 but at the first used column: the columns before
    it are put back, so that cells keep their columns whatever the sheet's first column is."""
    lead: tuple[Cell, ...] = (None,) * skipped
    for number, cells in enumerate(rows, start=1):
        done[0] = number
        yield RawRow(number, _trim(lead + _calamine_tuple(cells)))


def _calamine_cell(value: Any) -> Cell:
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT else value
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)  # as openpyxl: naive
    return value  # type: ignore[no-any-return]


def _openpyxl_rows(rows: Iterable[tuple[Any, ...]], done: list[int]) -> Iterator[RawRow]:
    for number, cells in enumerate(rows, start=1):
        done[0] = number
        yield RawRow(number, _trim(tuple(map(_openpyxl_cell, cells))))


def _openpyxl_cell(value: Any) -> Cell:
    """Blank text is a blank cell; ``_x000D_`` escapes (OOXML's way to write a carriage return and
    other control characters) are decoded, as python-calamine does and openpyxl's reader does not."""
    if type(value) is not str:
        return value  # type: ignore[no-any-return]
    if "_x" in value:
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value or None


def _trim(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]
