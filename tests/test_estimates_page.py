"""The Estimates page (issue 17.8): the lists and the stratum chosen, the capture patterns read
from the consolidated records, the model run by the job queue's worker, the result with its
interval, warnings and table, and one estimate per kind published on the dashboard with a note."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import place

pytestmark = pytest.mark.django_db

WITNESS = "CANARY-ESTIMATE-WITNESS"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lists(verifier: Any) -> list[Any]:
    from carewatch.sources.services import source_get_or_create

    return [
        source_get_or_create(user=verifier, name=name, source_type=kind, reliability="B")
        for name, kind in (("List A NGO", "ngo"), ("List B NGO", "ngo"), (WITNESS, "eyewitness"))
    ]


def documented(incident: Any, sources: list[Any], user: Any) -> None:
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create

    for source in sources:
        report = report_create(
            user=user, source=source, kind="statement", title="x", language="en", original_text="x"
        )
        incident_record_create(
            user=user, report=report, incident=incident, fields={"date": incident.date_start}
        )


# Capture patterns over (A, B, C) and how many incidents have each: overlapping lists with a
# fair number of cases on one list only, as real lists are.
PATTERNS = {
    (1, 0, 0): 30,
    (0, 1, 0): 25,
    (0, 0, 1): 20,
    (1, 1, 0): 12,
    (1, 0, 1): 9,
    (0, 1, 1): 7,
    (1, 1, 1): 4,
}


@pytest.fixture
def world(lists: list[Any], verifier: Any, make_incident: Any) -> dict[str, Any]:
    """Incidents in Idleb in 2017 with the patterns above; others outside the stratum."""
    idleb = place("SY0700").pk
    for pattern, count in PATTERNS.items():
        for n in range(count):
            incident = make_incident(
                state="submitted", place_id=idleb, date_start=datetime.date(2017, 1 + n % 12, 3)
            )
            documented(incident, [s for s, on in zip(lists, pattern, strict=True) if on], verifier)
    outside = make_incident(place_id=place("SY0200").pk, date_start=datetime.date(2017, 5, 1))
    documented(outside, lists, verifier)  # Aleppo
    earlier = make_incident(place_id=idleb, date_start=datetime.date(2015, 5, 1))
    documented(earlier, lists, verifier)
    from carewatch.incidents.services import incident_set_state

    rejected = make_incident(
        state="submitted", place_id=idleb, date_start=datetime.date(2017, 5, 1)
    )
    documented(rejected, lists, verifier)
    incident_set_state(
        incident=rejected, user=verifier, state="rejected", expected_version=1, reason="not one"
    )
    return {"idleb": place("SY07").pk}


def run_for(lists: list[Any], **values: Any) -> Any:
    from carewatch.stats.models import EstimateRun

    defaults = {"kind": "incidents", "method": "loglinear"}
    return EstimateRun(source_ids=[s.pk for s in lists], **(defaults | values))


def test_the_capture_patterns_come_from_the_consolidated_records_of_the_stratum(
    lists: list[Any], world: dict[str, Any]
) -> None:
    from carewatch.stats.capture import capture_counts

    stratum = run_for(
        lists,
        date_from=datetime.date(2017, 1, 1),
        date_to=datetime.date(2017, 12, 31),
        governorate_id=world["idleb"],
    )
    assert dict(capture_counts(stratum)) == PATTERNS
    everything = dict(capture_counts(run_for(lists)))
    assert everything[(1, 1, 1)] == PATTERNS[(1, 1, 1)] + 2  # Aleppo and 2015; never the rejected
    reordered = run_for([lists[2], lists[0], lists[1]], governorate_id=world["idleb"])
    assert dict(capture_counts(reordered))[(1, 1, 0)] == PATTERNS[(1, 0, 1)]


def test_health_workers_killed_are_counted_by_profession(lists: list[Any], verifier: Any) -> None:
    from carewatch.people.models import PersonFate, PersonRecord
    from carewatch.people.services import person_create
    from carewatch.sources.services import report_create
    from carewatch.stats.capture import capture_counts

    for profession, sources in itertools.product(
        ("nurse", "doctor", "not_health_worker"), (lists[:2], lists[1:])
    ):
        person = person_create(user=verifier, name_latin=f"P {profession}", profession=profession)
        PersonFate.objects.create(
            person=person, fate="killed", date=datetime.date(2017, 3, 1), place=place("SY0700")
        )
        for source in sources:
            report = report_create(
                user=verifier,
                source=source,
                kind="statement",
                title="x",
                language="en",
                original_text="x",
            )
            PersonRecord.objects.create(report=report, person=person, name_latin=person.name_latin)
    killed = run_for(lists, kind="killed_hw")
    assert dict(capture_counts(killed)) == {(1, 1, 0): 2, (0, 1, 1): 2}
    nurses = run_for(lists, kind="killed_hw", profession="nurse")
    assert sum(capture_counts(nurses).values()) == 2


def ask(client: Client, lists: list[Any], **extra: Any) -> Any:
    data = {
        "kind": "incidents",
        "sources": [s.pk for s in lists],
        "method": "loglinear",
        "seed": "7",
    } | extra
    return client.post(reverse("estimate-list"), data)


def test_an_analyst_runs_an_estimate_and_reads_it(
    analyst: Any,
    lists: list[Any],
    world: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from carewatch.stats.models import EstimateRun
    from import_fixtures import run_jobs

    client = signed_in(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        answer = ask(client, lists, governorate=world["idleb"], date_from="2017-01-01")
    run = EstimateRun.objects.get()
    assert answer["Location"] == reverse("estimate-detail", args=[run.pk])
    waiting = client.get(answer["Location"]).content.decode()
    assert "Waiting for the worker" in waiting and 'hx-trigger="every 2s"' in waiting
    run_jobs()
    run.refresh_from_db()
    assert run.state == "done", run.error
    assert run.result["observed"] == sum(PATTERNS.values())
    assert run.result["lower"] <= run.result["estimate"] <= (run.result["upper"] or 1e12)
    page = client.get(answer["Location"]).content.decode()
    assert "Estimated total (documented and undocumented)" in page
    assert "Capture patterns" in page and "every 2s" not in page
    assert f'<td class="num">{PATTERNS[(1, 0, 0)]}</td>' in page
    # The warnings in the reader's language (three lists: a three-way dependence goes unchecked).
    assert "Only 3 lists" in page
    client.cookies["carewatch_language"] = "fr"
    french = client.get(answer["Location"]).content.decode()
    assert "Seulement 3 listes" in french and "Only 3 lists" not in french


def test_a_request_the_model_cannot_answer_fails_with_its_reason(
    analyst: Any, lists: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from carewatch.stats.models import EstimateRun
    from import_fixtures import run_jobs

    with django_capture_on_commit_callbacks(execute=True):
        ask(signed_in(analyst), lists)  # no incident at all
    run_jobs()
    run = EstimateRun.objects.get()
    assert run.state == "failed" and run.error
    page = signed_in(analyst).get(reverse("estimate-detail", args=[run.pk])).content.decode()
    assert "Could not estimate" in page


def test_bad_requests_are_refused_with_a_reason(analyst: Any, lists: list[Any]) -> None:
    from carewatch.stats.models import EstimateRun

    client = signed_in(analyst)
    two = ask(client, lists[:2]).content.decode()
    assert "Choose at least three lists (sources)." in two
    backwards = ask(client, lists, date_from="2018-01-01", date_to="2017-01-01").content.decode()
    assert "The period ends before it starts." in backwards
    profession = ask(client, lists, profession="nurse").content.decode()
    assert "A profession narrows health workers killed only." in profession
    forged = ask(client, lists, sources=["999999"]).content.decode()
    assert "errorlist" in forged
    assert not EstimateRun.objects.exists()


def test_only_analysts_and_administrators_estimate(verifier: Any, campaigner: Any) -> None:
    for user in (verifier, campaigner):
        assert signed_in(user).get(reverse("estimate-list")).status_code == 403


def finished(lists: list[Any], **values: Any) -> Any:
    from carewatch.stats.models import EstimateRun

    result = {
        "estimate": 140.0,
        "lower": 118.0,
        "upper": 171.0,
        "observed": 107,
        "undocumented": 33.0,
    }
    return EstimateRun.objects.create(
        kind="incidents",
        method="lcmcr",
        source_ids=[s.pk for s in lists],
        list_names=[s.name for s in lists],
        state="done",
        result=result | values,
    )


def test_one_estimate_per_kind_is_published_on_the_dashboard_with_its_note(
    analyst: Any, lists: list[Any]
) -> None:
    first, second = finished(lists), finished(lists, estimate=150.0)
    client = signed_in(analyst)
    refused = client.post(reverse("estimate-publish", args=[first.pk]), {"note": " "}, follow=True)
    assert "Write the method note" in refused.content.decode()
    client.post(reverse("estimate-publish", args=[first.pk]), {"note": "CANARY-NOTE three lists"})
    dashboard = Client().get(reverse("dashboard")).content.decode()
    assert "CANARY-NOTE three lists" in dashboard and ">140<" in dashboard
    assert "118–171" in dashboard
    assert WITNESS not in dashboard and "Eyewitness" in dashboard  # a person's list by its type
    client.post(reverse("estimate-publish", args=[second.pk]), {"note": "A later run"})
    first.refresh_from_db()
    assert first.published_at is None
    dashboard = Client().get(reverse("dashboard")).content.decode()
    assert ">150<" in dashboard and "CANARY-NOTE" not in dashboard
    refused = client.post(reverse("estimate-withdraw", args=[second.pk]), follow=True)
    assert "Say why the estimate is withdrawn." in refused.content.decode()
    client.post(
        reverse("estimate-withdraw", args=[second.pk]), {"reason": "A list was linked wrongly"}
    )
    assert "Estimated totals" not in Client().get(reverse("dashboard")).content.decode()
    from carewatch.audit.models import AuditEntry

    actions = list(
        AuditEntry.objects.filter(action__startswith="carewatch.estimate.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("carewatch.estimate.published") == 2
    assert actions.count("carewatch.estimate.withdrawn") == 2


def test_a_warning_that_counts_takes_the_plural_of_its_count() -> None:
    from django.utils import translation

    from carewatch.stats.caveats import shown_warnings
    from carewatch_core.estimation.caveats import Caveat, coded

    warnings = [Caveat("small_list", name="UNICEF", size=1), Caveat("small_total", count=45)]
    result = {"warnings": [str(w) for w in warnings], "warning_codes": coded(warnings)}
    with translation.override("en"):
        [(one, one_translated), (many, many_translated)] = shown_warnings(result)
    assert one_translated and many_translated
    assert "has only 1 record:" in one and "\u2068UNICEF\u2069" in one
    assert many.startswith("Only 45 records in all")
    with translation.override("fr"):
        [(one, _t), _many] = shown_warnings(result)
    assert "ne compte que 1 cas" in one
    # A result stored before warnings had codes keeps its English, marked as such.
    assert shown_warnings({"warnings": ["Old text"]}) == [("Old text", False)]
