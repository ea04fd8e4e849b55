"""Mapping rows in batches (cached steps, value caches) gives exactly what row-by-row mapping gives."""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import needs

from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import as_count, count_once
from carewatch_core.imports.dates import DateError, parse_date, parse_date_once
from carewatch_core.imports.mapping import Mapper, _blank
from carewatch_core.imports.profiles import PROFILES
from carewatch_core.imports.rows import MappedRow, Overrides
from carewatch_core.imports.tables import RawRow, Table, open_table

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
II_FILE = SHARED / "insecurity_insight" / "2016-2023-attacks-on-health-care-incident-data.xlsx"
WHO_FILE = SHARED / "who_ssa" / "attacks-on-health-care-systems-data.csv"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def snapshot(row: MappedRow) -> tuple[Any, ...]:
    issues = [(i.row, i.column, i.value, i.code, i.severity, i.params) for i in row.issues]
    return row.number, row.key, row.values, row.record, row.extra, issues


def both_ways(
    path: Path, profile: str, overrides: Overrides | None = None
) -> tuple[list[Any], list[Any]]:
    """(rows mapped in batches as an import does, the same rows mapped one by one)."""
    table = open_table(path)
    batched = [snapshot(r) for r in Mapper(PROFILES[profile], table, overrides or Overrides())]
    table.close()
    table = open_table(path)
    mapper = Mapper(PROFILES[profile], table, overrides or Overrides())
    one_by_one = [snapshot(mapper.map(raw)) for raw in mapper._rows if not _blank(raw.cells)]
    table.close()
    return batched, one_by_one


def test_the_insecurity_insight_profile_is_its_steps() -> None:
    assert PROFILES["insecurity_insight"].steps


def test_the_real_insecurity_insight_workbook_maps_the_same_in_batches_as_row_by_row() -> None:
    if not II_FILE.exists():
        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    batched, one_by_one = both_ways(II_FILE, "insecurity_insight")
    assert len(batched) == 8854 and batched == one_by_one
    assert sum(1 for r in batched if r[5]) > 500  # the comparison covers flagged rows too


def test_the_real_workbook_as_csv_maps_the_same_in_batches_with_a_saved_mapping(
    tmp_path: Path,
) -> None:
    """CSV cells are all text (the steps' caches key them without types); a saved mapping is honoured."""
    if not II_FILE.exists():
        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    table = open_table(II_FILE)
    path = tmp_path / "ii.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([_printable(c) for c in raw.cells] for raw in table.rows)
    table.close()
    overrides = Overrides(
        values={"weapon": {"Firearms": "other"}, "location": {"Home": "warehouse"}}
    )
    batched, one_by_one = both_ways(path, "insecurity_insight", overrides)
    assert batched == one_by_one
    assert any(r[3].get("weapons") == ["other"] for r in batched)


def _printable(cell: object) -> object:
    """A cell for a CSV file (a few workbook cells hold control characters, which CSV files may not)."""
    if cell is None:
        return ""
    return _CONTROLS.sub("", cell) if isinstance(cell, str) else cell


def test_the_real_who_ssa_export_maps_the_same_in_batches() -> None:
    if not WHO_FILE.exists():
        needs(str(WHO_FILE), "the shared WHO SSA export")
    batched, one_by_one = both_ways(WHO_FILE, "who_ssa")
    assert len(batched) == 6277 and batched == one_by_one


HEADER = (
    "Date",
    "Country",
    "Country ISO",
    "Admin 1",
    "Latitude",
    "Longitude",
    "Geo Precision",
    "Weapon Carried/Used",
    "Health Workers Killed",
    "Health Workers Threatened",
    "SiND Event ID",
)


def xlsx_like(rows: list[tuple[object, ...]]) -> Table:
    raws = [RawRow(1, HEADER)] + [RawRow(n, cells) for n, cells in enumerate(rows, start=2)]
    return Table("xlsx", iter(raws))


def test_cells_equal_in_python_but_of_other_types_are_not_confused() -> None:
    """``True == 1``: a cached step must still read a TRUE cell as no count and a 1 as one."""
    day = datetime.datetime(2020, 5, 1)
    rows = [
        (day, "Syria", "SYR", "Idlib", 35.9, 36.6, "(2)", "Shelling", cell, cell, n)
        for n, cell in enumerate([1, True, 1.0, "1", True, 1], start=1)
    ]
    batched = [snapshot(r) for r in Mapper(PROFILES["insecurity_insight"], xlsx_like(rows))]
    mapper = Mapper(PROFILES["insecurity_insight"], xlsx_like(rows))
    assert batched == [snapshot(mapper.map(raw)) for raw in mapper._rows]
    killed = [r[3]["counts"].get("killed_hw") for r in batched]
    assert killed == [[1, None], None, [1, None], [1, None], None, [1, None]]
    assert [E.BAD_COUNT in {i[3] for i in r[5]} for r in batched] == [
        False,
        True,
        False,
        False,
        True,
        False,
    ]


def test_short_csv_rows_read_their_missing_cells_as_blank(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(
            [
                "2020-05-01",
                "Syria",
                "SYR",
                "Idlib",
                "35.9",
                "36.6",
                "(2)",
                "Shelling",
                "2",
                "1",
                "A",
            ]
        )
        writer.writerow(
            ["2020-05-02", "Syria", "SYR", "Idlib", "35.9", "36.6", "(2)", "Shelling"]
        )  # no counts, no ID
    batched, one_by_one = both_ways(path, "insecurity_insight")
    assert batched == one_by_one and batched[1][3]["counts"] == {}
    assert E.MISSING_ID in {i[3] for i in batched[1][5]}


@pytest.mark.parametrize(
    "cell", [None, "", "3", "3-5", "some", "x", 2, 2.0, 2.5, True, False, -1, "٣"]
)
def test_the_count_cache_gives_what_reading_the_count_gives(cell: object) -> None:
    for _ in range(2):  # the second time from the cache
        try:
            expected: tuple[Any, ...] = as_count(cell)
        except ValueError as exc:
            expected = (as_count(None)[0], getattr(exc, "code", None))
        assert count_once(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        None,
        "2016-09-28",
        "3/4/2020",
        "13/4/2020",
        "March 2020",
        "2016",
        42640,
        42640.5,
        True,
        datetime.date(2020, 1, 2),
        datetime.datetime(2020, 1, 2, 10, 30),
        "x",
    ],
)
@pytest.mark.parametrize("day_first", [None, False, True])
def test_the_date_cache_gives_what_parsing_the_date_gives(
    cell: object, day_first: bool | None
) -> None:
    for _ in range(2):
        try:
            expected: tuple[Any, Any] = (parse_date(cell, day_first=day_first), None)
        except DateError as exc:
            expected = (None, exc.code)
        assert parse_date_once(cell, day_first) == expected


def test_past_its_memory_bound_a_step_is_computed_without_being_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from carewatch_core.imports import steps

    monkeypatch.setattr(steps, "MEMO_CHARS", 40)
    day = datetime.datetime(2020, 5, 1)
    rows = [
        (day, "Syria", "SYR", f"Idlib {'x' * n}", 35.9, 36.6, "(2)", "Shelling", "1", "", n)
        for n in range(1, 30)
    ]
    mapper = Mapper(PROFILES["insecurity_insight"], xlsx_like(rows))
    batched = [snapshot(r) for r in mapper]
    assert mapper._steps is not None and mapper._steps._chars <= 40
    again = Mapper(PROFILES["insecurity_insight"], xlsx_like(rows))
    assert batched == [snapshot(again.map(raw)) for raw in again._rows]


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        (
            ["Date", "Event Description", "Admin 1"],
            ["2016-09-28", 'A "hospital"\\hit\r\n\t\x01', "محافظة إدلب"],
        ),
        (["b", "a", "c"], ["", "  ", "x"]),  # blank and space-only cells are left out
        (
            ["b", "a", "c", "d"],
            ["\u00a0\u2003", "\x1c", " y ", "\u200b"],
        ),  # any Unicode white space is blank; a zero-width space is not white space
        (["b", "a", "c"], ["1"]),  # a short row
        (["b", "a"], ["1", "2", "3"]),  # a cell past the header: "column 3"
        (["a", "a", "b"], ["1", "", "2"]),  # two columns of one name: the mapping's rule
        (
            ["Zeta", "alpha", "Émile", "مشفى"],
            ["1", "2", "3", "4"],
        ),  # key order as canonical JSON sorts it
        (
            ["a", "b", "c", "d", "e"],
            [42822, 36.63, 0.0, False, datetime.datetime(2016, 9, 28)],
        ),  # typed (a workbook)
        (["a", "b"], [datetime.datetime(2016, 9, 28, 13, 5), datetime.time(7, 30)]),
    ],
)
def test_the_fingerprint_is_the_sha256_of_the_rows_canonical_json(
    header: list[str], cells: list[Any]
) -> None:
    from carewatch_core.hashing import canonical_json, sha256_text
    from carewatch_core.imports.fingerprint import Fingerprint, cell_text
    from carewatch_core.imports.stored import row_values

    expected = sha256_text(canonical_json(row_values([cell_text(c) for c in cells], header)))
    assert Fingerprint(header).of(cells, all(type(c) is str for c in cells)) == expected


def test_a_workbooks_typed_cells_are_fingerprinted_as_the_text_of_a_csv_of_them() -> None:
    from carewatch_core.imports.fingerprint import Fingerprint

    header = ["Date", "Latitude", "Killed", "Obstructed", "Time"]
    typed = [
        datetime.datetime(2023, 12, 21),
        31.5294490666,
        0.0,
        False,
        datetime.datetime(2016, 9, 28, 13, 5),
    ]
    text = ["2023-12-21", "31.5294490666", "0", "False", "2016-09-28 13:05:00"]
    assert Fingerprint(header).of(typed, False) == Fingerprint(header).of(text, True)


@pytest.mark.parametrize(
    "cells",
    [
        [
            "2016-09-28",
            "",
            "  ",
            'He said "no"',
            "C:\\path",
            "إدلب",
            "line\nbreak\ttab",
            "\x00\x1f\x85",
            "😀",
        ],
        [],
        ["2016-09-28", None, 42, 31.5, True, ""],  # a workbook's typed cells
    ],
)
def test_a_rows_stored_text_is_the_json_of_its_cells(cells: list[Any]) -> None:
    import json

    from carewatch_core.imports.stored import decode_row, encode_row

    text = encode_row(7, cells)
    assert text == json.dumps({"run": 7, "cells": cells}, ensure_ascii=False, separators=(",", ":"))
    assert decode_row(text) == (7, cells)
