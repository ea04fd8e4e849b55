"""`carewatch link records incidents`: an imported dataset's rows, which arrive as records only,
each become a submitted incident of their own (linked, audited), once; earlier versions of a row
join its incident; a trial run and bad arguments change nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.import_fixtures import HEADER, row

from api_support import audit_writes
from carewatch.audit.models import AuditEntry
from carewatch.audit.services import verify_chain
from carewatch.incidents.models import Incident, IncidentRecord
from carewatch.linkage.unlinked import SUMMARY_CHARS, records_consolidate

pytestmark = pytest.mark.django_db

LONG = (
    "In Saraqib, the surgical hospital supported by an international organisation was hit by two air strikes "
    "in the early morning; its emergency entrance and the generator room were destroyed and the hospital closed."
)


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


def imported(path: Path, rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    call_command(
        "import",
        str(path),
        "--profile",
        "insecurity_insight",
        "--json",
        "--no-progress",
        stdout=io.StringIO(),
    )


def link_records(*args: str) -> str:
    out = io.StringIO()
    call_command("link", "records", "incidents", "--quiet", *args, stdout=out)
    return out.getvalue()


def test_each_unlinked_record_becomes_a_submitted_incident_once(tmp_path: Path) -> None:
    imported(
        tmp_path / "a.csv",
        [
            row(1, **{"Event Description": LONG}),
            row(2, **{"Admin 1": "", "Latitude": "", "Longitude": ""}),
        ],
    )
    assert (
        IncidentRecord.objects.filter(incident__isnull=True).count() == 2
        and not Incident.objects.exists()
    )
    assert "2 unlinked records: 2 incidents created, 0 left without" in link_records()
    one = Incident.objects.get(records__report__dataset_key="1")
    assert (
        one.state == "submitted"
        and one.place.pcode == "SY07"
        and one.date_start.isoformat() == "2016-09-28"
    )
    assert (
        one.narrative == LONG
        and one.title == LONG[: len(one.title) - 1] + "…"
        and len(one.title) <= SUMMARY_CHARS
    )
    assert {(c.measure, c.low) for c in one.casualties.all()} >= {("killed_hw", 2)}
    assert set(one.tags.filter(kind="weapon").values_list("code", flat=True)) == {"shelling"}
    assert (one.exact_lat, one.exact_lon, one.location_precision) == (35.93, 36.63, 2)
    unplaced = Incident.objects.get(records__report__dataset_key="2")
    assert (
        unplaced.place.level == 0 and unplaced.location_precision == 6
    )  # the country, as the row gives no place
    created = AuditEntry.objects.filter(action="carewatch.incident.created").count()
    linked = AuditEntry.objects.filter(action="carewatch.incident_record.linked").count()
    assert (created, linked) == (2, 2) and verify_chain() is None
    assert "0 unlinked records: 0 incidents created" in link_records()
    assert Incident.objects.count() == 2


def test_a_row_of_another_country_is_left_without_an_incident(tmp_path: Path) -> None:
    gaza = {
        "Country": "OPT",
        "Country ISO": "PSE",
        "Admin 1": "Gaza Strip",
        "Latitude": "31.52",
        "Longitude": "34.47",
    }
    imported(tmp_path / "a.csv", [row(1), row(2, **gaza)])
    assert "2 unlinked records: 1 incidents created, 1 left without" in link_records()
    assert Incident.objects.get().records.get().report.dataset_key == "1"
    assert IncidentRecord.objects.get(report__dataset_key="2").incident is None


def test_earlier_versions_of_a_row_join_its_incident_and_later_ones_are_linked_by_the_import(
    tmp_path: Path,
) -> None:
    imported(tmp_path / "v1.csv", [row(1)])
    imported(tmp_path / "v2.csv", [row(1, **{"Health Workers Killed": "3"})])
    assert IncidentRecord.objects.filter(incident__isnull=True).count() == 2
    assert "1 unlinked records: 1 incidents created" in link_records()
    incident = Incident.objects.get()
    assert IncidentRecord.objects.filter(incident=incident).count() == 2
    assert incident.casualties.get(measure="killed_hw").low == 3  # the latest release's count
    imported(tmp_path / "v3.csv", [row(1, **{"Health Workers Killed": "4"})])
    assert IncidentRecord.objects.filter(incident=incident).count() == 3
    assert "0 unlinked records" in link_records()


def test_a_trial_run_and_bad_arguments_change_nothing(tmp_path: Path) -> None:
    imported(tmp_path / "a.csv", [row(1), row(2)])
    before = audit_writes()
    assert "Trial run, nothing written: 2 unlinked records would make 2 incidents" in link_records(
        "--dry-run"
    )
    with pytest.raises(CommandError, match="no source named"):
        link_records("--source", "Nobody")
    with pytest.raises(CommandError, match="incident records"):
        call_command("link", "records", "persons", stdout=io.StringIO())
    assert not Incident.objects.exists() and audit_writes() == before
    assert "2 unlinked records: 2 incidents created" in link_records(
        "--source", "Insecurity Insight"
    )


def test_records_of_another_source_are_left_to_their_own_run(tmp_path: Path, verifier: Any) -> None:
    from carewatch.sources.services import source_get_or_create

    imported(tmp_path / "a.csv", [row(1)])
    other = source_get_or_create(user=verifier, name="Another list", source_type="ngo")
    assert records_consolidate(user=verifier, source_id=other.pk).records == 0
    assert not Incident.objects.exists()
