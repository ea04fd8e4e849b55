"""Which figures the public read (S1, S20): only those whose quotes are public by nature, or that
someone decided may be published, and their places at the public level.

A figure from an eyewitness statement, with a quote naming a nurse and a hospital, was published
word for word with its sub-district. Canary quotes show what reaches the public now.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.test import Client

from carewatch.sources.choices import QuotePublication, ReportKind, figure_may_be_published

pytestmark = pytest.mark.django_db

QUOTE = "CANARY-QUOTE nurse Amal at al-Rahma hospital counted {} dead"


def _figure(
    user: Any, kind: str, publication: str = QuotePublication.BY_KIND, place: Any = None
) -> Any:
    from carewatch.sources.services import figure_record, report_create, source_create

    source = source_create(user=user, name=f"Source {kind} {publication}", source_type="ngo")
    report = report_create(
        user=user, source=source, kind=kind, language="en", original_text=f"{kind} {publication}"
    )
    return figure_record(
        user=user,
        report=report,
        quantity=7,
        measure="killed",
        population="civilians",
        quote=QUOTE.format(f"{kind}/{publication}"),
        place=place,
        publication=publication,
        period_start=datetime.date(2017, 9, 1),
        period_end=datetime.date(2017, 9, 30),
    )


def _public_text() -> str:
    from django.core.cache import cache

    cache.clear()  # the public pages and figures are cached until the data changes
    return Client().get("/api/stats/figures").content.decode() + Client().get("/").content.decode()


def test_a_statements_quote_is_not_published(verifier: Any) -> None:
    _figure(verifier, ReportKind.STATEMENT)
    assert "CANARY-QUOTE" not in _public_text()


def test_a_press_releases_quote_is_published(verifier: Any) -> None:
    _figure(verifier, ReportKind.PRESS_RELEASE)
    assert "press_release/by_kind" in _public_text()


@pytest.mark.parametrize(
    ("kind", "publication", "shown"),
    [
        (ReportKind.STATEMENT, QuotePublication.PUBLIC, True),  # decided: the witness agreed
        (ReportKind.PRESS_RELEASE, QuotePublication.PRIVATE, False),  # decided: not ours to repeat
        (ReportKind.FIELD_FORM, QuotePublication.PUBLIC, False),  # a field form never
        (ReportKind.OTHER, QuotePublication.BY_KIND, False),
        (ReportKind.DATASET_ROW, QuotePublication.BY_KIND, True),
    ],
)
def test_a_decision_on_the_figure_overrides_the_kind(
    verifier: Any, kind: str, publication: str, shown: bool
) -> None:
    _figure(verifier, kind, publication)
    assert (f"{kind}/{publication}" in _public_text()) is shown


def test_the_rule_for_one_figure_is_the_rule_of_the_query(verifier: Any) -> None:
    from carewatch.sources.selectors import public_figures

    made = {
        (kind, publication): _figure(verifier, kind, publication).pk
        for kind, publication in itertools.product(ReportKind.values, QuotePublication.values)
    }
    public = set(public_figures().values_list("pk", flat=True))
    for (kind, publication), pk in made.items():
        assert (pk in public) is figure_may_be_published(kind, publication), (kind, publication)
    assert public and len(public) < len(made)


def _sub_district() -> Any:
    """A sub-district whose name is not its district's (many share it)."""
    from carewatch.places.models import Place

    return next(
        p
        for p in Place.objects.filter(level=3).select_related("parent").order_by("pcode")
        if p.name_en not in p.parent.name_en and p.parent.name_en not in p.name_en
    )


def test_a_public_figures_place_is_its_district_not_its_sub_district(verifier: Any) -> None:
    sub_district = _sub_district()
    _figure(verifier, ReportKind.PRESS_RELEASE, place=sub_district)
    scopes = Client().get("/api/stats/figures").json()
    assert [s["place"] for s in scopes] == [sub_district.parent.pcode]
    home = _public_text()
    assert sub_district.name_en not in home and sub_district.parent.name_en in home


def test_staff_see_every_figure_with_whether_it_is_public(verifier: Any, analyst: Any) -> None:
    sub_district = _sub_district()
    _figure(verifier, ReportKind.STATEMENT, place=sub_district)
    client = Client()
    client.force_login(analyst)
    scopes = client.get("/api/stats/figures").json()
    assert [s["place"] for s in scopes] == [sub_district.pcode]
    page = client.get("/figures/").content.decode()
    assert "statement/by_kind" in page and "not public" in page


def test_the_figure_form_records_the_decision(verifier: Any) -> None:
    from carewatch.sources.models import Figure
    from carewatch.sources.services import report_create, source_create

    source = source_create(user=verifier, name="A witness", source_type="eyewitness")
    report = report_create(
        user=verifier, source=source, kind=ReportKind.STATEMENT, language="en", original_text="x"
    )
    client = Client()
    client.force_login(verifier)
    response = client.post(
        f"/reports/{report.pk}/figures/new/",
        {
            "quantity": "3",
            "measure": "killed",
            "population": "civilians",
            "quote": "three dead",
            "publication": QuotePublication.PUBLIC,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Figure.objects.get(report=report).publication == QuotePublication.PUBLIC
    refused = client.post(
        f"/reports/{report.pk}/figures/new/",
        {
            "quantity": "3",
            "measure": "killed",
            "population": "civilians",
            "quote": "three dead",
            "publication": "yes",
        },
    )
    assert refused.status_code == 200 and Figure.objects.filter(report=report).count() == 1


def test_the_api_records_the_decision_and_refuses_an_unknown_one(verifier: Any) -> None:
    from tests.api_support import api_client

    from carewatch.sources.services import report_create, source_create

    source = source_create(user=verifier, name="A witness", source_type="eyewitness")
    report = report_create(
        user=verifier, source=source, kind=ReportKind.STATEMENT, language="en", original_text="x"
    )
    client = api_client(verifier)
    body = {
        "report": report.pk,
        "quantity": 3,
        "measure": "killed",
        "population": "civilians",
        "quote": "three dead",
    }
    made = client.post("/api/figures", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["publication"] == "by_kind"
    refused = client.post(
        "/api/figures", body | {"publication": "yes"}, content_type="application/json"
    )
    assert refused.status_code == 422
