"""``carewatch link-file`` reads lists as spreadsheets and other programs write them.

A list comes from Excel saved as CSV in Windows Arabic with semicolons, from a workbook, from a
program that writes ``35.0`` for an age and ``2013-05-03 00:00:00`` for a date, with a header
``Record ID`` and sex written ``Adult - Male``. Each such list is linked as its UTF-8,
comma-separated twin is; what cannot be read without a guess (a date that could be 3 May or
5 March) is refused with a message that says how to settle it.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from carewatch.lib.commands import environment_language
from carewatch_core.imports.cells import as_float
from carewatch_core.linkage.cells import (
    age_of,
    cell_text,
    header_name,
    sex_of,
    unidentified,
    whole_number,
)
from carewatch_core.linkage.files import ReadOptions, read_incidents, read_persons
from carewatch_core.synth import generate_person_lists

HEADER = ("record_id", "source", "name_ar", "name_latin", "sex", "age", "date_of_death")
RECORDS, _TRUTH = generate_person_lists(200, 3, seed=5)
ROWS = [
    (
        r.record_id,
        r.source,
        r.name_ar,
        r.name_latin,
        r.sex,
        "" if r.age is None else str(r.age),
        "" if r.date_of_death is None else r.date_of_death.isoformat(),
    )
    for r in RECORDS
]


def link(path: Path, *args: str, **options: object) -> list[dict[str, str]]:
    out = path.with_name("out.csv")
    options.setdefault("quiet", True)
    call_command("link-file", "persons", str(path), *args, out=str(out), **options)
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def clusters(rows: list[dict[str, str]]) -> list[set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["cluster_id"], set()).add(row["record_id"])
    return sorted(found.values(), key=min)


def plain(tmp_path: Path) -> list[set[str]]:
    path = tmp_path / "plain" / "in.csv"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    return clusters(link(path))


def test_the_plain_list_links_records_together(tmp_path: Path) -> None:
    assert sum(len(cluster) > 1 for cluster in plain(tmp_path)) > 50


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1256", ";"), ("utf-16", "\t"), ("utf-8-sig", ";"), ("utf-8", "|")],
)
def test_encodings_and_separators_spreadsheets_write(
    tmp_path: Path, encoding: str, delimiter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([HEADER, *ROWS])
    assert clusters(link(path)) == plain(tmp_path)
    if encoding == "cp1256":
        assert "read as cp1256" in capsys.readouterr().err


def test_a_workbook_with_typed_cells_and_a_header_in_words(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Victims"
    sheet.append(
        ["Record ID", "Source", "Name (AR)", "Name - Latin", "Sex", "Age", "Date of death"]
    )
    for row in ROWS:
        died = datetime.datetime.fromisoformat(row[6]) if row[6] else None
        age = float(row[5]) if row[5] else None
        sheet.append([row[0], row[1], row[2], row[3], row[4], age, died])
    book.save(tmp_path / "in.xlsx")
    assert clusters(link(tmp_path / "in.xlsx")) == plain(tmp_path)


def test_other_names_lists_give_the_columns_are_read_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        header = ("ID", "Source", "Arabic name", "English name", "Gender", "Age", "DOD")
        csv.writer(handle).writerows([header, *ROWS])
    assert clusters(link(path, quiet=False)) == plain(tmp_path)
    err = capsys.readouterr().err
    assert "the column “Gender” was read as sex" in err
    assert "the column “DOD” was read as date_of_death" in err


def test_a_header_in_arabic_or_french_is_read(tmp_path: Path) -> None:
    for header in (
        ("id", "المصدر", "الاسم", "English name", "الجنس", "العمر", "تاريخ الاستشهاد"),
        ("ID", "source", "nom arabe", "nom latin", "sexe", "âge", "date de décès"),
    ):
        path = tmp_path / "in.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *ROWS])
        records = read_persons(path).records
        assert [(r.record_id, r.source, r.sex, r.age) for r in records[:3]] == [
            (row[0], row[1], row[4], int(row[5]) if row[5] else None) for row in ROWS[:3]
        ]
        assert [r.date_of_death for r in records] == [r.date_of_death for r in RECORDS]


def test_a_title_and_notes_above_the_header_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["قائمة الضحايا من الكوادر الطبية، 2013"])
    sheet.append([])
    sheet.append(["Source: field teams", "updated 2014-01-31"])
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
    book.save(tmp_path / "in.xlsx")
    assert clusters(link(tmp_path / "in.xlsx", quiet=False)) == plain(tmp_path)
    assert "the header is on row 4: the rows above it were left out" in capsys.readouterr().err


def test_a_named_sheet_and_a_missing_one(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    first.append(["Read me"])
    victims = book.create_sheet("Victims")
    victims.append(list(HEADER))
    for row in ROWS:
        victims.append(list(row))
    book.save(tmp_path / "in.xlsx")
    assert clusters(link(tmp_path / "in.xlsx", sheet="Victims")) == plain(tmp_path)
    with pytest.raises(CommandError, match=r"no sheet called “Killed” .*Notes, Victims"):
        link(tmp_path / "in.xlsx", sheet="Killed")
    with pytest.raises(CommandError, match="no column record_id "):
        link(tmp_path / "in.xlsx")


def slashed(iso: str) -> str:
    return "" if not iso else datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def test_dates_as_programs_write_them(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *[(*row[:6], slashed(row[6])) for row in ROWS]])
    # Dates such as 21/01/2014 show the day first, so 03/05/2013 is 3 May.
    assert clusters(link(path)) == plain(tmp_path)
    read = [r.date_of_death for r in read_persons(path).records]
    assert read == [r.date_of_death for r in RECORDS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [HEADER, *[(*row[:6], row[6] and f"{row[6]} 00:00:00") for row in ROWS]]
        )
    assert [r.date_of_death for r in read_persons(path).records] == read


def test_a_date_that_could_be_either_is_refused_until_the_analyst_says(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *[(*row[:6], "03/05/2013") for row in ROWS]])
    with pytest.raises(CommandError, match="row 2: date_of_death 03/05/2013 could put the day"):
        link(path)
    assert not (tmp_path / "out.csv").exists()
    link(path, day_first=True)
    day_first = read_persons(path, ReadOptions(day_first=True)).records[0].date_of_death
    month_first = read_persons(path, ReadOptions(day_first=False)).records[0].date_of_death
    assert (day_first, month_first) == (datetime.date(2013, 5, 3), datetime.date(2013, 3, 5))


def test_messages_speak_the_language_asked_or_the_terminal_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *[(*row[:6], "03/05/2013") for row in ROWS]])
    with pytest.raises(
        CommandError, match="ligne 2 : date_of_death 03/05/2013 peut mettre le jour"
    ):
        link(path, language="fr")
    with pytest.raises(CommandError, match="قد يأتي اليوم أو الشهر أولاً"):
        link(path, language="ar")
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert environment_language() == "fr"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert environment_language() == "en"


def test_a_month_alone_is_read_as_unknown_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [HEADER, *[(*row[:6], "2013-05" if i % 2 else "2013") for i, row in enumerate(ROWS)]]
        )
    link(path, quiet=False)
    assert f"{len(ROWS)} date_of_death values gave no day" in capsys.readouterr().err
    assert all(r.date_of_death is None for r in read_persons(path).records)


def test_incident_lists_with_decimal_commas_months_and_thousands(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "Record ID;Source;Date;Lat;Lon;Killed\n"
        "1;a;2016-02;35,91;36,63;1 200\n"
        "2;b;21/02/2016;35.91;36.63;12.0\n",
        encoding="utf-8",
    )
    first, second = read_incidents(path).records
    assert (first.lat, first.lon, first.killed, first.date_precision) == (35.91, 36.63, 1200, 3)
    assert (second.killed, second.date, second.date_precision) == (
        12,
        datetime.date(2016, 2, 21),
        1,
    )


def test_a_file_of_a_kind_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(
        CommandError, match=r"“\.pdf” cannot be linked: use \.csv, \.xlsx or \.json"
    ):
        link(path)


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("Adult - Male", "m"),
        ("Child - Female", "f"),
        ("ذكر", "m"),
        ("انثى", "f"),
        ("أنثي", "f"),
        ("femme", "f"),
        ("Masculin", "m"),
        ("Adult", ""),
        ("male/female", None),
        ("x", None),
    ],
)
def test_sex_as_lists_write_it(written: str, sex: str | None) -> None:
    assert sex_of(written) == sex


def test_cells_and_headers() -> None:
    assert [header_name(h) for h in ("Record ID", " record-id ", "Name (AR)", None)] == [
        "record_id",
        "record_id",
        "name_ar",
        "",
    ]
    assert [cell_text(c) for c in (35.0, 35.5, datetime.datetime(2013, 5, 3), None, " x ")] == [
        "35",
        "35.5",
        "2013-05-03",
        "",
        "x",
    ]
    assert [whole_number(t) for t in ("35", "٣٥", "35.0", "1,200", "1 200", "35.5", "1,5")] == [
        35,
        35,
        35,
        1200,
        1200,
        None,
        None,
    ]
    assert as_float("35,91") == 35.91 and as_float("٣٥٫٩") == 35.9
    with pytest.raises(ValueError, match="could not convert"):
        as_float("35,9,1")


def titled(name: str, title: str) -> str:
    return f"{title} {name}" if len(name.split()) >= 2 else name


def test_titles_and_bracketed_notes_around_names_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                HEADER,
                *[
                    (
                        *row[:2],
                        titled(row[2], "الشهيد") if row[2] else "",
                        f"{titled(row[3], 'Dr.')} (nurse)" if row[3] else "",
                        *row[4:],
                    )
                    for row in ROWS
                ],
            ]
        )
    assert clusters(link(path)) == plain(tmp_path)


@pytest.mark.parametrize(
    ("written", "age"),
    [
        ("35", (35, False)),
        ("35.0", (35, False)),
        ("35 years", (35, False)),
        ("35 ans", (35, False)),
        ("٣٥ عاماً", (35, False)),
        ("35 سنة", (35, False)),
        ("~35", (35, False)),
        ("حوالي 35", (35, False)),
        ("6 months", (0, False)),
        ("3 أيام", (0, False)),
        ("30-35", (32, True)),
        ("30 to 35 years", (32, True)),
        ("35-30", (None, False)),
        ("thirty", (None, False)),
        ("35.5", (None, False)),
    ],
)
def test_ages_as_lists_write_them(written: str, age: tuple[int | None, bool]) -> None:
    assert age_of(written) == age


def test_ages_given_as_ranges_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,source,name_latin,sex,age\n1,a,Ali Hasan,m,30-35\n2,b,Ali Hasan,m,32 years\n"
        "3,b,Omar Ali,m,6 months\n",
        encoding="utf-8",
    )
    assert [r.age for r in read_persons(path).records] == [32, 32, 0]
    link(path, quiet=False)
    assert "1 age was a range (30-35) and was read as its middle" in capsys.readouterr().err
    with path.open("a", encoding="utf-8") as handle:
        handle.write("4,a,Omar Ali,x,40-45\n")  # refused for its sex: its range is not counted
    link(path, quiet=False, valid_rows_only=True)
    assert "1 age was a range (30-35) and was read as its middle" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Unidentified", True),
        ("Unknown child 3", True),
        ("مجهول الهوية", True),
        ("جثة مجهولة", True),
        ("طفل مجهول الهوية", True),
        ("non identifié", True),
        ("Unknown", True),
        ("Mohammad Unknown", False),
        ("محمد مجهول", False),
        ("Maarouf al-Hasan", False),
        ("غير", False),
    ],
)
def test_names_that_say_the_person_was_not_identified(name: str, expected: bool) -> None:
    assert unidentified(name) is expected


def test_the_unidentified_are_not_linked_on_their_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    rows = [(*row[:2], row[2], row[3], *row[4:]) for row in ROWS]
    unknown = [
        (
            f"u{i}",
            "abc"[i % 3],
            "مجهول الهوية" if i % 2 else "",
            "" if i % 2 else "Unidentified",
            "m",
            "30",
            "2014-01-21",
        )
        for i in range(60)
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows, *unknown])
    found = clusters(link(path, quiet=False))
    assert "60 names said the person was not identified" in capsys.readouterr().err
    assert all(len(cluster & {f"u{i}" for i in range(60)}) <= 1 for cluster in found)


def test_a_list_without_a_source_column_is_one_list_whose_duplicates_are_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "victims.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        header = ("record_id", *HEADER[2:])
        csv.writer(handle).writerows([header, *[(row[0], *row[2:]) for row in ROWS]])
    found = clusters(link(path, quiet=False))
    assert "its rows are taken as one list, “victims”" in capsys.readouterr().err
    assert sum(len(cluster) > 1 for cluster in found) > 50
    assert {r.source for r in read_persons(path).records} == {"victims"}
