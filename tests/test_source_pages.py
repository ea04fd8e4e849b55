"""Sources, reports and figures pages: roles, bad input, attribution always shown."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carewatch.audit.models import AuditEntry
from carewatch.sources import services
from carewatch.sources.models import Attachment, Figure, Report, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path: Any, settings: Any) -> None:
    settings.EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture
def unicef(verifier: Any) -> Source:
    return services.source_create(
        user=verifier, name="UNICEF", source_type="un_agency", reliability="B"
    )


@pytest.fixture
def newsletter(verifier: Any, unicef: Source) -> Report:
    return services.report_create(
        user=verifier,
        source=unicef,
        kind="newsletter",
        language="en",
        title="Aleppo update",
        original_text="96 Children dead and 223 maimed",
    )


def test_a_verifier_creates_a_source(client: Any, verifier: Any) -> None:
    client.force_login(verifier)
    response = client.post(
        reverse("source-create"),
        {
            "name": "White Helmets",
            "source_type": "ngo",
            "reliability": "B",
            "url": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get().name == "White Helmets"
    assert AuditEntry.objects.filter(action="carewatch.source.created").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("source_type", "blog"), ("reliability", "Z"), ("url", "not a url")],
)
def test_bad_input_on_the_source_form_writes_nothing(
    client: Any, verifier: Any, field: str, value: str
) -> None:
    client.force_login(verifier)
    data = {
        "name": "White Helmets",
        "source_type": "ngo",
        "reliability": "B",
        "url": "",
        "description": "",
        field: value,
    }
    response = client.post(reverse("source-create"), data)
    assert field in response.context["form"].errors
    assert not Source.objects.exists()


def test_a_duplicate_source_name_is_refused(client: Any, verifier: Any, unicef: Source) -> None:
    client.force_login(verifier)
    response = client.post(
        reverse("source-create"), {"name": "unicef", "source_type": "ngo", "reliability": "B"}
    )
    assert "name" in response.context["form"].errors
    assert Source.objects.count() == 1


def test_concurrent_source_edits_conflict(
    client: Any, verifier: Any, admin: Any, unicef: Source
) -> None:
    form = {"name": "UNICEF", "source_type": "un_agency", "reliability": "A", "version": "1"}
    client.force_login(verifier)
    assert client.post(reverse("source-edit", args=[unicef.pk]), form).status_code == 302
    client.force_login(admin)
    response = client.post(reverse("source-edit", args=[unicef.pk]), form | {"reliability": "C"})
    assert response.status_code == 409
    unicef.refresh_from_db()
    assert unicef.reliability == "A"


def test_a_report_is_recorded_with_its_file_hashed(
    client: Any, verifier: Any, unicef: Source
) -> None:
    client.force_login(verifier)
    upload = SimpleUploadedFile("release.txt", "بيان صحفي".encode(), content_type="text/plain")
    data = {
        "source": unicef.pk,
        "kind": "press_release",
        "title": "Release",
        "language": "ar",
        "published_on": "2017-10-17",
        "url": "",
        "original_text": "",
        "attachment": upload,
    }
    response = client.post(reverse("report-create"), data)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    import hashlib

    assert attachment.sha256 == hashlib.sha256("بيان صحفي".encode()).hexdigest()


def test_a_report_needs_text_file_or_link(client: Any, verifier: Any, unicef: Source) -> None:
    client.force_login(verifier)
    data = {
        "source": unicef.pk,
        "kind": "press_release",
        "title": "Empty",
        "language": "en",
        "original_text": "  ",
    }
    response = client.post(reverse("report-create"), data)
    assert response.context["form"].non_field_errors()
    assert not Report.objects.exists()


def test_a_figure_is_recorded_with_its_quote(
    client: Any, verifier: Any, newsletter: Report
) -> None:
    client.force_login(verifier)
    data = {
        "quantity": "96",
        "measure": "children_killed",
        "population": "children",
        "quote": "96 Children dead",
        "place_text": "Aleppo",
    }
    assert client.post(reverse("figure-create", args=[newsletter.pk]), data).status_code == 302
    figure = Figure.objects.get()
    assert (figure.quantity, figure.stated_by.name) == (96, "UNICEF")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "lots"}, "quantity"),
        ({"quote": ""}, "quote"),
        ({"quantity_high": "10"}, "quantity_high"),
        ({"period_start": "2016-10-01", "period_end": "2016-09-01"}, "period_end"),
    ],
)
def test_bad_figures_are_refused(
    client: Any, verifier: Any, newsletter: Report, overrides: dict[str, str], field: str
) -> None:
    client.force_login(verifier)
    data = {
        "quantity": "96",
        "measure": "children_killed",
        "population": "children",
        "quote": "96 Children dead",
    } | overrides
    response = client.post(reverse("figure-create", args=[newsletter.pk]), data)
    assert field in response.context["form"].errors
    assert not Figure.objects.exists()


def test_figures_from_different_sources_are_listed_side_by_side_each_with_its_source(
    client: Any, analyst: Any, verifier: Any, newsletter: Report
) -> None:
    helmets = services.source_create(user=verifier, name="White Helmets", source_type="ngo")
    services.figure_record(
        user=verifier,
        report=newsletter,
        quantity=450,
        measure="killed",
        population="civilians",
        quote="450 Civilians dead",
        attributed_to=helmets,
    )
    services.figure_record(
        user=verifier,
        report=newsletter,
        quantity=96,
        measure="children_killed",
        population="children",
        quote="96 Children dead",
    )
    client.force_login(analyst)
    page = client.get(reverse("figure-list")).content.decode()
    assert "450" in page and "White Helmets" in page and "96" in page and "UNICEF" in page
    assert "546" not in page


def test_informant_names_show_only_to_verifiers(
    client: Any, analyst: Any, verifier: Any, unicef: Source
) -> None:
    report = services.report_create(
        user=verifier,
        source=unicef,
        kind="statement",
        language="en",
        original_text="x",
        informant_name="CANARY-INFORMANT-4417",
    )
    fragment = reverse("report-informant", args=[report.pk])
    client.force_login(analyst)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "CANARY-INFORMANT-4417" not in page
    assert fragment not in page
    assert client.get(fragment).status_code == 403
    client.force_login(verifier)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "CANARY-INFORMANT-4417" not in page  # read on purpose, not part of the page
    assert fragment in page
    assert "CANARY-INFORMANT-4417" in client.get(fragment).content.decode()


def test_a_field_documenter_cannot_list_sources(client: Any, documenter: Any) -> None:
    client.force_login(documenter)
    assert client.get(reverse("source-list")).status_code == 403
    assert client.get(reverse("figure-list")).status_code == 403


def test_a_datasets_page_tells_its_rows_apart_by_id_and_event_date(
    client: Any, verifier: Any, tmp_path: Any
) -> None:
    from carewatch.imports.services import ImportOptions, import_file
    from import_fixtures import csv_bytes, row

    path = tmp_path / "rows.csv"
    path.write_bytes(csv_bytes([row("E-71", Date="2016-09-21"), row("E-72", Date="2016-10-02")]))
    run = import_file(user=verifier, path=path, options=ImportOptions(profile="insecurity_insight"))
    client.force_login(verifier)
    html = client.get(reverse("source-detail", args=[run.source_id])).content.decode()
    assert "<bdi>E-71</bdi>" in html and "<bdi>E-72</bdi>" in html
    assert ">2016-09-21</time>" in html and ">2016-10-02</time>" in html and "(event)" in html


def test_the_sources_page_counts_each_sources_reports_and_a_new_report_shows_at_once(
    client: Any, verifier: Any, unicef: Source, newsletter: Report
) -> None:
    services.source_create(user=verifier, name="Quiet NGO", source_type="ngo", reliability="C")
    client.force_login(verifier)

    def counts() -> dict[str, str]:
        html = client.get(reverse("source-list")).content.decode()
        rows = re.findall(r">([^<>]+)</a>.*?<td class=\"num\">(\d+)</td>", html)
        return dict(rows)

    assert counts() == {"UNICEF": "1", "Quiet NGO": "0"}
    services.report_create(
        user=verifier,
        source=unicef,
        kind="newsletter",
        language="en",
        title="Idleb update",
        original_text="Two clinics hit",
    )
    assert counts() == {
        "UNICEF": "2",
        "Quiet NGO": "0",
    }  # the kept counts are not served after a change
