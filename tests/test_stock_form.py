"""The stock count for phones without a connection: an XLSForm (three languages, the catalogue
as its choices, no list of facilities) and the import of its submissions as KoBoToolbox or ODK
Central export them — checked first, all or nothing, each submission once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from tests.conftest import idlib_district

from carewatch.facilities.services import facility_create
from carewatch.supplies.models import Alert, StockReport

pytestmark = pytest.mark.django_db


def test_the_stock_form_converts_with_the_catalogue_and_no_facility_names(
    tmp_path: Path, verifier: Any
) -> None:
    from pyxform.xls2xform import convert

    facility_create(
        user=verifier,
        name_latin="Secret Cave Hospital",
        facility_type="secondary",
        place=idlib_district(),
    )
    path = tmp_path / "stock.xlsx"
    call_command("stockform", "--out", str(path), stdout=io.StringIO())
    xform = convert(xlsform=str(path), validate=False).xform
    assert "Ceftriaxone 1 g injectable (flacon)" in xform and "قارورة" in xform
    assert "Secret Cave Hospital" not in xform
    names = [r[1] for r in load_workbook(path)["choices"].iter_rows(values_only=True)][1:]
    assert "ceftriaxone-1g" in names
    with pytest.raises(CommandError):
        call_command("stockform", "--out", str(tmp_path / "stock.csv"))


def _export(path: Path, rows: list[list[Any]], xlsx: bool = False) -> Path:
    header = ["start", "end", "facility", "item", "quantity", "daily_use", "date", "_uuid"]
    if xlsx:
        book = Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
        return path
    path.write_text("\n".join(";".join(str(c) for c in r) for r in [header, *rows]), "utf-8")
    return path


def test_submissions_import_once_and_a_bad_one_stops_them_all(
    tmp_path: Path, documenter: Any, verifier: Any
) -> None:
    facility = facility_create(
        user=verifier, name_latin="Hospital", facility_type="secondary", place=idlib_district()
    )
    good = [
        ["", "", facility.pk, "saline-1l", "٤٠", "20", "2026-11-30", "uuid-1"],
        ["", "", facility.pk, "gauze", "100,5", "2", "2026-11-30", "uuid-2"],
    ]
    bad = [*good, ["", "", 999999, "nothing", "-3", "x", "2026-02-30", "uuid-3"]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "stock_import",
            str(_export(tmp_path / "bad.csv", bad)),
            "--user",
            documenter.username,
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert {line.split("\t")[1] for line in lines} == {
        "facility",
        "item",
        "quantity",
        "daily_use",
        "date",
    }
    assert not StockReport.objects.exists()
    out = io.StringIO()
    call_command(
        "stock_import",
        str(_export(tmp_path / "good.xlsx", good, xlsx=True)),
        "--user",
        documenter.username,
        stdout=out,
    )
    assert "2 count(s) imported, 0 already there" in out.getvalue()
    assert StockReport.objects.get(submission="uuid-1").quantity == 40  # Arabic-Indic digits
    assert Alert.objects.count() == 1  # saline: two days left
    out = io.StringIO()
    call_command(
        "stock_import",
        str(_export(tmp_path / "again.csv", good)),
        "--user",
        documenter.username,
        stdout=out,
    )
    assert "0 count(s) imported, 2 already there" in out.getvalue()
    assert StockReport.objects.count() == 2
