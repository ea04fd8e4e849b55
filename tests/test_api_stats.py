"""Statistics through the API: counts, rankings, comparisons, named periods, figures side by side."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db


def _get(path: str, user: Any = None, **params: Any) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(path, params, HTTP_ACCEPT_LANGUAGE="en")


def test_counts_state_their_certainty_filter_and_sources(make_incident: Any) -> None:
    make_incident(date_start=datetime.date(2017, 9, 3), counts={"killed_hw": Count(2)})
    make_incident(date_start=datetime.date(2017, 11, 3), counts={"killed_hw": Count(1, 2)})
    make_incident(certainty="possible")
    data = _get("/api/stats/counts", measure="killed_hw", by="month").json()
    assert set(data["certainty"]) == {"probable", "confirmed"}
    assert "Probable" in data["certainty_note"] and "Confirmed" in data["certainty_note"]
    assert [r["key"] for r in data["rows"]] == ["2017-09", "2017-10", "2017-11"]
    assert data["rows"][1]["unknown"] is True
    assert (data["total"]["low"], data["total"]["high"]) == (3, 4)
    assert (
        data["additive"] is True and data["sources"] == []
    )  # incidents made without any report here


def test_counts_by_governorate_are_labelled_in_the_readers_language(make_incident: Any) -> None:
    make_incident()
    rows = (
        Client()
        .get("/api/stats/counts", {"by": "governorate"}, HTTP_ACCEPT_LANGUAGE="ar")
        .json()["rows"]
    )
    assert rows == [rows[0]] and rows[0]["key"] == "SY07" and rows[0]["label"] == "إدلب"


def test_the_deadliest_month_with_ties(make_incident: Any) -> None:
    make_incident(date_start=datetime.date(2017, 3, 5), counts={"killed_others": Count(4)})
    make_incident(date_start=datetime.date(2017, 9, 5), counts={"killed_others": Count(6)})
    data = _get("/api/stats/ranking", measure="killed", year="٢٠١٧").json()
    assert data["leaders"] == ["2017-09"]
    assert data["ranked"][0] == {
        "key": "2017-09",
        "label": "2017-09",
        "value": 6,
        "rank": 1,
        "tied": False,
    }
    assert len(data["ranked"]) == 12


def test_a_comparison_around_a_named_period_and_between_dates(make_incident: Any) -> None:
    for day in (3, 10, 20):
        make_incident(date_start=datetime.date(2017, 5, day))
    data = _get("/api/stats/compare", period="astana-memorandum-2017", days=30).json()
    assert data["reference"]["count"] == 1 and data["comparison"]["count"] == 2
    assert data["reference"]["start"] == "2017-04-04" and data["comparison"]["end"] == "2017-06-02"
    assert data["rate_ratio"] == 2 and data["method"] == "exact" and data["direction"] == "unclear"
    explicit = _get(
        "/api/stats/compare",
        reference_from="2017-04-01",
        reference_to="2017-04-30",
        comparison_from="2017-05-01",
        comparison_to="2017-05-30",
        method="lognormal",
    ).json()
    assert (
        explicit["reference"]["count"] == 0
        and explicit["ci_low"] is None
        and explicit["rate_ratio"] is None
    )


def test_named_periods_are_listed_in_the_readers_language() -> None:
    periods = Client().get("/api/stats/periods", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert {p["code"] for p in periods} >= {
        "astana-memorandum-2017",
        "idlib-de-escalation-zone-2017",
    }
    assert any(p["name"].startswith("Mémorandum d'Astana") for p in periods)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/stats/counts", {"by": "perpetrator"}, "by"),
        ("/api/stats/counts", {"certainty": "rumour"}, "certainty"),
        ("/api/stats/counts", {"measure": "treatments"}, "measure"),
        ("/api/stats/counts", {"governorate": "SY0700"}, "governorate"),
        ("/api/stats/counts", {"date_from": "2018-01-01", "date_to": "2017-01-01"}, "date_to"),
        ("/api/stats/ranking", {"by": "governorate"}, "by"),
        ("/api/stats/compare", {"reference_from": "2017-01-01"}, "period"),
        ("/api/stats/compare", {"period": "no-such-period"}, "period"),
        ("/api/stats/compare", {"period": "astana-memorandum-2017", "method": "wald"}, "method"),
    ],
)
def test_bad_questions_get_a_field_error(path: str, params: dict[str, str], field: str) -> None:
    response = _get(path, **params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_staff_may_group_by_alleged_perpetrator(
    make_incident: Any, analyst: Any, verifier: Any
) -> None:
    from carewatch.incidents.values import PerpetratorValue
    from carewatch.sources.services import source_create

    source = source_create(user=verifier, name="Monitor", source_type="ngo")
    make_incident(perpetrators=[PerpetratorValue(category="state_forces", source_id=source.pk)])
    rows = _get("/api/stats/counts", analyst, by="perpetrator").json()["rows"]
    assert [(r["key"], r["low"]) for r in rows] == [("state_forces", 1)]


def test_figures_are_side_by_side_never_summed(verifier: Any) -> None:
    from carewatch.sources.services import figure_record, report_create, source_create

    for name, quantity in (("White Helmets", 450), ("Other monitor", 430)):
        source = source_create(user=verifier, name=name, source_type="ngo")
        report = report_create(
            user=verifier,
            source=source,
            kind="press_release",
            language="en",
            original_text=str(quantity),
        )
        figure_record(
            user=verifier,
            report=report,
            quantity=quantity,
            measure="killed",
            population="civilians",
            quote=str(quantity),
            period_start=datetime.date(2016, 9, 23),
            period_end=datetime.date(2016, 9, 30),
        )
    scopes = _get("/api/stats/figures").json()
    assert len(scopes) == 1
    scope = scopes[0]
    assert [v["source"] for v in scope["values"]] == ["Other monitor", "White Helmets"]
    assert (scope["lowest"], scope["highest"], scope["sources_agree"]) == (430, 450, False)
    assert "total" not in scope
