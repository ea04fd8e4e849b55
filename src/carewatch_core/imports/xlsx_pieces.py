"""A worksheet too large to read whole, read by python-calamine a piece at a time.

python-calamine holds the whole sheet in memory while it reads (about 1.7-2.3 bytes per byte of
the sheet's XML), so a sheet larger than ``xlsx.FAST_SHEET_BYTES`` used to be streamed by
openpyxl, which parses the XML in Python: a 200,000-row workbook took 99 s to import against
7 s for the same rows as CSV. Here the sheet's XML is read as a stream and cut between rows
(``</row>`` ends a row and cannot occur inside a cell: XML writes ``<`` in text as ``&lt;``).
Each piece, with the sheet's opening and closing tags around it, goes into a small workbook in
memory beside the original's workbook, styles and shared strings parts (dates and shared text
read as in the whole workbook), and python-calamine reads that. Memory stays about the
same whatever the sheet's size; the cells are the ones python-calamine gives for the whole sheet
(tests/core/test_import_xlsx.py compares them, with pieces of a few rows).

Rows keep their numbers: each piece says where its first used cell is (``CalamineSheet.start``);
the rows before it that no piece holds are blank rows, as the whole sheet has them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from carewatch_core.imports.errors import NOT_A_WORKBOOK, FileError
from carewatch_core.imports.tables import Cell, RawRow

#: How much of the sheet's XML one piece holds (plus one row), at least: each piece reads the
#: shared strings again, so a piece is also at least ``SHARED_TEXT_SHARE`` times their size.
PIECE_BYTES = 16 << 20
SHARED_TEXT_SHARE = 4
#: ... and at most this much, whatever the shared strings' size (python-calamine holds about twice
#: a piece's XML while it reads it).
PIECE_BYTES_MOST = 256 << 20
#: The largest part read whole into memory beside the pieces (the shared strings, above all).
MOST_PART_BYTES = 1 << 30
#: Parts a piece's workbook leaves out: worksheets (the one read is the piece; any other the
#: workbook lists is put in empty), their relationships (drawings, comments), and pictures,
#: charts and other embedded content, which can be large and hold no cell. What is kept (the
#: workbook, its relationships, styles, shared strings, whatever their part names) is what
#: python-calamine needs to read the piece as the whole workbook's sheet.
_LEFT_OUT = re.compile(
    r"^xl/(worksheets/|media/|embeddings/|drawings/|charts/|printerSettings/|pivotCache|"
    r"pivotTables/|externalLinks/|activeX/|ctrlProps/|diagrams/|vbaProject)"
)
SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<((?:[\w.-]+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*/>")
_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)

Convert = Callable[[list[Any]], tuple[Cell, ...]]
#: An error cell's type attribute, looked for as plain bytes (fast; the same bytes inside an
#: inline string only send the sheet or piece to the slower reader): a sheet or piece holding one is
#: read by openpyxl, which keeps the error's text where python-calamine reads a blank.
ERROR_TYPE = b't="e"'
#: How much of the sheet's XML is read at a time.
_READ_BYTES = 1 << 20
_FIRST_ROW = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\sr="(\d+)"')


@dataclass(frozen=True)
class Sheet:
    """A worksheet to read in pieces: the workbook at ``path``, the zip part holding the sheet
    (named ``title``), the workbook's other worksheet parts, and ``convert``, which turns a row of
    values from the first column, read by python-calamine or by openpyxl, into cells."""

    path: Any
    part: str
    title: str
    other_sheets: list[str]
    convert: tuple[Convert, Convert]


def pieces_rows(sheet: Sheet, done: list[int]) -> Generator[RawRow, None, None]:
    """The sheet's rows, numbered from 1. ``done`` holds how many bytes of the sheet's XML have
    been read, and their total."""
    expected = 1  # the number of the next row to give
    for _index, slow, rows in _read_pieces(sheet, done):
        for number, values in rows:
            while expected < number:  # rows no piece holds: blank, as in the whole sheet
                yield RawRow(expected, ())
                expected += 1
            yield RawRow(number, sheet.convert[slow](values))
            expected = number + 1


def own_pieces(
    sheet: Sheet, done: list[int], mine: Callable[[int], bool], least: int
) -> Generator[tuple[int, list[RawRow]], None, None]:
    """(index, rows) of the pieces whose index ``mine`` accepts, cut as ``pieces_rows`` cuts them
    when ``PIECE_BYTES`` is ``least``: the other pieces are cut but not read (a process mapping
    some of the sheet's pieces reads only those). Rows no piece holds are left out."""
    for index, slow, rows in _read_pieces(sheet, done, mine, least):
        make = sheet.convert[slow]
        yield index, [RawRow(number, make(values)) for number, values in rows]


def _read_pieces(
    sheet: Sheet,
    done: list[int],
    mine: Callable[[int], bool] | None = None,
    least: int | None = None,
) -> Generator[tuple[int, bool, list[tuple[int, list[Any]]]], None, None]:
    """(index, read by openpyxl, (row number, values) of each row) of each piece ``mine``
    accepts (every piece when ``None``: then python-calamine refusing the first is
    ``PiecesRefused``)."""
    part, title = sheet.part, sheet.title
    with zipfile.ZipFile(sheet.path) as archive:
        present = [i for i in archive.infolist() if not _LEFT_OUT.match(i.filename)]
        if large := [p for p in present if p.file_size > MOST_PART_BYTES]:
            detail = (
                f"{large[0].filename}: {large[0].file_size:,} bytes, more than {MOST_PART_BYTES:,}"
            )
            raise FileError(NOT_A_WORKBOOK, detail=detail)
        kept = {info.filename: archive.read(info) for info in present}
        kept.update((name, _EMPTY_SHEET) for name in sheet.other_sheets if name != part)
        shared = max((len(d) for n, d in kept.items() if "sharedstrings" in n.lower()), default=0)
        size = piece_bytes(shared, least)
        done[1] = archive.getinfo(part).file_size
        with archive.open(part) as xml:
            for index, piece in enumerate(_pieces(_Counted(xml, done), size)):
                if mine is not None and not mine(index):
                    continue
                slow = ERROR_TYPE in piece
                try:
                    rows = (_read_slowly if slow else _read_piece)(kept, part, title, piece)
                except _Unreadable as exc:
                    if index == 0 and mine is None:  # as python-calamine refuses the whole
                        raise PiecesRefused(str(exc)) from None  # sheet: read another way
                    raise FileError(NOT_A_WORKBOOK, detail=str(exc)[:200]) from None
                yield index, slow, rows


def piece_bytes(shared: int, least: int | None = None) -> int:
    """How much sheet XML a piece holds at least, given ``shared`` bytes of shared strings
    (and ``PIECE_BYTES``, unless ``least`` is given)."""
    least = PIECE_BYTES if least is None else least
    return min(max(least, SHARED_TEXT_SHARE * shared), max(PIECE_BYTES_MOST, least))


class PiecesRefused(Exception):
    """python-calamine cannot read the sheet's first piece (as it would refuse the whole sheet:
    a part under a name it does not look for, say); the sheet is to be read another way."""


class _Unreadable(Exception):
    """python-calamine cannot read a piece (its message)."""


class _Counted:
    """A stream that counts what is read from it in ``done[0]``."""

    def __init__(self, stream: Any, done: list[int]) -> None:
        self.stream, self.done = stream, done

    def read(self, count: int) -> bytes:
        data: bytes = self.stream.read(count)
        self.done[0] += len(data)
        return data


def _pieces(xml: Any, piece_bytes: int) -> Iterator[bytes]:
    """The sheet's XML in pieces of whole rows, each wrapped in the sheet's opening and closing tags."""
    step = min(_READ_BYTES, max(piece_bytes, 64))  # read no more at a time than a piece holds
    buffer = b""
    while (found := SHEET_DATA.search(buffer)) is None:
        chunk = xml.read(step)
        if not chunk:
            return  # no sheetData: no rows
        buffer += chunk
    prefix, empty = found.group(1), found.group(2) == b"/"
    if empty:
        return
    opening = _DIMENSION.sub(
        b"", buffer[: found.end()]
    )  # the whole sheet's size would not fit a piece
    root = _ROOT.search(opening)
    closing = b"</" + prefix + b"sheetData></" + (root.group(1) if root else b"worksheet") + b">"
    row_end, data_end = b"</" + prefix + b"row>", b"</" + prefix + b"sheetData>"
    parts, size = [buffer[found.end() :]], len(buffer) - found.end()
    while chunk := xml.read(step):
        parts.append(chunk)
        size += len(chunk)
        if size >= piece_bytes:
            data = b"".join(parts)
            cut = data.rfind(row_end)
            if cut < 0:  # one row longer than a piece: read on
                parts = [data]
                continue
            cut += len(row_end)
            yield opening + data[:cut] + closing
            parts, size = [data[cut:]], len(data) - cut
    data = b"".join(parts)
    stop = data.find(data_end)
    rows = data[: stop if stop >= 0 else len(data)]
    if rows.strip():
        yield opening + rows + closing


def _book(kept: dict[str, bytes], part: str, piece: bytes) -> io.BytesIO:
    """A workbook in memory: the parts kept, and ``piece`` as the sheet's part."""
    holder = io.BytesIO()
    with zipfile.ZipFile(holder, "w", zipfile.ZIP_STORED) as book:
        for name, data in kept.items():
            book.writestr(name, data)
        book.writestr(part, piece)
    holder.seek(0)
    return holder


def _read_slowly(
    kept: dict[str, bytes], part: str, title: str, piece: bytes
) -> list[tuple[int, list[Any]]]:
    """(row number, values from column A) of each row of ``piece`` from its first, read by
    openpyxl (a piece holding an error cell, whose text it keeps)."""
    import openpyxl  # no stubs (see pyproject: ignore_missing_imports)

    first = _FIRST_ROW.search(piece)
    if first is None:
        return []
    start = int(first.group(1))
    try:
        book = openpyxl.load_workbook(_book(kept, part, piece), read_only=True, data_only=True)
        try:
            rows = list(book[title].iter_rows(min_row=start, values_only=True))
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _Unreadable(str(exc)) from None
    return [(start + offset, list(values)) for offset, values in enumerate(rows)]


def _read_piece(
    kept: dict[str, bytes], part: str, title: str, piece: bytes
) -> list[tuple[int, list[Any]]]:
    """(row number, values from the sheet's first column) of each row of ``piece`` that
    python-calamine finds in its used range."""
    import python_calamine

    holder = _book(kept, part, piece)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(holder)
        sheet = workbook.get_sheet_by_name(title)
        start = sheet.start
        rows = sheet.to_python(skip_empty_area=True) if start is not None else []
    except (python_calamine.CalamineError, ValueError) as exc:
        raise _Unreadable(str(exc)) from None
    if start is None:
        return []
    lead: list[Any] = [""] * start[1]
    return [
        (start[0] + offset + 1, lead + values if lead else values)
        for offset, values in enumerate(rows)
    ]
