"""XLSX reading: python-calamine for sheets that fit in memory, openpyxl otherwise, with the same cells."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import xlsxwriter
from tests.import_fixtures import II_FILE

from carewatch_core.imports import xlsx
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


def test_a_sheet_larger_than_the_memory_bound_is_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _varied(tmp_path / "big.xlsx")
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 100)
    reader, rows = _rows(path, fast=True)
    assert reader == "openpyxl"
    assert rows == _rows(path, fast=False)[1]


def test_the_real_workbook_reads_the_same_with_both_readers() -> None:
    if not II_FILE.exists():
        from tests.conftest import needs

        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    fast_reader, fast = _rows(II_FILE, fast=True)
    _slow_reader, slow = _rows(II_FILE, fast=False)
    assert fast_reader == "python-calamine"
    assert len(fast) == 8856
    assert fast == slow
