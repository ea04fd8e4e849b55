"""Imported rows flow on to the staff: once an import stores new reports (from the web or the
command line), a queued job gives each new row an incident of its own (submitted, to verify) and
refreshes the review queue; a dry run, an import with nothing new and the setting turned off
queue nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from carewatch.imports.services import ImportOptions, import_file
from carewatch.incidents.models import Incident, IncidentRecord
from import_fixtures import csv_bytes, row, run_jobs

pytestmark = pytest.mark.django_db
LINKING = "carewatch.linkage.jobs.link_imported"


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    """What runs once the import's transaction commits (the test's own never does)."""
    return django_capture_on_commit_callbacks


def imported(
    commits: Any, tmp_path: Path, user: Any, rows: list[list[object]], **options: Any
) -> Any:
    path = tmp_path / "rows.csv"
    path.write_bytes(csv_bytes(rows))
    with commits(execute=True):
        return import_file(
            user=user, path=path, options=ImportOptions(profile="insecurity_insight", **options)
        )


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=LINKING, status="READY").count()


def test_new_rows_become_submitted_incidents_without_a_command(
    commits: Any, tmp_path: Path, verifier: Any
) -> None:
    rows = [row(f"E-{n}", Date=f"2016-09-{n + 10}") for n in range(3)]
    run = imported(commits, tmp_path, verifier, rows)
    assert run.rows_new == 3 and queued() == 1
    assert not Incident.objects.exists()
    run_jobs()
    records = IncidentRecord.objects.filter(report__source=run.source)
    assert records.count() == 3 and not records.filter(incident__isnull=True).exists()
    assert set(Incident.objects.values_list("state", flat=True)) == {"submitted"}
    # The same file again: nothing new, nothing queued, nothing made twice.
    again = imported(commits, tmp_path, verifier, rows)
    assert again.rows_new == 0 and queued() == 0
    run_jobs()
    assert Incident.objects.count() == 3


def test_a_dry_run_or_the_setting_off_queues_nothing(
    commits: Any, tmp_path: Path, verifier: Any, settings: Any
) -> None:
    imported(commits, tmp_path, verifier, [row("E-1")], dry_run=True)
    assert queued() == 0
    settings.CAREWATCH_LINK_AFTER_IMPORT = False
    imported(commits, tmp_path, verifier, [row("E-2")])
    assert queued() == 0


def test_the_run_page_says_where_the_new_rows_went(
    client: Any, verifier: Any, commits: Any, settings: Any, tmp_path: Path
) -> None:
    """From the web: the import job, then the linking job (the same worker), then the run page."""
    from import_fixtures import token_of, upload

    settings.DATA_DIR = tmp_path / "instance"
    client.force_login(verifier)
    staged = upload(client, csv_bytes([row("W-1"), row("W-2", Date="2016-10-02")]))
    with commits(execute=True):
        response = client.post("/imports/start/", {"upload": token_of(staged)})
        run_jobs()
    run_jobs()  # the linking job, queued when the import committed
    page = client.get(response["Location"]).content.decode()
    assert "2 have an incident of their own (submitted), 0 are still being linked" in page
    assert "/linkage/" in page and "state=submitted" in page
