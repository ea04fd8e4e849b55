"""One definition of the incident filters (``incidents.filters``): the staff list, the API and
the statistics keep the same incidents for the same period and source — an incident belongs to
the day it started — and list each incident once however many rows match."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db

DECEMBER = {"date_from": "2017-12-01", "date_to": "2017-12-31"}
JANUARY = {"date_from": "2018-01-01", "date_to": "2018-01-31"}


@pytest.fixture
def spanning(make_incident: Any) -> Any:
    """An attack from 30 December 2017 to 2 January 2018, and one wholly in January."""
    across = make_incident(
        title="Siege of a hospital",
        date_start=datetime.date(2017, 12, 30),
        date_end=datetime.date(2018, 1, 2),
        counts={"killed_hw": Count(3)},
    )
    january = make_incident(
        title="Shelling of a clinic",
        date_start=datetime.date(2018, 1, 10),
        counts={"killed_hw": Count(1)},
    )
    return across, january


def _page_ids(client: Client, params: dict[str, str]) -> set[int]:
    response = client.get(reverse("incident-list"), params)
    return {i.pk for i in response.context["page"]}


def _api_ids(client: Client, params: dict[str, str]) -> set[int]:
    return {row["id"] for row in client.get("/api/incidents", params).json()["results"]}


def _counted(params: dict[str, str]) -> int:
    data = Client().get("/api/stats/counts", {"measure": "killed_hw", "by": "month", **params})
    return int(data.json()["total"]["low"])


def test_a_period_keeps_the_incidents_that_started_in_it_everywhere(
    client: Client, verifier: Any, spanning: Any
) -> None:
    across, january = spanning
    client.force_login(verifier)
    assert _page_ids(client, DECEMBER) == _api_ids(client, DECEMBER) == {across.pk}
    assert _page_ids(client, JANUARY) == _api_ids(client, JANUARY) == {january.pk}
    assert _counted(DECEMBER) == 3
    assert _counted(JANUARY) == 1


def test_an_incident_told_by_two_reports_of_one_source_is_listed_once(
    client: Client, verifier: Any, make_incident: Any
) -> None:
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create, source_create

    incident = make_incident()
    source = source_create(user=verifier, name="A monitoring network", source_type="ngo")
    for day in (1, 2):
        report = report_create(
            user=verifier,
            source=source,
            kind="press_release",
            language="en",
            original_text=f"Report {day}",
            published_on=datetime.date(2017, 10, day),
        )
        incident_record_create(
            user=verifier, report=report, incident=incident, fields={"date": incident.date_start}
        )
    client.force_login(verifier)
    response = client.get(reverse("incident-list"), {"source": source.pk})
    assert [i.pk for i in response.context["page"]] == [incident.pk]
    assert response.context["page"].paginator.count == 1
