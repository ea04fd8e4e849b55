"""Figures read from texts, in the application: ``carewatch extract-figures`` on files of every
kind, a press release uploaded as a file, and the review page where proposed figures are
recorded as corrected or dropped (all or nothing, each audited)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from fpdf import FPDF

from carewatch.audit.models import AuditEntry
from carewatch.sources import services
from carewatch.sources.models import Figure, Report, Source

NEWSLETTER = (
    "Dear UOSSM Canada friends and supporters,\n"
    "The past 7 days have been the most horrific doctors in Aleppo have ever seen.\n"
    "  • 450 Civilians dead and 1600 injured – White Helmets\n"
    "  • 96 Children dead and 223 maimed and injured since Friday- UNICEF\n"
    "  • 2 of the 4 largest hospitals in Aleppo (M2 & M10) have been bombed and are out of service.\n"
    "Protest: October 1, Downtown Toronto, 175 Bloor St. E -M4W 3R8. Call 0788389597.\n"
)


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path: Any, settings: Any) -> None:
    settings.CAREWATCH_EVIDENCE_DIR = tmp_path / "evidence"


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("extract-figures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- the command ------------------------------------------------------------------------------


def test_the_command_prints_json_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "newsletter.txt"
    path.write_text(NEWSLETTER, encoding="utf-8")
    out, _err = command(str(path), "--json", "--issuer", "UOSSM Canada", "--date", "2016-09-30")
    found = json.loads(out)
    assert [(f["quantity"], f["measure"], f["source"]) for f in found] == [
        (450, "killed", "White Helmets"),
        (1600, "injured", "White Helmets"),
        (96, "children_killed", "UNICEF"),
        (223, "children_injured", "UNICEF"),
        (2, "facilities_out_of_service", None),
    ]
    keys = {"quantity", "low", "high", "qualifier", "measure", "population", "place"}
    keys |= {"period_start", "period_end", "source", "quote", "start", "end"}
    assert keys <= set(found[0])
    assert found[2]["period_start"] == "2016-09-23" and found[4]["place"] == "SY02"
    assert NEWSLETTER[found[0]["start"] : found[0]["end"]] == "450"


def test_the_command_reads_html_docx_and_pdf_and_prints_a_line_each(tmp_path: Path) -> None:
    html = tmp_path / "release.html"
    html.write_text(f"<html><body><p>{NEWSLETTER}</p></body></html>", encoding="utf-8")
    out, err = command(str(html), "--lang", "en")
    assert "450 | Killed | White Helmets" in out and "5" in err
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(w=0, text="According to UNICEF, 96 children were killed in Aleppo.")
    (tmp_path / "release.pdf").write_bytes(bytes(pdf.output()))
    out, _err = command(str(tmp_path / "release.pdf"), "--json")
    assert [(f["quantity"], f["source"]) for f in json.loads(out)] == [(96, "UNICEF")]


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, (), "no such file"),
        ("ok", ("--date", "17/10/2017"), "is not a date"),
        ("zip", (), "not a Word document"),
        ("big", (), "larger than"),
    ],
)
def test_the_command_refuses_what_it_cannot_read_with_a_reason(
    tmp_path: Path, make: str | None, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "input"
    contents = {"ok": b"5 killed.", "zip": b"PK\x03\x04 broken", "big": b"x" * (21 * 2**20)}
    if make:
        path.write_bytes(contents[make])
    with pytest.raises(CommandError, match=message):
        command(str(path), *args)


# --- a report's figures, reviewed -------------------------------------------------------------


@pytest.fixture
def uossm(verifier: Any) -> Source:
    return services.source_create(user=verifier, name="UOSSM Canada", source_type="ngo")


@pytest.fixture
def report(verifier: Any, uossm: Source) -> Report:
    services.source_create(user=verifier, name="UNICEF", source_type="un_agency")
    return services.report_create(
        user=verifier,
        source=uossm,
        kind="newsletter",
        language="en",
        title="September newsletter",
        original_text=NEWSLETTER,
        published_on=datetime.date(2016, 9, 30),
    )


def proposal_data(page: Any) -> dict[str, Any]:
    """The review form as the browser would send it untouched."""
    formset = page.context["formset"]
    data: dict[str, Any] = {
        f"form-{k}": v for k, v in formset.management_form.initial.items() if v is not None
    }
    for form in formset.forms:
        for name in form.fields:
            value = form.initial.get(name)
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                value.isoformat() if hasattr(value, "isoformat") else value
            )
    return data


def test_the_report_text_comes_back_with_its_figures_marked_and_proposed(
    client: Any, verifier: Any, report: Report
) -> None:
    client.force_login(verifier)
    assert (
        "figures/proposed/"
        in client.get(reverse("report-detail", args=[report.pk])).content.decode()
    )
    page = client.get(reverse("figure-proposals", args=[report.pk]))
    html = page.content.decode()
    assert html.count("<mark id=") == 5
    assert '<mark id="text-1"><a href="#figure-1">450</a>' in html
    rows = [f.initial for f in page.context["formset"].forms]
    unicef = Source.objects.get(name="UNICEF")
    assert [(r["quantity"], r["measure"], r["attributed_to"]) for r in rows][2:4] == [
        (96, "children_killed", unicef.pk),
        (223, "children_injured", unicef.pk),
    ]
    assert rows[0]["named_source"] == "White Helmets" and rows[0]["attributed_to"] is None
    assert "0788389597" not in [str(r["quantity"]) for r in rows]


def test_ticked_figures_are_recorded_as_corrected_and_the_rest_dropped(
    client: Any, verifier: Any, report: Report
) -> None:
    client.force_login(verifier)
    page = client.get(reverse("figure-proposals", args=[report.pk]))
    data = proposal_data(page)
    del data["form-1-record"]  # 1600 injured: dropped
    data["form-0-quantity"] = "451"  # corrected
    for row in (2, 3, 4):
        del data[f"form-{row}-record"]
    response = client.post(reverse("figure-proposals", args=[report.pk]), data)
    assert response.status_code == 302
    [figure] = Figure.objects.all()
    assert (figure.quantity, figure.measure, figure.population) == (451, "killed", "civilians")
    assert "450 Civilians dead" in figure.quote
    assert AuditEntry.objects.filter(action="carewatch.figure.recorded").count() == 1


def test_one_wrong_row_records_nothing_and_says_why(
    client: Any, verifier: Any, report: Report
) -> None:
    client.force_login(verifier)
    data = proposal_data(client.get(reverse("figure-proposals", args=[report.pk])))
    data["form-3-quantity"] = "-1"
    response = client.post(reverse("figure-proposals", args=[report.pk]), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[3].errors["quantity"]
    assert not Figure.objects.exists()
    for key in [k for k in data if k.endswith("-record")]:
        del data[key]
    response = client.post(
        reverse("figure-proposals", args=[report.pk]), data | {"form-3-quantity": "223"}
    )
    assert "none was chosen" in response.content.decode()
    assert not Figure.objects.exists()


def test_a_french_reviewer_reads_the_page_in_french(
    client: Any, verifier: Any, report: Report
) -> None:
    client.force_login(verifier)
    page = client.get(reverse("figure-proposals", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Chiffres lus dans le texte" in page.content.decode()


def test_roles_without_figure_recording_cannot_open_the_page(
    client: Any, communications: Any, report: Report
) -> None:
    client.force_login(communications)
    assert client.get(reverse("figure-proposals", args=[report.pk])).status_code == 403


def test_a_press_release_uploaded_as_a_file_keeps_its_text_for_reading(
    client: Any, verifier: Any, uossm: Source
) -> None:
    client.force_login(verifier)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(w=0, text="According to UNICEF, 96 children were killed in Aleppo.")
    upload = SimpleUploadedFile("release.pdf", bytes(pdf.output()), content_type="application/pdf")
    data = {"source": uossm.pk, "kind": "press_release", "title": "Release", "language": "en"}
    response = client.post(reverse("report-create"), data | {"attachment": upload})
    assert response.status_code == 302
    report = Report.objects.get()
    assert "96 children were killed" in report.original_text
    assert report.attachments.count() == 1
    photo = SimpleUploadedFile(
        "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"
    )
    client.post(reverse("report-create"), data | {"title": "Photo", "attachment": photo})
    assert not Report.objects.filter(title="Photo", original_text__contains="PNG").exists()


def test_a_figure_the_report_already_has_is_proposed_unticked(
    client: Any, verifier: Any, report: Report
) -> None:
    services.figure_record(
        user=verifier,
        report=report,
        quantity=450,
        measure="killed",
        population="civilians",
        quote="450",
    )
    client.force_login(verifier)
    page = client.get(reverse("figure-proposals", args=[report.pk]))
    assert [f.initial["record"] for f in page.context["formset"].forms] == [
        False,
        True,
        True,
        True,
        True,
    ]
    assert "already has a figure of this number" in page.content.decode()
