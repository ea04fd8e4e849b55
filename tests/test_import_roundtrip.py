"""Export → import → export: a CareWatch file taken back in (``--profile carewatch``) keeps every
public value — dates and their precision, the public place, attack types, weapons, counts
(ranges and unknowns), certainty — and the same file twice changes nothing."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from tests.conftest import place

from carewatch.incidents.models import IncidentRecord
from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


@pytest.fixture
def published(make_incident: Any) -> list[Any]:
    """Three public incidents with exact, ranged and unknown counts, at three levels of place."""
    subdistrict = place("SY070001")
    return [
        make_incident(
            place_id=subdistrict.pk,
            certainty="confirmed",
            attack_types=["heavy_weapons", "armed_search"],
            weapons=["barrel_bomb", "shelling"],
            counts={"killed_hw": Count(2), "injured_others": Count(3, 5)},
        ),
        make_incident(
            place_id=place("SY0700").pk,
            date_start=datetime.date(2017, 9, 1),
            date_precision=3,
            weapons=[],
            counts={},
        ),
        make_incident(
            place_id=place("SY02").pk,
            attack_types=["obstruction"],
            weapons=["unknown"],
            counts={"hw_detained": Count(4)},
            certainty="probable",
        ),
    ]


def download(fmt: str, tmp_path: Path) -> Path:
    response = Client().get(reverse(f"open-data-incidents-{fmt}"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    path = tmp_path / f"incidents.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    path.write_bytes(data)
    return path


def run_import(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command(
        "import", str(path), "--profile", "carewatch", "--json", "--no-progress", stdout=out
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


def public_values(incident: Any) -> dict[str, Any]:
    counts = {
        m: [c.low, c.high if c.high != c.low else None]
        for m, c in incident.counts().items()
        if c.known
    }
    governorate_or_district = incident.district or incident.governorate
    return {
        "date": incident.date_start,
        "precision": incident.date_precision,
        "place": governorate_or_district.pcode,
        "attack_types": sorted(incident.attack_types),
        "weapons": sorted(incident.weapons),
        "counts": counts,
        "certainty": incident.certainty,
    }


def imported_values(record: IncidentRecord) -> dict[str, Any]:
    return {
        "date": record.date,
        "precision": record.date_precision,
        "place": record.place.pcode,
        "attack_types": sorted(record.attack_types),
        "weapons": sorted(record.weapons),
        "counts": record.counts,
        "certainty": record.certainty,
    }


@pytest.mark.parametrize("fmt", ["csv", "hxl", "xlsx"])
def test_a_published_file_comes_back_with_every_public_value(
    published: list[Any], tmp_path: Path, fmt: str
) -> None:
    summary = run_import(download(fmt, tmp_path))
    assert (summary["read"], summary["new"], summary["rejected"], summary["flagged"]) == (
        3,
        3,
        0,
        0,
    )
    records = {
        r.report.dataset_key: r for r in IncidentRecord.objects.select_related("report", "place")
    }
    for incident in published:
        assert imported_values(records[incident.reference]) == public_values(incident), (
            incident.reference
        )
    again = run_import(download(fmt, tmp_path))
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 3)
