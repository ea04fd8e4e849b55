"""`carewatch import`: real datasets, idempotence, newer releases, all-or-nothing, bad files, error reports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from tests.conftest import needs
from tests.import_fixtures import HEADER, row, spreadsheet_csv

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import _CHAIN_LOCK
from carewatch.imports.models import ImportRowError, ImportRun
from carewatch.imports.services import ImportOptions, import_file
from carewatch.incidents.models import IncidentRecord
from carewatch.sources.models import Report
from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports.prepared import Preparer

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
II_FILE = SHARED / "insecurity_insight" / "2016-2023-attacks-on-health-care-incident-data.xlsx"
WHO_FILE = SHARED / "who_ssa" / "attacks-on-health-care-systems-data.csv"


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


def csv_file(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run_import(path: Path, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import", str(path), "--json", "--no-progress", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def counts(summary: dict[str, Any]) -> tuple[int, ...]:
    keys = ("read", "new", "changed", "unchanged", "flagged", "rejected")
    return tuple(summary[k] for k in keys)


def ii(path: Path, *args: str) -> dict[str, Any]:
    return run_import(path, "--profile", "insecurity_insight", *args)


# The real datasets


def test_the_insecurity_insight_workbook_imports_and_a_second_run_changes_nothing() -> None:
    if not II_FILE.exists():
        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    first = ii(II_FILE)
    assert first["status"] == "succeeded"
    assert (first["read"], first["new"], first["rejected"]) == (8854, 8854, 0)
    assert first["flagged"] > 0 and Path(first["error_report"]).is_file()
    syria = IncidentRecord.objects.filter(values__import__country="SYR")
    assert syria.count() == 904
    assert (
        syria.filter(place__pcode__startswith="SY").count() >= 800
    )  # "No Information" rows have no place
    assert all(r.values["import"]["counting_rule"] == "one_when_unspecified" for r in syria[:50])
    reports = Report.objects.count()
    second = ii(II_FILE)
    assert counts(second)[:4] == (8854, 0, 0, 8854)
    assert Report.objects.count() == reports


@pytest.mark.parametrize("day_first", [False, True])
def test_the_workbook_saved_as_csv_by_a_spreadsheet_program_is_the_same_release(
    tmp_path: Path, day_first: bool
) -> None:
    """12/21/2023 (or 21/12/2023) for the workbook's date, FALSE for False, 15 significant digits,
    \\n for \\r\\n: every row found unchanged; dates with a day of 12 or less are read in the order
    the file's other dates show, not refused."""
    if not II_FILE.exists():
        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    saved = spreadsheet_csv(II_FILE, tmp_path / "saved.csv", day_first)
    assert ("7/3/2021," if day_first else "3/7/2021,") in saved.read_text(encoding="utf-8")
    assert counts(ii(II_FILE))[:2] == (8854, 8854)
    reports = Report.objects.count()
    assert counts(ii(saved)) == (8854, 0, 0, 8854, 877, 0)
    assert Report.objects.count() == reports


def test_the_who_ssa_export_imports_every_row_and_places_syria() -> None:
    if not WHO_FILE.exists():
        needs(str(WHO_FILE), "the shared WHO SSA export")
    first = run_import(WHO_FILE, "--profile", "who_ssa")
    assert counts(first) == (6277, 6277, 0, 0, 0, 0)
    syria = IncidentRecord.objects.filter(place__pcode="SY")
    assert syria.count() == 335
    assert Report.objects.filter(dataset_key__startswith="SYR").count() >= 300
    second = run_import(WHO_FILE, "--profile", "who_ssa")
    assert counts(second) == (6277, 0, 0, 6277, 0, 0)


# Idempotence and releases


def test_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(1), row(2), row(3)])
    assert counts(ii(path)) == (3, 3, 0, 0, 0, 0)
    before = (Report.objects.count(), IncidentRecord.objects.count())
    assert counts(ii(path)) == (3, 0, 0, 3, 0, 0)
    assert (Report.objects.count(), IncidentRecord.objects.count()) == before == (3, 3)


def _typed_workbook(path: Path, rows: list[list[object]]) -> Path:
    """The rows as a workbook with typed cells: a date, numbers, a boolean (as Excel would save them)."""
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADER, "Access Denied or Obstructed"])
    for cells in rows:
        typed = [
            datetime.datetime.fromisoformat(str(cells[0])),
            *cells[1:5],
            float(cells[5]),
            float(cells[6]),
            *cells[7:10],
            int(str(cells[10])),
            int(str(cells[11])),
            False,
        ]
        sheet.append(typed)
    book.save(path)
    return path


def test_the_same_rows_as_xlsx_and_as_csv_are_the_same_rows(tmp_path: Path) -> None:
    rows = [row(1), row(2, Latitude="36.2021", Longitude="37.1343")]
    workbook = _typed_workbook(tmp_path / "release.xlsx", rows)
    text = (
        tmp_path / "release.csv"
    )  # the CSV a script writes from it (dates as ISO dates, False as False)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [[*HEADER, "Access Denied or Obstructed"], *([*r, "False"] for r in rows)]
    )
    text.write_text(buffer.getvalue(), encoding="utf-8")
    assert counts(ii(workbook)) == (2, 2, 0, 0, 0, 0)
    assert counts(ii(text)) == (2, 0, 0, 2, 0, 0)
    changed = tmp_path / "changed.csv"
    changed.write_text(
        buffer.getvalue().replace("A hospital was hit.", "A clinic was hit.", 1), encoding="utf-8"
    )
    assert counts(ii(changed)) == (2, 0, 1, 1, 0, 0)


def test_a_spreadsheet_programs_csv_of_the_workbook_is_the_same_rows_and_a_real_change_is_not(
    tmp_path: Path,
) -> None:
    rows = [
        row(1, Date="2021-03-07"),
        row(2, Latitude="36.2021", Longitude="37.1343", **{"Event Description": "One\r\ntwo"}),
    ]
    workbook = _typed_workbook(tmp_path / "release.xlsx", rows)
    saved = spreadsheet_csv(workbook, tmp_path / "saved.csv")
    assert saved.read_text(encoding="utf-8").splitlines()[1].startswith("3/7/2021,")
    assert counts(ii(workbook)) == (2, 2, 0, 0, 0, 0)
    assert counts(ii(saved)) == (2, 0, 0, 2, 0, 0)
    assert IncidentRecord.objects.get(report__dataset_key="1").date.isoformat() == "2021-03-07"
    respelt = tmp_path / "respelt.csv"
    respelt.write_text(
        saved.read_text(encoding="utf-8").replace("A hospital was hit.", "A clinic was hit."),
        encoding="utf-8",
    )
    assert counts(ii(respelt)) == (2, 0, 1, 1, 0, 0)
    rounded = tmp_path / "rounded.csv"  # shown to 4 decimals: a change of the data, kept
    rounded.write_text(
        respelt.read_text(encoding="utf-8").replace("36.2021", "36.202"), encoding="utf-8"
    )
    assert counts(ii(rounded)) == (2, 0, 1, 1, 0, 0)


def test_workbook_rows_fingerprinted_the_earlier_way_are_found_unchanged(tmp_path: Path) -> None:
    """Rows imported when a workbook's typed cells were fingerprinted by their JSON values."""
    workbook = _typed_workbook(tmp_path / "release.xlsx", [row(1), row(2)])
    assert counts(ii(workbook)) == (2, 2, 0, 0, 0, 0)
    columns = ImportRun.objects.get().columns
    for report in Report.objects.all():
        cells = json.loads(report.original_text)["cells"]
        values = {c: v for c, v in zip(columns, cells, strict=False) if v is not None and v != ""}
        Report.objects.filter(pk=report.pk).update(
            content_sha256=sha256_text(canonical_json(values))
        )
    assert counts(ii(workbook)) == (2, 0, 0, 2, 0, 0)


def test_a_newer_release_adds_new_rows_and_records_changed_ones_as_corrections(
    tmp_path: Path, verifier: Any, make_incident: Any
) -> None:
    from carewatch.incidents.services import incident_record_link

    ii(csv_file(tmp_path / "v1.csv", [row(1), row(2), row(3)]))
    incident = make_incident()
    old = IncidentRecord.objects.get(report__dataset_key="2")
    incident_record_link(record=old, incident=incident, user=verifier)
    newer = csv_file(
        tmp_path / "v2.csv", [row(1), row(2, **{"Health Workers Killed": "3"}), row(3), row(4)]
    )
    assert counts(ii(newer)) == (4, 1, 1, 2, 0, 0)
    versions = Report.objects.filter(dataset_key="2").order_by("id")
    assert versions.count() == 2 and versions[1].corrects_id == versions[0].pk
    latest = IncidentRecord.objects.get(report=versions[1])
    assert latest.counts == {"killed_hw": [3, None]} and latest.incident_id == incident.pk
    assert IncidentRecord.objects.get(report=versions[0]).counts == {"killed_hw": [2, None]}
    assert Report.objects.values("source").distinct().count() == 1


def test_each_run_is_audited_once(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(1), row(2)])
    ii(path)
    entry = AuditEntry.objects.get(action="carewatch.import.completed")
    assert (
        entry.after["new"] == 2
        and entry.after["file_sha256"] == ImportRun.objects.get().file_sha256
    )
    assert entry.after["last_report"] - entry.after["first_report"] == 1


def test_provenance_is_kept_on_every_record(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row("X-1")])
    ii(path, "--source", "Insecurity Insight (test copy)")
    record = IncidentRecord.objects.select_related("report__source").get()
    run = ImportRun.objects.get()
    assert record.report.source.name == "Insecurity Insight (test copy)"
    assert record.report.dataset_key == "X-1" and record.report.kind == "dataset_row"
    wanted = {
        "run": run.pk,
        "file_sha256": run.file_sha256,
        "row": 2,
        "profile": "insecurity_insight",
    }
    assert {k: record.values["import"][k] for k in wanted} == wanted
    # The row as received is kept once, in the report (not copied into the record's values).
    assert "source" not in record.values and record.source_values["SiND Event ID"] == "X-1"
    assert (record.place.pcode, record.lat, record.values["import"]["location_precision"]) == (
        "SY07",
        35.93,
        2,
    )


def test_a_rows_report_keeps_its_cells_and_the_run_its_header(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "a.csv",
        [row("X-1", **{"Reported Perpetrator": "", "Weapon Carried/Used": "  "})],
    )
    ii(path)
    record, run = IncidentRecord.objects.select_related("report").get(), ImportRun.objects.get()
    stored = json.loads(record.report.original_text)
    assert stored == {
        "run": run.pk,
        "cells": [*row("X-1", **{"Reported Perpetrator": "", "Weapon Carried/Used": "  "})],
    }
    assert run.columns == HEADER
    # Blank cells are kept in the report but are not values; the fingerprint is of the values.
    values = dict(zip(HEADER, row("X-1"), strict=True))
    del values["Reported Perpetrator"], values["Weapon Carried/Used"]
    assert record.source_values == values
    assert record.report.content_sha256 == sha256_text(canonical_json(values))


def test_a_rows_report_page_shows_its_columns_and_values(
    tmp_path: Path, client: Any, verifier: Any
) -> None:
    path = csv_file(
        tmp_path / "a.csv", [row("X-1", **{"Event Description": "Clinic <b>shelled</b>"})]
    )
    ii(path)
    client.force_login(verifier)
    page = client.get(reverse("report-detail", args=[Report.objects.get().pk])).content.decode()
    assert "The row as received" in page and "Row fingerprint" in page
    assert (
        '<td dir="auto">Event Description</td><td dir="auto">Clinic &lt;b&gt;shelled&lt;/b&gt;</td>'
        in page
    )
    assert '"cells"' not in page, "the stored form is not shown as text"


def test_rows_kept_the_earlier_way_are_still_read_and_found_unchanged(tmp_path: Path) -> None:
    """Between decisions 0008 and 0010 a row's report held its values as canonical JSON."""
    path = csv_file(tmp_path / "a.csv", [row(1), row(2)])
    ii(path)
    for record in IncidentRecord.objects.select_related("report"):
        Report.objects.filter(pk=record.report_id).update(
            original_text=canonical_json(record.source_values)
        )
    record = IncidentRecord.objects.select_related("report").first()
    assert record is not None and record.source_values["SiND Event ID"] == "1"
    assert ii(path)["unchanged"] == 2


# All or nothing, --valid-rows-only, --dry-run, killed imports


def test_a_rejected_row_means_nothing_is_written_and_the_report_says_why(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(1), row(2, Date="someday"), row(3)])
    with pytest.raises(CommandError):
        ii(path)
    run = ImportRun.objects.get()
    assert (run.status, run.rows_read, run.rows_rejected) == ("failed", 3, 1)
    assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0
    raw = Path(run.error_report).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrow,") and raw.count(b"\xef\xbb\xbf") == 1  # one BOM, first
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0][:3] == ["row", "column", "value"]
    assert lines[1][:3] == ["3", "Date", "someday"] and lines[1][5] == "bad_date"
    assert ImportRowError.objects.get().code == "bad_date"


def test_valid_rows_only_takes_the_good_rows(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(1), row(2, Date="someday"), row(3)])
    summary = ii(path, "--valid-rows-only")
    assert counts(summary) == (3, 2, 0, 0, 0, 1)
    assert sorted(Report.objects.values_list("dataset_key", flat=True)) == ["1", "3"]


def test_a_dry_run_counts_but_writes_nothing(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(1), row(2)])
    summary = ii(path, "--dry-run")
    assert summary["status"] == "dry_run" and summary["new"] == 2
    assert (
        Report.objects.count() == 0
        and not AuditEntry.objects.filter(action="carewatch.import.completed").exists()
    )


def test_a_killed_import_leaves_nothing_and_can_be_run_again(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [row(i) for i in range(1, 8)])

    def kill(rows: int, fraction: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(
            user=None,
            path=path,
            options=ImportOptions(profile="insecurity_insight", batch_size=3),
            progress=kill,
        )
    assert Report.objects.count() == 0 and ImportRun.objects.get().status == "failed"
    assert counts(ii(path)) == (7, 7, 0, 0, 0, 0)


def _chain_free() -> bool:
    """Could another connection append to the audit chain now (PostgreSQL's lock on it)?"""
    if connection.vendor != "postgresql":
        return True  # SQLite has one writer: nothing else writes while an import does
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"], user=params["USER"], host=params["HOST"], port=params["PORT"]
    ) as other:
        [(free,)] = other.execute("SELECT pg_try_advisory_lock(%s)", [_CHAIN_LOCK]).fetchall()
        if free:
            other.execute("SELECT pg_advisory_unlock(%s)", [_CHAIN_LOCK])
        return bool(free)


def test_an_import_locks_the_audit_chain_only_at_its_end(tmp_path: Path) -> None:
    """An import that creates its source logs it when its rows are in, not before them: an entry
    locks the chain until the commit, and on PostgreSQL every other audited write (an edit, a
    sign-in) waited for the whole import (two edits in 43 s of a 100,000-row import under
    bench/load.py, one every 5 s asked)."""
    path = csv_file(tmp_path / "a.csv", [row(i) for i in range(1, 8)])
    during: list[tuple[bool, bool]] = []

    def watch(rows: int, fraction: float) -> None:
        logged = AuditEntry.objects.filter(action="carewatch.source.created").exists()
        during.append((logged, _chain_free()))

    import_file(
        user=None,
        path=path,
        options=ImportOptions(profile="insecurity_insight", batch_size=3),
        progress=watch,
    )
    assert len(during) == 3 and during == [(False, True)] * 3
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions.index("carewatch.source.created") < actions.index("carewatch.import.completed")
    assert AuditEntry.objects.get(action="carewatch.source.created").object_id == str(
        Report.objects.values_list("source_id", flat=True).first()
    )


def test_a_batch_the_database_refuses_fails_the_import_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the batch is sent from a thread while the next one is mapped: its refusal
    still fails the import, nothing of it is kept, and the connection serves the next import."""
    path = csv_file(tmp_path / "a.csv", [row(i) for i in range(1, 8)])
    real = Preparer._record

    def broken(self: Preparer, mapped: Any) -> Any:
        values = real(self, mapped)
        return (*values[:-1], None) if mapped.number == 6 else values  # a record without values

    monkeypatch.setattr(Preparer, "_record", broken)
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        import_file(
            user=None,
            path=path,
            options=ImportOptions(profile="insecurity_insight", batch_size=2),
        )
    assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0
    assert ImportRun.objects.get().status == "failed"
    monkeypatch.undo()
    assert counts(ii(path)) == (7, 7, 0, 0, 0, 0)
    assert IncidentRecord.objects.filter(report__isnull=False).count() == 7


# Bad files: a clear message, nothing written


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"Date,SiND Event ID\n2016-01-01,1\n\x00\x01\x02", "encoding"),
        (b"Title\n1,2,3,4\nDate,SiND Event ID\n", "header"),
        (b"", "empty"),
    ],
)
def test_unreadable_files_are_refused_clearly(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        ii(path)
    assert words in str(caught.value).lower()
    assert ImportRun.objects.get().status == "failed" and Report.objects.count() == 0


def test_a_windows_1256_file_is_read_and_its_encoding_recorded(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "a.csv",
        [row(1, **{"Admin 1": "محافظة إدلب", "Event Description": "قصف مشفى"})],
        "cp1256",
    )
    assert ii(path)["new"] == 1
    record = IncidentRecord.objects.get()
    assert record.description == "قصف مشفى" and record.place.pcode == "SY07"
    assert ImportRun.objects.get().encoding == "cp1256"


def test_formula_text_is_kept_and_neutralised_in_the_error_report(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    path = csv_file(
        tmp_path / "a.csv",
        [row(1, **{"Event Description": formula, "Weapon Carried/Used": "=1+1"})],
    )
    summary = ii(path)
    assert IncidentRecord.objects.get().description == formula
    lines = list(
        csv.reader(Path(summary["error_report"]).read_text(encoding="utf-8-sig").splitlines())
    )
    assert lines[1][2] == "'=1+1"


def test_the_command_reports_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        ii(path, "--language", "en")
    assert "JSON" in str(caught.value)


def test_a_missing_file_and_an_unknown_mapping_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        ii(tmp_path / "nope.csv")
    path = csv_file(tmp_path / "a.csv", [row(1)])
    with pytest.raises(CommandError):
        ii(path, "--mapping", "nobody's")


def test_a_saved_mapping_adds_columns_and_values(tmp_path: Path) -> None:
    from carewatch.imports.models import SavedMapping

    SavedMapping.objects.create(
        name="ours",
        profile="insecurity_insight",
        columns={"weapon": "Arme"},
        values={"weapon": {"Catapulte": "other"}},
    )
    header = [h if h != "Weapon Carried/Used" else "Arme" for h in HEADER]
    path = tmp_path / "a.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, row(1, **{"Weapon Carried/Used": "Catapulte"})])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert ii(path, "--mapping", "ours")["flagged"] == 0
    assert IncidentRecord.objects.get().weapons == ["other"]


# Vocabularies


def test_every_code_the_profiles_produce_is_in_the_projects_vocabularies() -> None:
    from carewatch.facilities.choices import FacilityType
    from carewatch.incidents.choices import (
        AttackType,
        Certainty,
        LocationType,
        PerpetratorCategory,
        Resource,
        Weapon,
    )
    from carewatch_core.imports.profiles import acled, insecurity_insight, who_ssa

    def codes(table: dict[str, Any]) -> set[str]:
        return {c for c in table.values() if c}

    assert codes(insecurity_insight.WEAPONS) <= set(Weapon.values)
    assert codes(insecurity_insight.PERPETRATORS) | codes(acled.INTERACTIONS) <= set(
        PerpetratorCategory.values
    )
    assert codes(insecurity_insight.LOCATIONS) <= set(LocationType.values)
    assert codes(who_ssa.ATTACK_TYPES) | {a for a, _ in acled.SUB_EVENTS.values()} <= set(
        AttackType.values
    )
    assert {w for _, w in acled.SUB_EVENTS.values() if w} <= set(Weapon.values)
    assert codes(who_ssa.CERTAINTY) <= set(Certainty.values)
    assert codes(who_ssa.FACILITY_TYPES) <= set(FacilityType.values)
    assert set(who_ssa.RESOURCES.values()) <= set(Resource.values)


# The command's output


def test_the_json_line_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    summary = ii(csv_file(tmp_path / "a.csv", [row(1)]))
    assert set(summary) == {
        "run",
        "status",
        "read",
        "new",
        "changed",
        "unchanged",
        "flagged",
        "rejected",
        "error_report",
    }
    assert summary["error_report"] is None


def test_the_progress_bar_shows_rows_rate_and_eta() -> None:
    from carewatch.imports.progress import ProgressBar

    line = ProgressBar.line(50_000, 0.25, 10.0)
    assert (
        "25%" in line and "50,000 rows" in line and "5,000 rows/s" in line and "ETA 0:00:30" in line
    )
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(10, 0.5)
    assert "10 rows" in stream.getvalue()
