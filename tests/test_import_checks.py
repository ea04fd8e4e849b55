"""An import's foreign keys: checked once per distinct value on PostgreSQL when the role may, row by
row otherwise; either way a row that refers to nothing fails the import, and the rows it refers to
stay locked until it commits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from tests.import_fixtures import HEADER, csv_bytes, row

from carewatch.imports import bulk
from carewatch.imports.models import ImportRun
from carewatch.imports.services import ImportOptions, import_file
from carewatch.incidents.models import IncidentRecord
from carewatch.sources.models import Report
from carewatch_core.imports.prepared import Preparer

pytestmark = pytest.mark.django_db

MISSING_PLACE = 2_000_000_000


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


@pytest.fixture(params=["by batch", "row by row"])
def checks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of checking (on SQLite, and for a role without the privilege, only the second)."""
    if request.param == "row by row":
        monkeypatch.setattr(bulk, "checks_by_batch", lambda: False)
    return str(request.param)


def seven(tmp_path: Path) -> Path:
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(i) for i in range(1, 8)], HEADER))
    return path


def ii(path: Path, **options: Any) -> Any:
    return import_file(
        user=None,
        path=path,
        options=ImportOptions(profile="insecurity_insight", batch_size=2, **options),
    )


def role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return str(cursor.fetchone()[0])


def test_the_checks_go_by_batch_only_on_postgresql_for_a_role_that_may() -> None:
    if connection.vendor != "postgresql":
        assert bulk.checks_by_batch() is False
        return
    assert bulk.checks_by_batch() is True  # CI's role is a superuser
    plain = f"carewatch_plain_{os.getpid()}"
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute(f"CREATE ROLE {plain} NOLOGIN")
        cursor.execute(f"SET LOCAL ROLE {plain}")
    try:
        assert bulk.checks_by_batch() is False
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_an_import_stores_every_row_either_way(tmp_path: Path, checks: str) -> None:
    run = ii(seven(tmp_path))
    assert (run.rows_new, run.rows_rejected) == (7, 0)
    assert IncidentRecord.objects.filter(report__source__isnull=False).count() == 7
    assert IncidentRecord.objects.exclude(place=None).count() == 7
    if connection.vendor == "postgresql":
        assert role() == "origin"  # the checks are back on for the rest of the transaction


def test_a_row_that_refers_to_a_missing_place_fails_the_import_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: str
) -> None:
    real = Preparer._record

    def astray(self: Preparer, mapped: Any) -> Any:
        values = real(self, mapped)
        return (MISSING_PLACE, *values[1:]) if mapped.number == 6 else values

    monkeypatch.setattr(Preparer, "_record", astray)
    if connection.vendor == "sqlite":
        # SQLite checks foreign keys as the outermost transaction commits (here the test's own):
        # the check the commit makes, made here, refuses the row; the savepoint is rolled back.
        def imported_then_checked() -> None:
            with transaction.atomic():
                ii(seven(tmp_path))
                connection.check_constraints()

        with pytest.raises(IntegrityError, match="places_place"):
            imported_then_checked()
        assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0
        return
    with pytest.raises((IntegrityError, psycopg.IntegrityError)) as caught:
        ii(seven(tmp_path))
    if checks == "by batch":
        assert "places_place rows that do not exist" in str(caught.value)
        assert str(MISSING_PLACE) in str(caught.value)
    assert Report.objects.count() == 0 and IncidentRecord.objects.count() == 0
    assert ImportRun.objects.get().status == "failed"
    assert role() == "origin"
    monkeypatch.undo()
    assert ii(seven(tmp_path)).rows_new == 7


def test_the_places_an_import_refers_to_stay_locked_until_it_commits(
    tmp_path: Path, checks: str
) -> None:
    """As PostgreSQL's own check of each row does (``FOR KEY SHARE``): nobody can delete a place
    the import's rows refer to before they are in (on SQLite, one writer at a time)."""
    if connection.vendor != "postgresql":
        assert bulk.checks_by_batch() is False
        return
    seen: list[str] = []

    def another_connection_tries(rows: int, fraction: float) -> None:
        places = IncidentRecord.objects.exclude(place=None).values_list("place_id", flat=True)
        if not places:  # the first batch may still be on its way (sent from a thread)
            return
        place = places[0]
        params = connection.settings_dict
        with psycopg.connect(
            dbname=params["NAME"], user=params["USER"], host=params["HOST"], port=params["PORT"]
        ) as other:
            try:
                other.execute(
                    "SELECT id FROM places_place WHERE id = %s FOR UPDATE NOWAIT", [place]
                )
                seen.append("free")
            except psycopg.errors.LockNotAvailable:
                seen.append("locked")

    import_file(
        user=None,
        path=seven(tmp_path),
        options=ImportOptions(profile="insecurity_insight", batch_size=3),
        progress=another_connection_tries,
    )
    assert seen and set(seen) == {"locked"}
