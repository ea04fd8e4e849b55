"""``carewatch link-file``: link an analyst's CSV of persons or incidents."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carewatch_core.linkage.result import pairwise_accuracy
from carewatch_core.synth import generate_incident_lists, generate_person_lists

PERSON_HEADER = [
    "record_id",
    "source",
    "name_ar",
    "name_latin",
    "sex",
    "age",
    "date_of_death",
    "place",
]
INCIDENT_HEADER = [
    "record_id",
    "source",
    "date",
    "date_precision",
    "place",
    "lat",
    "lon",
    "facility",
    "attack_types",
    "killed",
    "injured",
]


def _blank(value: object) -> object:
    return "" if value is None else value


def write_persons(path: Path, people: int = 1500) -> dict[str, str]:
    records, truth = generate_person_lists(people, 3, seed=21)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERSON_HEADER)
        for r in records:
            writer.writerow(
                [
                    r.record_id,
                    r.source,
                    r.name_ar,
                    r.name_latin,
                    r.sex,
                    _blank(r.age),
                    _blank(r.date_of_death),
                    r.place,
                ]
            )
    return truth


def write_incidents(path: Path) -> dict[str, str]:
    records, truth = generate_incident_lists(1500, 3, seed=22)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INCIDENT_HEADER)
        for r in records:
            writer.writerow(
                [
                    r.record_id,
                    r.source,
                    _blank(r.date),
                    r.date_precision,
                    r.place,
                    _blank(r.lat),
                    _blank(r.lon),
                    r.facility,
                    ";".join(sorted(r.attack_types)),
                    _blank(r.killed),
                    _blank(r.injured),
                ]
            )
    return truth


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_links_a_persons_file_and_writes_one_row_per_record(tmp_path: Path) -> None:
    truth = write_persons(tmp_path / "in.csv")
    call_command(
        "link-file", "persons", str(tmp_path / "in.csv"), out=str(tmp_path / "out.csv"), quiet=True
    )
    rows = read_output(tmp_path / "out.csv")
    assert list(rows[0]) == ["record_id", "cluster_id", "score"]
    assert [row["record_id"] for row in rows] == [
        row["record_id"] for row in read_output(tmp_path / "in.csv")
    ]
    clusters = {row["record_id"]: row["cluster_id"] for row in rows}
    accuracy = pairwise_accuracy(clusters, truth)
    assert accuracy.precision >= 0.95 and accuracy.recall >= 0.8
    assert all(row["score"] == "" or 0 <= float(row["score"]) <= 1 for row in rows)


def test_it_links_an_incidents_file(tmp_path: Path) -> None:
    truth = write_incidents(tmp_path / "in.csv")
    call_command(
        "link-file",
        "incidents",
        str(tmp_path / "in.csv"),
        out=str(tmp_path / "out.csv"),
        quiet=True,
    )
    clusters = {row["record_id"]: row["cluster_id"] for row in read_output(tmp_path / "out.csv")}
    assert pairwise_accuracy(clusters, truth).f1 >= 0.9


def test_it_shows_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_persons(tmp_path / "in.csv", people=300)
    call_command("link-file", "persons", str(tmp_path / "in.csv"), out=str(tmp_path / "out.csv"))
    err = capsys.readouterr().err
    assert "reading" in err and "clustering" in err and "[#" in err


def test_bad_rows_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "record_id,source,name_latin,sex,age,date_of_death\n"
        "1,a,Ali,x,200,2016-02-30\n"
        "1,,Omar,m,30,2016-02-01\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command(
            "link-file", "persons", str(tmp_path / "in.csv"), out=str(tmp_path / "out.csv")
        )
    message = str(error.value)
    assert "row 2: sex x is not m, f, male, female" in message
    assert "row 2: age 200 is not a whole number from 0 to 120" in message
    assert "row 2: date_of_death 2016-02-30 is not a date (write it YYYY-MM-DD)" in message
    assert "row 3: source is empty" in message
    assert "row 3: record_id 1 appears more than once" in message
    assert not (tmp_path / "out.csv").exists()
    assert not list(tmp_path.glob(".link-*"))


def test_bad_incident_rows_are_listed(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "record_id,source,date,date_precision,lat,lon,killed\n"
        "1,a,2016-02-01,fortnight,95,36.2,-5\n"
        "2,a,2016-02-01,week,35.1,,3\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command(
            "link-file", "incidents", str(tmp_path / "in.csv"), out=str(tmp_path / "out.csv")
        )
    message = str(error.value)
    assert "row 2: date_precision fortnight is not day, week or month" in message
    assert "row 2: lat 95 is not a latitude between -90 and 90" in message
    assert "row 2: killed -5 is not a whole number of people" in message
    assert "row 3: lat and lon must both be given or both be empty" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name,age\nAli,3\n", "the file has no column record_id "),
        (b"record_id,source\n", "the file has no records"),
        (b"record_id,source\n1,\x00\x01\n", "not text in a supported encoding"),
    ],
)
def test_a_file_it_cannot_read_gets_a_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    (tmp_path / "in.csv").write_bytes(content)
    with pytest.raises(CommandError, match=expected):
        call_command(
            "link-file", "persons", str(tmp_path / "in.csv"), out=str(tmp_path / "out.csv")
        )


def test_a_missing_input_or_output_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "link-file", "persons", str(tmp_path / "nope.csv"), out=str(tmp_path / "out.csv")
        )
    (tmp_path / "in.csv").write_text("record_id,source\n1,a\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no such folder"):
        call_command(
            "link-file", "persons", str(tmp_path / "in.csv"), out=str(tmp_path / "no" / "out.csv")
        )
