"""A large file is read and mapped by a second process while the import stores it
(``carewatch_core.imports.elsewhere``): what is stored is exactly what mapping in the importing
process stores, and a failure of either process fails the import with nothing written."""

from __future__ import annotations

import io
import os
import pickle
import re
import signal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.import_fixtures import HEADER, children_of, csv_bytes, row, run_jobs, token_of, upload

from carewatch.imports import services
from carewatch.imports.models import ImportRowError, ImportRun
from carewatch.imports.services import ImportOptions, import_file
from carewatch.imports.services_mappings import mapping_create
from carewatch.incidents.models import IncidentRecord
from carewatch.sources.models import Report
from carewatch_core.imports import elsewhere
from carewatch_core.imports.errors import FileError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[elsewhere.Job]:
    """The jobs handed to mapping processes (the real ones run them), one per process."""
    started: list[elsewhere.Job] = []
    real = services.mapped_elsewhere

    def spy(job: elsewhere.Job, processes: int = 1, *args: Any) -> Any:
        started.extend([job] * processes)
        return real(job, processes, *args)

    monkeypatch.setattr(services, "mapped_elsewhere", spy)
    return started


def release(path: Path, changed: bool = False) -> Path:
    """Rows of every kind: plain, flagged (an unknown weapon, a vague count), rejected (a bad
    date, IDs repeated in one batch and across batches), neither (no coordinates; Arabic text),
    blank lines; ``changed``: a later release with two rows changed, one written another way
    and four new."""
    rows: list[list[object]] = [row(i) for i in range(1, 41)]
    rows[3] = row(4, **{"Weapon Carried/Used": "Catapult"})
    rows[5] = row(6, **{"Health Workers Killed": "some"})
    rows[7] = row(8, Latitude="", Longitude="")
    rows[9] = row(10, **{"Event Description": "قصف مستشفى في إدلب"})
    rows[11] = row(12, Date="2016-02-30")
    rows[13] = row(13)  # the ID of the row before: refused
    rows[22] = row(2)  # the ID of a row in another batch, mapped by another process: refused
    if changed:
        rows[0] = row(1, **{"Health Workers Killed": "3"})
        rows[2] = row(3, **{"Event Description": "A clinic was hit."})
        rows[4] = row(5, Date="9/28/2016")  # the same day, written as a spreadsheet does
        rows += [row(i) for i in range(41, 45)]
    content = csv_bytes(rows).replace(b"\r\n", b"\r\n\r\n", 3)  # blank lines near the top
    path.write_bytes(content)
    return path


def stored(source_name: str) -> dict[str, Any]:
    """What a source's import stored, with the run's id taken out of each row."""
    reports = Report.objects.filter(source__name=source_name).order_by("id")
    records = IncidentRecord.objects.filter(report__source__name=source_name).order_by("id")
    run = re.compile(r'"run":\d+')
    report_fields = ("title", "original_text", "language", "content_sha256", "dataset_key")
    skip = {"id", "report_id", "incident_id", "created_at", "updated_at", "values"}
    record_fields = [
        f.attname for f in IncidentRecord._meta.concrete_fields if f.attname not in skip
    ]
    return {
        "reports": [
            (*(run.sub("", str(getattr(r, f))) for f in report_fields), r.corrects_id is not None)
            for r in reports
        ],
        "records": [
            (
                tuple(getattr(r, f) for f in record_fields),
                {k: v for k, v in r.values["import"].items() if k != "run"},
            )
            for r in records
        ],
    }


def errors(run: ImportRun) -> list[tuple[Any, ...]]:
    return list(
        ImportRowError.objects.filter(run=run)
        .order_by("id")
        .values_list("row", "column", "value", "code", "severity", "params")
    )


def twice(settings: Any, path: Path, name: str, **options: Any) -> tuple[ImportRun, ImportRun]:
    """``path`` imported into source ``name``-here by this process and ``name``-there by a child."""
    runs = []
    for where, threshold in (("here", 0), ("there", 1)):
        settings.CAREWATCH_IMPORT_CHILD_BYTES = threshold
        runs.append(
            import_file(
                user=None,
                path=path,
                options=ImportOptions(
                    profile="insecurity_insight",
                    source_name=f"{name}-{where}",
                    batch_size=7,
                    **options,
                ),
            )
        )
    return runs[0], runs[1]


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_a_file_mapped_in_other_processes_is_stored_exactly_as_mapped_here(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job], processes: int
) -> None:
    settings.CAREWATCH_IMPORT_MAPPING_PROCESSES = processes
    here, there = twice(settings, release(tmp_path / "a.csv"), "v1", valid_rows_only=True)
    assert len(children) == processes and children[0].batch_size == 7
    assert here.summary() | {"run": 0, "error_report": ""} == there.summary() | {
        "run": 0,
        "error_report": "",
    }
    assert (here.rows_read, here.rows_new, here.rows_flagged, here.rows_rejected) == (40, 37, 2, 3)
    assert stored("v1-here") == stored("v1-there") and len(stored("v1-there")["records"]) == 37
    assert errors(here) == errors(there) and len(errors(there)) == 5
    assert here.columns == there.columns == HEADER


def test_a_saved_mapping_reaches_the_mapping_processes(
    settings: Any, tmp_path: Path, verifier: Any, children: list[elsewhere.Job]
) -> None:
    """A user's mapping (a column under another name, a value the profile does not know) is
    applied in the mapping processes as here."""
    path = release(tmp_path / "a.csv")
    path.write_bytes(path.read_bytes().replace(b"Weapon Carried/Used", b"Arme", 1))
    mapping = mapping_create(
        user=verifier,
        name="French weapons",
        profile="insecurity_insight",
        columns={"weapon": "Arme"},
        values={"weapon": {"Catapult": "unknown"}},
    )
    here, there = twice(settings, path, "m", valid_rows_only=True, mapping=mapping)
    assert len(children) == 2 and children[0].values == {"weapon": {"Catapult": "unknown"}}
    assert (there.rows_new, there.rows_flagged) == (here.rows_new, here.rows_flagged) == (37, 1)
    assert stored("m-here") == stored("m-there")
    catapult = IncidentRecord.objects.get(report__source__name="m-there", report__dataset_key="4")
    assert catapult.weapons == ["unknown"]


def test_a_later_release_mapped_elsewhere_adds_and_corrects_as_here(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job]
) -> None:
    twice(settings, release(tmp_path / "a.csv"), "v", valid_rows_only=True)
    here, there = twice(
        settings, release(tmp_path / "b.csv", changed=True), "v", valid_rows_only=True
    )
    assert len(children) == 4  # two imports, two processes each
    # Rows 1 and 3 changed; row 5 is the same day written another way: unchanged.
    assert (there.rows_new, there.rows_changed, there.rows_unchanged) == (4, 2, 35)
    assert (here.rows_new, here.rows_changed, here.rows_unchanged) == (4, 2, 35)
    assert stored("v-here") == stored("v-there")


def test_all_or_nothing_and_dry_runs_hold_with_a_second_process(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job]
) -> None:
    path = release(tmp_path / "a.csv")
    settings.CAREWATCH_IMPORT_CHILD_BYTES = 1
    refused = import_file(
        user=None, path=path, options=ImportOptions(profile="insecurity_insight", batch_size=7)
    )
    dry = import_file(
        user=None,
        path=path,
        options=ImportOptions(profile="insecurity_insight", batch_size=7, dry_run=True),
    )
    assert len(children) == 4
    assert (refused.status, refused.rows_rejected, refused.rows_read) == ("failed", 3, 40)
    assert (dry.status, dry.rows_new) == ("dry_run", 37)
    assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0


def _killed_part_way(path: Path) -> list[int]:
    """``path`` imported with this process's children killed at the first progress report: the
    import fails, nothing stored; the pids killed."""
    killed: list[int] = []

    def kill_the_children(rows: int, fraction: float) -> None:
        if not killed:
            killed.extend(children_of(os.getpid()))
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    with pytest.raises(elsewhere.MappingFailed, match="ended early"):
        import_file(
            user=None,
            path=path,
            options=ImportOptions(profile="insecurity_insight", batch_size=100),
            progress=kill_the_children,
        )
    assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0
    return killed


def test_a_mapping_process_killed_part_way_fails_the_import_and_leaves_nothing(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job]
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([row(i) for i in range(1, 3001)]))
    settings.CAREWATCH_IMPORT_CHILD_BYTES = 1
    killed = _killed_part_way(path)
    assert len(children) == len(killed) == 2
    assert ImportRun.objects.get().status == "failed"
    settings.CAREWATCH_IMPORT_CHILD_BYTES = 0
    again = import_file(user=None, path=path, options=ImportOptions(profile="insecurity_insight"))
    assert (again.status, again.rows_new) == ("succeeded", 3000)


def test_a_workbook_mapped_by_pieces_fails_whole_when_a_process_is_killed(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a sheet shared by pieces; and the threads reading the processes' frames
    ahead end with them (an import run by the job queue's worker must not leave them behind)."""
    import threading
    import time

    import openpyxl

    from carewatch_core.imports import xlsx, xlsx_pieces

    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "PIECE_BYTES", 20_000)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Attacks")
    for cells in [HEADER] + [row(i) for i in range(1, 3001)]:
        sheet.append(cells)
    book.save(tmp_path / "big.xlsx")
    settings.CAREWATCH_IMPORT_CHILD_BYTES = 1
    killed = _killed_part_way(tmp_path / "big.xlsx")
    assert len(children) == len(killed) == 2 and children[0].pieces
    deadline = time.monotonic() + 5
    while any(t.name == "carewatch-ahead" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "a thread reading a mapping process's frames is left"
        time.sleep(0.05)
    again = import_file(
        user=None,
        path=tmp_path / "big.xlsx",
        options=ImportOptions(profile="insecurity_insight", source_name="again"),
    )
    assert (again.status, again.rows_new) == ("succeeded", 3000)


def test_a_large_file_goes_to_a_second_process_and_a_small_one_does_not(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job]
) -> None:
    path = release(tmp_path / "a.csv")
    settings.CAREWATCH_IMPORT_CHILD_BYTES = path.stat().st_size + 1
    import_file(user=None, path=path, options=ImportOptions(profile="insecurity_insight"))
    assert children == []
    settings.CAREWATCH_IMPORT_CHILD_BYTES = path.stat().st_size
    import_file(
        user=None,
        path=path,
        options=ImportOptions(profile="insecurity_insight", source_name="again"),
    )
    assert len(children) == 2 and children[0].path == path


def test_a_file_uploaded_on_the_web_is_mapped_by_the_workers_mapping_processes(
    settings: Any, tmp_path: Path, client: Client, verifier: Any, children: list[elsewhere.Job]
) -> None:
    """The staff's way in: an upload, imported by the job queue's worker, which starts them."""
    settings.CAREWATCH_IMPORT_CHILD_BYTES = 1
    client.force_login(verifier)
    token = token_of(upload(client, release(tmp_path / "a.csv").read_bytes()))
    response = client.post("/imports/start/", {"upload": token, "valid_rows_only": "on"})
    assert response.status_code == 302
    run_jobs()
    run = ImportRun.objects.get()
    assert (run.status, run.rows_new, run.rows_rejected, len(children)) == ("succeeded", 37, 3, 2)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "Catapult" in page and Report.objects.filter(source=run.source).count() == 37


def test_a_large_workbook_is_mapped_in_other_processes_as_here(
    settings: Any, tmp_path: Path, children: list[elsewhere.Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook's sheet is read a piece at a time when large (``xlsx_pieces``); each mapping
    process reads and maps only its own pieces, and a row whose ID a row of another process's
    piece took is refused here exactly as one process mapping them all refuses it."""
    import csv

    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from carewatch_core.imports import xlsx, xlsx_pieces

    # Read in pieces of a few rows here, and so by the children (the job says how).
    monkeypatch.setattr(xlsx, "FAST_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "PIECE_BYTES", 2000)
    book = openpyxl.Workbook(write_only=True)  # text inline: no shared strings to size pieces by
    sheet = book.create_sheet("Attacks")
    with release(tmp_path / "a.csv").open(encoding="utf-8", newline="") as handle:
        for cells in csv.reader(handle):
            values: list[object] = [c or None for c in cells]
            if cells[HEADER.index("SiND Event ID") :][:1] == ["30"]:  # its piece goes to openpyxl
                error = WriteOnlyCell(sheet, value="#N/A")
                error.data_type = "e"
                values[HEADER.index("Health Workers Killed")] = error
            sheet.append(values)
    # IDs taken far above, in other pieces: by a flagged row, by a refused one, and written
    # with spaces around (the report gives the cell as written).
    sheet.append(row(5, **{"Weapon Carried/Used": "Catapult"}))
    sheet.append(row(7, Date="2016-02-31"))
    sheet.append(row(" 9 "))
    sheet.append(row(9))  # and a row whose ID the row just above took, in its own piece
    book.save(tmp_path / "a.xlsx")
    here, there = twice(settings, tmp_path / "a.xlsx", "book", valid_rows_only=True)
    assert len(children) == 2 and children[0].sheet == "Attacks" and children[0].pieces
    assert children[0].facts.size > 0  # the scan made here, handed over (not made again there)
    assert (here.rows_new, here.rows_flagged, here.rows_rejected) == (37, 3, 7)
    assert (there.rows_new, there.rows_flagged, there.rows_rejected) == (37, 3, 7)
    assert stored("book-here") == stored("book-there")
    assert errors(here) == errors(there)
    assert any(e[2] == "#N/A" for e in errors(there))  # kept by openpyxl in a child
    refused = [e for e in errors(there) if e[3] == "duplicate_id"]
    assert [(e[0], e[2]) for e in refused] == [
        (18, "13"),
        (27, "2"),
        (45, "5"),
        (46, "7"),
        (47, " 9 "),
        (48, "9"),
    ], refused


def _frames(*frames: Any) -> io.BytesIO:
    stream = io.BytesIO()
    for frame in frames:
        pickle.dump(frame, stream)
    stream.seek(0)
    return stream


class _Ended:
    """A child process that has ended with ``code``."""

    def __init__(self, code: int) -> None:
        self.code = code

    def wait(self) -> int:
        return self.code


def test_what_the_mapping_process_says_is_raised_here() -> None:
    """The frames' protocol: a file it could not read is a ``FileError`` (the import's clear
    message), any other failure carries the child's traceback, and an end without a last frame
    (or part way through a frame) says that the child ended early."""
    stream = _frames(("file_error", ("undecodable", {"encoding": "utf-8"})))
    with pytest.raises(FileError) as caught:
        list(elsewhere._frames(stream, _Ended(0)))  # type: ignore[arg-type]
    assert caught.value.code == "undecodable" and caught.value.params == {"encoding": "utf-8"}
    with pytest.raises(elsewhere.MappingFailed, match="Traceback: boom"):
        list(elsewhere._frames(_frames(("error", "Traceback: boom")), _Ended(0)))  # type: ignore[arg-type]
    with pytest.raises(elsewhere.MappingFailed, match=r"ended early \(exit -9\)"):
        list(elsewhere._frames(_frames(), _Ended(-9)))  # type: ignore[arg-type]
    cut = _frames(("batch", list(range(10_000))))
    cut.truncate(len(cut.getvalue()) // 2)  # killed while writing a frame
    with pytest.raises(elsewhere.MappingFailed, match=r"ended early \(exit -9\)"):
        list(elsewhere._frames(cut, _Ended(-9)))  # type: ignore[arg-type]
    assert list(elsewhere._frames(_frames(("end", None)), _Ended(0))) == []  # type: ignore[arg-type]
