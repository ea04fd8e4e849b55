"""Small real extracts of the shared Insecurity Insight workbook, and upload helpers, for the import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tests.conftest import needs

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
II_FILE = SHARED / "insecurity_insight" / "2016-2023-attacks-on-health-care-incident-data.xlsx"
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


def real_extract(target: Path, rows: int | None = None) -> Path:
    """The header, the HXL row and the first ``rows`` Syrian rows (all of them if None) as UTF-8 CSV,
    written as the demo's extract is (scripts/extract_demo_datasets.py): the same rows as the workbook."""
    from carewatch_core.imports.xlsx import read_xlsx

    if not II_FILE.exists():
        needs(str(II_FILE), "the shared Insecurity Insight workbook")
    table = read_xlsx(II_FILE)
    try:
        sheet = (raw.cells for raw in table.rows)
        header, tags = next(sheet), next(sheet)
        iso = header.index("Country ISO")
        kept = [r for r in sheet if len(r) > iso and r[iso] == "SYR"][:rows]
    finally:
        table.close()
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_cells(header), _cells(tags), *(_cells(r) for r in kept)])
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def spreadsheet_csv(workbook: Path, target: Path, day_first: bool = False) -> Path:
    """The workbook saved as CSV the way a spreadsheet program writes it (as LibreOffice Calc in an
    en-US locale wrote the real Insecurity Insight workbook): dates in the locale's short format
    (m/d/yyyy; d/m/yyyy with ``day_first``), TRUE and FALSE, numbers to 15 significant digits, line
    breaks in a cell as line feeds."""
    from carewatch_core.imports.xlsx import read_xlsx

    table = read_xlsx(workbook)
    try:
        rows = [[_as_spreadsheet_writes(c, day_first) for c in raw.cells] for raw in table.rows]
    finally:
        table.close()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def _as_spreadsheet_writes(cell: object, day_first: bool) -> str:
    import datetime

    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime.datetime):
        day = (
            f"{cell.day}/{cell.month}/{cell.year}"
            if day_first
            else f"{cell.month}/{cell.day}/{cell.year}"
        )
        return day + (f" {cell:%H:%M}" if cell.time() != datetime.time() else "")
    if isinstance(cell, float):
        return f"{cell:.15g}"
    return str(cell).replace("\r\n", "\n")


def _cells(row: tuple[Any, ...]) -> list[str]:
    from carewatch_core.imports.fingerprint import cell_text

    return [cell_text(c) or "" for c in row]


def row(event_id: object, **over: object) -> list[object]:
    values = dict(
        zip(
            HEADER,
            [
                "2016-09-28",
                "A hospital was hit.",
                "Syria",
                "SYR",
                "Idlib Governorate",
                "35.93",
                "36.63",
                "(2) 25 km Precision",
                "NSA",
                "Shelling",
                "2",
                event_id,
            ],
            strict=True,
        )
    )
    values.update(over)
    return list(values.values())


def csv_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def upload(
    client: Any,
    content: bytes,
    name: str = "incidents.csv",
    profile: str = "insecurity_insight",
    **extra: Any,
) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "profile": profile,
        **extra,
    }
    return client.post("/imports/new/", data)


def token_of(response: Any) -> str:
    """The upload token from the redirect to the preview."""
    location = response["Location"]
    assert "upload=" in location, location
    return location.split("upload=", 1)[1].split("&", 1)[0]


def run_jobs() -> None:
    """Run the queued jobs (an import started from the web is one) in the test's own thread, and
    so in its database transaction: the queue's real worker, in batch mode."""
    from carewatch.lib.jobs import run_ready_jobs

    run_ready_jobs()


def import_objects(user: Any) -> tuple[Any, Any]:
    """An import run with a stored row error, and a saved mapping."""
    from carewatch.imports.models import ImportRowError, ImportRun
    from carewatch.imports.services_mappings import mapping_create

    run = ImportRun.objects.create(
        file_name="a.csv",
        file_sha256="0" * 64,
        file_size=1,
        profile="insecurity_insight",
        user=user,
        status="failed",
        rows_read=1,
        rows_rejected=1,
    )
    ImportRowError.objects.create(
        run=run, row=2, column="Date", value="someday", code="bad_date", severity="rejected"
    )
    mapping = mapping_create(
        user=user, name="Ours", profile="insecurity_insight", columns={}, values={}
    )
    return run, mapping


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux's ``/proc``)."""
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
