"""Import from the web: upload, mapping preview, a background run, the result and its error report;
bad input gets a clear message in the user's language and writes nothing partial."""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.import_fixtures import csv_bytes, real_extract, row, run_jobs, token_of, upload

from carewatch.audit.models import AuditEntry
from carewatch.imports.models import ImportRun
from carewatch.imports.uploads import uploads_dir
from carewatch.incidents.models import IncidentRecord
from carewatch.sources.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instance(settings: Any, tmp_path: Path, monkeypatch: Any) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


@pytest.fixture
def staff(client: Client, verifier: Any) -> Client:
    client.force_login(verifier)
    return client


def start(client: Client, token: str, **options: Any) -> ImportRun:
    response = client.post("/imports/start/", {"upload": token, **options})
    assert response.status_code == 302, response.content[:500]
    run_jobs()
    return ImportRun.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def nothing_written() -> bool:
    return not Report.objects.exists() and not IncidentRecord.objects.exists()


def staged_files() -> list[Path]:
    return [p for p in uploads_dir().rglob("*") if p.is_file()] if uploads_dir().exists() else []


# Who may import


def test_the_imports_link_and_pages_are_for_verifiers_and_administrators(
    client: Client, personas: dict[str, Any]
) -> None:
    for role, user in personas.items():
        if user is None:
            continue
        client.force_login(user)
        allowed = role in ("verifier", "administrator")
        assert client.get("/imports/new/").status_code == (200 if allowed else 403), role
        assert ('href="/imports/"' in client.get("/incidents/").content.decode()) is allowed, role


# The whole way through


def test_a_verifier_uploads_a_real_extract_previews_it_and_imports_it(
    staff: Client, tmp_path: Path
) -> None:
    path = real_extract(tmp_path / "insecurity-insight-syria.csv", rows=25)
    response = upload(staff, path.read_bytes(), name=path.name)
    assert response.status_code == 302
    preview = staff.get(response["Location"]).content.decode()
    assert "SiND Event ID" in preview and "Weapon Carried/Used" in preview  # columns → fields
    assert preview.count('<td class="num">') >= 10  # the first rows as they will be read
    run = start(staff, token_of(response))
    assert (run.status, run.rows_read, run.rows_new, run.rows_rejected) == ("succeeded", 25, 25, 0)
    assert run.file_name == "insecurity-insight-syria.csv" and Report.objects.count() == 25
    page = staff.get(f"/imports/{run.pk}/").content.decode()
    assert 'id="run-counts"' in page and "Insecurity Insight" in page
    assert (
        "<dd>Insecurity Insight – attacks on health care (insecurity_insight)</dd>" in page
    )  # the profile by name
    listing = staff.get("/imports/").content.decode()
    assert "<td>Insecurity Insight – attacks on health care (insecurity_insight)</td>" in listing
    assert not staged_files(), "the upload is removed once imported"


def test_importing_the_same_upload_twice_changes_nothing(staff: Client) -> None:
    content = csv_bytes([row(1), row(2)])
    start(staff, token_of(upload(staff, content)))
    again = start(staff, token_of(upload(staff, content)))
    assert (again.rows_new, again.rows_unchanged) == (0, 2) and Report.objects.count() == 2


def test_a_rejected_row_means_nothing_is_imported_and_the_error_table_says_why(
    staff: Client,
) -> None:
    run = start(staff, token_of(upload(staff, csv_bytes([row(1), row(2, Date="someday"), row(3)]))))
    assert (run.status, run.rows_rejected) == ("failed", 1) and nothing_written()
    page = staff.get(f"/imports/{run.pk}/").content.decode()
    assert (
        'id="run-errors"' in page
        and "someday" in page
        and "This is not a date that can be read." in page
    )


def test_valid_rows_only_and_dry_run_are_checkboxes(staff: Client) -> None:
    content = csv_bytes([row(1), row(2, Date="someday"), row(3)])
    dry = start(staff, token_of(upload(staff, content)), dry_run="on", valid_rows_only="on")
    assert dry.status == "dry_run" and dry.rows_new == 2 and nothing_written()
    taken = start(staff, token_of(upload(staff, content)), valid_rows_only="on")
    assert (taken.status, taken.rows_new, taken.rows_rejected) == ("succeeded", 2, 1)
    assert sorted(Report.objects.values_list("dataset_key", flat=True)) == ["1", "3"]


def test_the_progress_block_polls_while_the_run_is_going(staff: Client, verifier: Any) -> None:
    from carewatch.imports.jobs import ProgressFile
    from carewatch.imports.services import worker_id

    run = ImportRun.objects.create(
        file_name="big.csv",
        file_sha256="0" * 64,
        file_size=1,
        profile="insecurity_insight",
        user=verifier,
        worker=worker_id(),
    )
    progress = ProgressFile(run.pk)
    progress(4000, 0.4)
    progress.write()
    block = staff.get(f"/imports/{run.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in block and 'value="40"' in block and "4000" in block


def test_the_error_report_downloads_as_csv_in_the_readers_language(staff: Client) -> None:
    run = start(
        staff, token_of(upload(staff, csv_bytes([row(1, **{"Weapon Carried/Used": "=1+1"})])))
    )
    staff.cookies["carewatch_language"] = "ar"
    response = staff.get(f"/imports/{run.pk}/errors.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(response.content.decode("utf-8-sig").splitlines()))
    assert lines[0][0] == "السطر" or lines[0][0] != "row"  # the header is in Arabic
    assert lines[1][2] == "'=1+1" and lines[1][5] == "unknown_value"


def test_the_result_page_reads_right_to_left_in_arabic(staff: Client) -> None:
    run = start(staff, token_of(upload(staff, csv_bytes([row(1), row(2, Date="someday")]))))
    staff.cookies["carewatch_language"] = "ar"
    page = staff.get(f"/imports/{run.pk}/").content.decode()
    assert 'dir="rtl"' in page and "This is not a date that can be read." not in page


# Bad input: a clear message, nothing written, nothing kept


@pytest.mark.parametrize(
    ("name", "content"), [("photo.exe", b"MZ\x90\x00"), ("notes.pdf", b"%PDF-1.4")]
)
def test_a_file_of_the_wrong_type_is_refused(staff: Client, name: str, content: bytes) -> None:
    response = upload(staff, content, name=name)
    assert response.status_code == 400
    assert "cannot be imported: use .csv, .xlsx or .json" in response.content.decode()
    assert not staged_files() and not ImportRun.objects.exists()


def test_a_workbook_that_is_not_one_is_refused_in_french_with_nothing_written(
    staff: Client,
) -> None:
    staff.cookies["carewatch_language"] = "fr"
    response = upload(staff, b"this is not a zip", name="incidents.xlsx")
    page = staff.get(response["Location"])
    assert page.status_code == 400
    text = page.content.decode()
    assert (
        'id="refusal"' in text
        and "incidents.xlsx" in text
        and "This file is not an Excel workbook" not in text
    )
    assert not staged_files() and not ImportRun.objects.exists() and nothing_written()


def test_a_file_over_the_size_limit_is_refused(staff: Client, settings: Any) -> None:
    settings.CAREWATCH_MAX_ATTACHMENT_BYTES = 1024
    response = upload(staff, csv_bytes([row(i) for i in range(1, 60)]))
    assert response.status_code == 400 and "This file is too large" in response.content.decode()
    assert not staged_files() and not ImportRun.objects.exists()


def test_an_unknown_profile_is_refused_clearly(staff: Client) -> None:
    response = upload(staff, csv_bytes([row(1)]), profile="nobodys")
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not staged_files()


def test_a_form_without_its_csrf_token_is_refused(verifier: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(verifier)
    response = upload(client, csv_bytes([row(1)]))
    assert response.status_code == 403 and not staged_files() and not ImportRun.objects.exists()


def test_a_forged_or_someone_elses_upload_cannot_be_started(staff: Client, admin: Any) -> None:
    token = token_of(upload(staff, csv_bytes([row(1)])))
    other = Client()
    other.force_login(admin)
    response = other.post("/imports/start/", {"upload": token})
    assert response.status_code == 302 and response["Location"].endswith("/imports/new/")
    assert staff.post("/imports/start/", {"upload": "../../etc/passwd"}).status_code == 302
    assert not ImportRun.objects.exists() and nothing_written()
    preview = other.get(f"/imports/new/?upload={token}")
    assert (
        preview.status_code == 200
        and "This upload is no longer available" in preview.content.decode()
    )


def test_the_upload_path_is_never_kept_in_logs_runs_or_the_audit_log(
    staff: Client, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    run = start(staff, token_of(upload(staff, csv_bytes([row(1)]))))
    folder = str(uploads_dir())
    assert folder not in caplog.text
    assert all(
        folder not in str(value)
        for value in ImportRun.objects.filter(pk=run.pk).values().get().values()
    )
    assert all(folder not in str(entry.after) for entry in AuditEntry.objects.all())


def test_a_worker_that_crashes_fails_its_run_and_logs_no_path(
    staff: Client, monkeypatch: Any, caplog: Any
) -> None:
    from carewatch.imports import jobs

    def crash(**kwargs: Any) -> None:
        raise OSError(f"cannot read {kwargs['path']}")

    monkeypatch.setattr(jobs, "import_file", crash)
    run = start(staff, token_of(upload(staff, csv_bytes([row(1)]))))
    assert run.status == "failed" and "internal error" in run.message and nothing_written()
    assert "OSError" in caplog.text and str(uploads_dir()) not in caplog.text
    assert not staged_files()
    failed = AuditEntry.objects.get(action="carewatch.import.failed")
    assert failed.object_id == str(run.pk) and failed.after["status"] == "failed"


def test_an_import_that_cannot_be_queued_is_marked_failed_and_audited(
    staff: Client, monkeypatch: Any
) -> None:
    """The queue's table cannot be written (a full disk, a lost database): the run says so, in
    the log too, and the upload is not kept."""
    from django.db import DatabaseError
    from django_tasks_db.backend import DatabaseBackend

    def queue_unwritable(*args: Any) -> None:
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(DatabaseBackend, "enqueue", queue_unwritable)
    run = start(staff, token_of(upload(staff, csv_bytes([row(1)]))))
    assert run.status == "failed" and run.message and nothing_written()
    assert not staged_files()
    failed = AuditEntry.objects.get(action="carewatch.import.failed")
    assert failed.object_id == str(run.pk) and failed.before == {"status": "running"}


def test_the_preview_is_in_french_for_a_french_reader(staff: Client) -> None:
    staff.cookies["carewatch_language"] = "fr"
    page = staff.get(upload(staff, csv_bytes([row(1)]))["Location"]).content.decode()
    assert (
        '<html lang="fr"' in page and "Colonnes → champs" in page and "Lancer l’importation" in page
    )
