"""The memorial list for a commemoration: cleared names only, both scripts, in the order chosen,
as a table, a printable PDF and slides; for communications staff."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from carewatch.people.services import person_create, person_fate_add
from conftest import idlib_district

pytestmark = pytest.mark.django_db
HIDDEN = "CANARY-Not-Cleared"
QUERY = {
    "date_from": "2017-01-01",
    "date_to": "2017-12-31",
    "order": "latin",
    "title": "Doctors in Danger",
}


@pytest.fixture
def killed(verifier: Any) -> None:
    for latin, arabic, day, clearance in (
        ("Zaid Khalil", "زيد خليل", datetime.date(2017, 3, 2), "cleared"),
        ("Amal Nasser", "أمل ناصر", datetime.date(2017, 9, 19), "public_record"),
        (HIDDEN, "", datetime.date(2017, 5, 1), "not_cleared"),
        ("Outside Period", "", datetime.date(2016, 5, 1), "cleared"),
    ):
        person = person_create(
            user=verifier,
            name_latin=latin,
            name_ar=arabic,
            profession="doctor",
            memorial_clearance=clearance,
        )
        person_fate_add(
            person=person, user=verifier, fate="killed", date=day, place=idlib_district()
        )


def test_the_list_reads_cleared_names_in_the_order_chosen(
    client: Client, communications: Any, killed: None
) -> None:
    client.force_login(communications)
    page = client.get(reverse("memorial-list"), QUERY)
    assert [p["name_latin"] for p in page.context["rows"]] == ["Amal Nasser", "Zaid Khalil"]
    by_date = client.get(reverse("memorial-list"), QUERY | {"order": "date"})
    assert [p["name_latin"] for p in by_date.context["rows"]] == ["Zaid Khalil", "Amal Nasser"]
    by_arabic = client.get(reverse("memorial-list"), QUERY | {"order": "arabic"})
    assert [p["name_ar"] for p in by_arabic.context["rows"]] == ["أمل ناصر", "زيد خليل"]
    assert HIDDEN not in page.content.decode() and "Outside Period" not in page.content.decode()
    assert page.context["rows"][0]["place_name"]  # the place of death, at the public level


def test_the_pdf_and_the_slides_hold_both_scripts_and_no_uncleared_name(
    client: Client, communications: Any, killed: None
) -> None:
    client.force_login(communications)
    for language in ("en", "ar", "fr"):
        pdf = client.get(
            reverse("memorial-list"), QUERY | {"as": "pdf"}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Amal Nasser" in text and "Doctors in Danger" in text and HIDDEN not in text
    slides = client.get(reverse("memorial-list"), QUERY | {"as": "slides"}).content.decode()
    assert slides.count('class="slide"') == 2 and "زيد خليل" in slides and HIDDEN not in slides


def test_bad_dates_and_other_roles_are_refused(
    client: Client, communications: Any, verifier: Any, killed: None
) -> None:
    client.force_login(communications)
    page = client.get(reverse("memorial-list"), QUERY | {"date_to": "2016-01-01"})
    assert page.context["rows"] is None and "date_to" in page.context["form"].errors
    client.force_login(verifier)
    assert client.get(reverse("memorial-list"), QUERY).status_code == 403
