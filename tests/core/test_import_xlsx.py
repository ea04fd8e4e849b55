"""XLSX reading: python-calamine for sheets that fit in memory, openpyxl otherwise, with the same cells."""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from tests.import_fixtures import II_FILE

from carewatch_core.imports import xlsx, xlsx_pieces
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.tables import RawRow
from carewatch_core.imports.xlsx import read_xlsx


def _rows(path: Path, *, fast: bool) -> tuple[str, list[RawRow]]:
    table = read_xlsx(path, fast=fast)
    try:
        rows = list(table.rows)
    finally:
        table.close()
    while rows and not rows[-1].cells:  # openpyxl also yields the sheet's trailing blank rows
        rows.pop()
    return table.reader, rows


def _varied(path: Path, *, error_cell: bool = False) -> Path:
    """A sheet starting at B3, with every kind of cell a dataset holds."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Incidents")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "m/d/yy h:mm AM/PM"})
    clock = book.add_format({"num_format": "h:mm"})
    sheet.write_row(
        "B3", ["Date", "Time", "Text", "Whole", "Part", "Big", "Flag", "Empty", "Arabic"]
    )
    sheet.write_datetime("B4", datetime.datetime(2016, 9, 28), day)
    sheet.write_datetime("C4", datetime.datetime(2016, 9, 28, 13, 5), stamp)
    sheet.write_string(
        "D4", "A hospital was hit.\r\nTwo staff were hurt."
    )  # the CR is written as _x000D_
    sheet.write_number("E4", 42822)
    sheet.write_number("F4", 36.63)
    sheet.write_number("G4", 12345678901234567890)
    sheet.write_boolean("H4", True)
    sheet.write_string("I4", "")
    sheet.write_string("J4", "مشفى سراقب")
    sheet.write_datetime("B5", datetime.datetime(1899, 12, 31, 7, 30), clock)
    if error_cell:
        sheet.write_formula("C5", "=NA()", None, "#N/A")
    book.close()
    return path


def test_both_readers_give_the_same_cells(tmp_path: Path) -> None:
    path = _varied(tmp_path / "varied.xlsx")
    fast_reader, fast = _rows(path, fast=True)
    slow_reader, slow = _rows(path, fast=False)
    assert (fast_reader, slow_reader) == ("python-calamine", "openpyxl")
    assert fast == slow
    header, first, second = fast[2], fast[3], fast[4]
    assert header.number == 3
    assert header.cells[:2] == (None, "Date")  # column A stays column A
    assert first.cells[1:] == (
        datetime.datetime(2016, 9, 28),
        datetime.datetime(2016, 9, 28, 13, 5),
        "A hospital was hit.\r\nTwo staff were hurt.",
        42822,
        36.63,
        1.234567890123457e19,
        True,
        None,
        "مشفى سراقب",
    )
    assert second.cells == (None, datetime.time(7, 30))


def test_a_sheet_with_error_cells_is_read_by_openpyxl_and_keeps_their_text(tmp_path: Path) -> None:
    reader, rows = _rows(_varied(tmp_path / "errors.xlsx", error_cell=True), fast=True)
    assert reader == "openpyxl"
    assert rows[4].cells == (None, datetime.time(7, 30), "#N/A")


def _in_pieces(path: Path, monkeypatch: pytest.MonkeyPatch, piece: int = 1) -> list[RawRow]:
    """The sheet read a piece at a time (``piece``: bytes of XML a piece holds at least; 1: a row)."""
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "PIECE_BYTES", piece)
    reader, rows = _rows(path, fast=True)
    assert reader == "python-calamine"
    monkeypatch.undo()
    return rows


def _gappy(path: Path, *, other_sheet: bool = False, errors: tuple[int, ...] = ()) -> Path:
    """Blank rows between used ones, rows whose first used column moves, shared text repeated;
    ``errors``: the data rows (from 0) whose count is ``#N/A``."""
    book = xlsxwriter.Workbook(path)
    if other_sheet:
        book.add_worksheet("Notes").write("A1", "not this one")
    sheet = book.add_worksheet("Incidents")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row("C2", ["Date", "Place", "Killed"])
    for index in range(40):
        row = 3 + index * 3  # two blank rows after each
        sheet.write_datetime(row, 2, datetime.datetime(2016, 1, 1 + index % 28), day)
        sheet.write_string(row, 3, "Idlib" if index % 2 else "إدلب")
        if index in errors:
            sheet.write_formula(row, 4, "=NA()", None, "#N/A")
        elif index % 5:
            sheet.write_number(row, 4, index)
        if index % 7 == 0:
            sheet.write_string(row + 1, 6, "only column G")  # a row starting further right
    book.close()
    return path


def _rezipped(
    source: Path,
    target: Path,
    sheet: Callable[[bytes], bytes] = lambda data: data,
    rename: tuple[str, str] = ("", ""),
    extra: dict[str, bytes] | None = None,
) -> Path:
    """``source``'s parts in a new workbook: its worksheets' XML changed by ``sheet``, a part
    name and the references to it renamed (``rename``: old, new), ``extra`` parts added."""
    old, new = rename
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target, "w") as after:
        for info in before.infolist():
            data, name = before.read(info.filename), info.filename
            if name.startswith("xl/worksheets/sheet"):
                data = sheet(data)
            if old:
                data, name = data.replace(old.encode(), new.encode()), name.replace(old, new)
            after.writestr(name, data)
        for name, data in (extra or {}).items():
            after.writestr(name, data)
    return target


def test_a_sheet_larger_than_the_memory_bound_is_read_in_pieces_with_the_same_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (_varied(tmp_path / "varied.xlsx"), _gappy(tmp_path / "gappy.xlsx")):
        whole = _rows(path, fast=True)[1]
        assert whole == _rows(path, fast=False)[1]
        for piece in (1, 300, 4096, 1 << 20):  # a row a piece, a few rows, many, all of them
            assert _in_pieces(path, monkeypatch, piece) == whole, (path.name, piece)


def test_pieces_keep_row_numbers_across_blank_rows_and_read_the_sheet_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _gappy(tmp_path / "two-sheets.xlsx", other_sheet=True)
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "PIECE_BYTES", 1)
    table = read_xlsx(path, sheet="Incidents")
    rows = list(table.rows)
    assert table.progress() == 1.0
    numbered = {row.number: row.cells for row in rows}
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))  # every row, blank or not
    assert numbered[2] == (None, None, "Date", "Place", "Killed")
    assert numbered[3] == ()
    assert numbered[4] == (None, None, datetime.datetime(2016, 1, 1), "إدلب")
    assert numbered[5] == (None,) * 6 + ("only column G",)
    assert numbered[6] == () and numbered[7][3] == "Idlib"
    assert "not this one" not in repr(rows)


def _inline_and_prefixed(path: Path) -> Path:
    """A sheet of inline strings (as openpyxl's write-only mode writes), its elements then given a
    namespace prefix (``<x:row>``, as some other writers do)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["ID", "Text", "Number"])
    for index in range(1, 30):
        sheet.append([f"E{index}", 'a <b> & "c"' if index % 3 else "نص", index * 1.5])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)

    def prefixed(data: bytes) -> bytes:
        data = re.sub(rb"<(/?)(?=[a-zA-Z])", rb"<\1x:", data)
        return data.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=")

    return _rezipped(plain, path, prefixed)


def test_pieces_read_inline_strings_and_prefixed_elements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _inline_and_prefixed(tmp_path / "inline.xlsx")
    whole = _rows(path, fast=True)[1]
    assert whole[1].cells == ("E1", 'a <b> & "c"', 1.5) and whole[3].cells[1] == "نص"
    assert len(whole) == 30
    assert _in_pieces(path, monkeypatch) == whole
    assert _in_pieces(path, monkeypatch, 500) == whole


def test_an_empty_large_sheet_gives_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = xlsxwriter.Workbook(tmp_path / "empty.xlsx")
    book.add_worksheet("Nothing")
    book.close()
    assert _in_pieces(tmp_path / "empty.xlsx", monkeypatch) == []


def test_the_real_workbook_reads_the_same_with_both_readers() -> None:
    if not II_FILE.exists():
        from tests.conftest import needs

        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    fast_reader, fast = _rows(II_FILE, fast=True)
    _slow_reader, slow = _rows(II_FILE, fast=False)
    assert fast_reader == "python-calamine"
    assert len(fast) == 8856
    assert fast == slow


def test_the_real_workbook_reads_the_same_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    if not II_FILE.exists():
        from tests.conftest import needs

        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    whole = _rows(II_FILE, fast=True)[1]
    assert _in_pieces(II_FILE, monkeypatch, 256 << 10) == whole  # a few hundred rows a piece


def test_a_part_too_large_to_hold_is_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _gappy(tmp_path / "gappy.xlsx")  # xlsxwriter writes a shared strings part
    monkeypatch.setattr(xlsx_pieces, "MOST_PART_BYTES", 10)
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    with pytest.raises(FileError) as refused:
        list(read_xlsx(path).rows)
    assert refused.value.code == "not_a_workbook"
    assert "bytes, more than 10" in refused.value.params["detail"]


def test_a_large_sheet_whose_rows_do_not_say_their_number_is_streamed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``r`` is optional on a row: only a reader of the whole sheet can count such rows, so a
    large one goes to openpyxl rather than in pieces (each piece would count from 1 again)."""
    numbered = _gappy(tmp_path / "numbered.xlsx")
    path = _rezipped(
        numbered, tmp_path / "unnumbered.xlsx", lambda data: re.sub(rb'<row r="\d+"', b"<row", data)
    )
    assert xlsx._unnumbered(b'<row r="1" spans="1:3"><c r="A1"/></row>') is False
    assert xlsx._unnumbered(b'<row spans="1:3" r="2">') is False
    assert xlsx._unnumbered(b"<x:row spans='1:3'>") is True
    assert xlsx._unnumbered(b'<row r="1"></row><row>') is True
    assert xlsx._unnumbered(b'<row r="1"></row><row r') is False  # a tag cut at a window's end
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    reader, rows = _rows(path, fast=True)
    assert reader == "openpyxl"
    # A row without its number follows the row before (openpyxl counts them so).
    assert rows == _rows(path, fast=False)[1] and rows[1].cells[3] == "إدلب"


def test_a_scan_handed_over_is_not_made_again_and_chooses_the_same_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _varied(tmp_path / "errors.xlsx", error_cell=True)
    table = read_xlsx(path)
    assert table.reader == "openpyxl" and table.facts.has_errors
    table.close()

    def no_scan(*_args: object) -> None:
        raise AssertionError("scanned again")

    monkeypatch.setattr(xlsx, "_scan", no_scan)
    again = read_xlsx(path, facts=table.facts)
    assert again.reader == "openpyxl" and again.facts is table.facts
    assert [r for r in again.rows if r.cells][-1].cells[-1] == "#N/A"
    again.close()


def test_a_sheet_python_calamine_refuses_is_read_by_openpyxl_in_pieces_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-calamine looks for the shared strings under their usual name only: a workbook
    that names them otherwise goes to openpyxl, whole or in pieces, and reads the same."""
    plain = _gappy(tmp_path / "plain.xlsx", other_sheet=True)
    path = _rezipped(
        plain,
        tmp_path / "renamed.xlsx",
        rename=("sharedStrings.xml", "strings7.xml"),
        extra={"xl/media/image1.png": b"\x89PNG" + bytes(5000)},  # left out of pieces
    )
    expected = list(read_xlsx(plain, sheet="Incidents").rows)
    assert read_xlsx(path, sheet="Incidents").reader == "openpyxl"
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "PIECE_BYTES", 1)
    table = read_xlsx(path, sheet="Incidents")
    assert table.reader == "openpyxl"
    assert [r for r in table.rows if r.cells] == [r for r in expected if r.cells]


def test_pieces_leave_pictures_out_and_read_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _gappy(tmp_path / "plain.xlsx")
    picture = {"xl/media/image1.png": b"\x89PNG" + bytes(50_000)}
    path = _rezipped(plain, tmp_path / "pictured.xlsx", extra=picture)
    monkeypatch.setattr(xlsx_pieces, "MOST_PART_BYTES", 20_000)  # the picture is not read at all
    assert _in_pieces(path, monkeypatch) == _rows(plain, fast=True)[1]


def test_a_large_sheet_with_error_cells_reads_their_pieces_with_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A piece holding an error cell is read by openpyxl, which keeps ``#N/A`` as its text; the
    other pieces by python-calamine: the same cells as openpyxl reading the whole sheet."""
    path = _gappy(tmp_path / "errors.xlsx", errors=(17, 31))
    whole = _rows(path, fast=False)[1]
    assert _rows(path, fast=True)[0] == "openpyxl"  # small: read whole by openpyxl, as before
    for piece in (1, 700, 1 << 20):
        assert _in_pieces(path, monkeypatch, piece) == whole, piece
    assert [r.cells[4] for r in whole if len(r.cells) > 4 and r.cells[4] == "#N/A"] == ["#N/A"] * 2


def test_a_piece_grows_with_the_shared_strings_up_to_a_bound() -> None:
    assert xlsx_pieces.piece_bytes(0) == xlsx_pieces.PIECE_BYTES == 16 << 20
    assert xlsx_pieces.piece_bytes(10 << 20) == 40 << 20  # each piece reads them again
    assert xlsx_pieces.piece_bytes(500 << 20) == xlsx_pieces.PIECE_BYTES_MOST == 256 << 20


def _long(path: Path, *, merge: bool = False, protect: bool = False) -> Path:
    """A sheet of several MiB of XML (the scan reads 1 MiB at a time), with a merged range or
    protection, which the format puts after the rows, and one error cell."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Incidents")
    sheet.write_row(0, 0, ["Date", "Place", "Killed"])
    for row in range(1, 40_000):
        sheet.write_row(row, 0, [f"2016-01-{1 + row % 28:02d}", f"place {row} " * 3, row])
    sheet.write_formula(20_000, 2, "=NA()", None, "#N/A")
    if merge:
        sheet.merge_range("D30000:E30001", "merged")
    if protect:
        sheet.protect()
    book.close()
    return path


def test_the_scan_finds_what_follows_the_rows_of_a_long_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Protection and merged cells are looked for only outside the rows (where the format puts
    them): found after several MiB of rows, and before them in a workbook that puts them there."""
    plain = _long(tmp_path / "plain.xlsx")
    entry = xlsx._worksheets(plain)[0]
    assert zipfile.ZipFile(plain).getinfo(entry.part).file_size > 4 << 20
    facts = xlsx._scan(plain, entry)
    assert (facts.protected, facts.has_errors, facts.rows_unnumbered) == (False, True, False)
    assert xlsx._scan(_long(tmp_path / "p.xlsx", protect=True), entry).protected
    with pytest.raises(FileError) as refused:
        xlsx._scan(_long(tmp_path / "m.xlsx", merge=True), entry)
    assert refused.value.params["ranges"] == "D30000:E30001"

    def merge_first(data: bytes) -> bytes:  # the merged range before the rows
        cells = b'<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>'
        return data.replace(b"<sheetData>", cells + b"<sheetData>", 1)

    early = _rezipped(plain, tmp_path / "early.xlsx", merge_first)
    with pytest.raises(FileError) as refused:
        xlsx._scan(early, entry)
    assert refused.value.params["ranges"] == "A2:B2"
    # A sheet read in pieces sends each piece with an error cell to openpyxl: not looked for.
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 1 << 20)
    assert xlsx._scan(plain, entry).has_errors is False
    assert _in_pieces(plain, monkeypatch, 1 << 20)[20_000].cells[2] == "#N/A"
