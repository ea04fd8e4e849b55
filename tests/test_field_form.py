"""The field form as an XLSForm for KoBoToolbox / ODK (Arabic, French, English), and its
submissions imported back with the ``kobo`` profile: codes and p-codes arrive as they are,
blank counts stay unknown, unknown values are kept and flagged, a second export adds only new
submissions."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from tests.conftest import needs

from carewatch.incidents.choices import AttackType, Weapon
from carewatch.incidents.models import IncidentRecord
from carewatch.sources.choices import Language
from carewatch_core.imports.profiles import kobo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "carewatch.xlsx"
    call_command("fieldform", "--out", str(path), stdout=io.StringIO())
    return path


def test_the_form_converts_to_an_xform_in_three_languages(form: Path) -> None:
    from pyxform.xls2xform import convert

    xform = convert(xlsform=str(form), validate=False).xform
    for language in ("English (en)", "French (fr)", "Arabic (ar)"):
        assert (
            f'<translation lang="{language}"' in xform
            or f'<translation default="true()" lang="{language}"' in xform
        )
    assert "نوع الهجوم" in xform, "the Arabic labels are in the form"
    assert "Type d’attaque" in xform or "Type d'attaque" in xform


def test_the_form_passes_odk_validate(form: Path) -> None:
    if shutil.which("java") is None:
        needs("java", "Java (ODK Validate runs on it)")
    from pyxform.xls2xform import convert

    result = convert(xlsform=str(form), validate=True)
    assert result.xform


def test_the_forms_choices_are_the_projects_vocabularies(form: Path) -> None:
    rows = list(load_workbook(form, read_only=True)["choices"].iter_rows(values_only=True))[1:]
    names = {}
    for list_name, name, *_rest in rows:
        names.setdefault(list_name, set()).add(name)
    assert names["attack_type"] == set(AttackType.values) == kobo.ATTACK_TYPES
    assert names["weapon"] == set(Weapon.values) == kobo.WEAPONS
    assert names["language"] == set(Language.values) == kobo.LANGUAGES
    assert (
        len(names["governorate"]) == 14
        and len(names["district"]) == 62
        and len(names["subdistrict"]) == 272
    )


def test_the_form_does_not_ask_for_witness_identities(form: Path) -> None:
    survey = {
        r[1] for r in load_workbook(form, read_only=True)["survey"].iter_rows(values_only=True)
    }
    assert not {"informant_name", "informant_contact"} & survey


HEADER = [
    "start",
    "end",
    "title",
    "date_start",
    "date_precision",
    "governorate",
    "district",
    "subdistrict",
    "place_text",
    "facility_text",
    "attack_types",
    "weapons",
    "count_killed_hw",
    "count_injured_hw",
    "count_killed_others",
    "count_injured_others",
    "narrative",
    "language",
    "photo",
    "_id",
    "_uuid",
    "_submission_time",
]


def submission(uuid: str, **over: str) -> list[str]:
    values = dict(
        zip(
            HEADER,
            [
                "2024-03-15T08:00:00",
                "2024-03-15T08:10:00",
                "قصف مستشفى",
                "2024-03-14",
                "1",
                "SY07",
                "SY0700",
                "",
                "معرة النعمان",
                "مشفى الأمل",
                "heavy_weapons armed_search",
                "aerial_bomb_plane",
                "2",
                "",
                "3-5",
                "",
                "استهدفت غارة المشفى",
                "ar",
                "1710490000.jpg",
                "101",
                uuid,
                "2024-03-15T08:11:02",
            ],
            strict=True,
        )
    )
    values.update(over)
    return list(values.values())


def export(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run_import(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import", str(path), "--profile", "kobo", "--json", "--no-progress", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


def test_submissions_import_with_their_codes_places_and_counts(tmp_path: Path) -> None:
    first = export(
        tmp_path / "export.csv",
        [
            submission("uuid:aaa"),
            submission(
                "uuid:bbb", district="", subdistrict="", count_killed_hw="", weapons="nukes"
            ),
        ],
    )
    summary = run_import(first)
    assert (summary["read"], summary["new"], summary["rejected"]) == (2, 2, 0)
    assert summary["flagged"] == 1
    records = {
        r.report.dataset_key: r for r in IncidentRecord.objects.select_related("place", "report")
    }
    one, two = records["uuid:aaa"], records["uuid:bbb"]
    assert one.place.pcode == "SY0700" and two.place.pcode == "SY07"
    assert one.attack_types == ["heavy_weapons", "armed_search"] and one.weapons == [
        "aerial_bomb_plane"
    ]
    assert one.counts == {"killed_hw": [2, None], "killed_others": [3, 5]}
    assert "killed_hw" not in two.counts, "a blank count stays unknown, not zero"
    assert two.weapons == [] and "nukes" in json.dumps(two.source_values), (
        "an unknown code is kept in the source's values"
    )
    assert one.description == "استهدفت غارة المشفى"


def test_exporting_again_adds_only_the_new_submissions(tmp_path: Path) -> None:
    run_import(export(tmp_path / "a.csv", [submission("uuid:aaa")]))
    again = run_import(export(tmp_path / "b.csv", [submission("uuid:aaa"), submission("uuid:ccc")]))
    assert (again["new"], again["unchanged"]) == (1, 1)
    assert IncidentRecord.objects.count() == 2
