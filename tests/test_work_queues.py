"""Verification at scale (issue 17.3): work queues, assignment, bulk changes of a filtered
selection with one reason and one audit entry per incident, sortable columns, saved searches,
and going on to the next incident of a list."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import incident_values

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries(action: str) -> list[Any]:
    from carewatch.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def submitted(documenter: Any, **overrides: Any) -> Any:
    from carewatch.incidents.services import incident_submit

    return incident_submit(user=documenter, values=incident_values(**overrides), language="en")


def second_report(incident: Any, user: Any, *, name: str, day: datetime.date) -> None:
    """Another source's report of ``incident``, saying it happened on ``day``."""
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create, source_get_or_create

    source = source_get_or_create(user=user, name=name, source_type="ngo", reliability="B")
    report = report_create(
        user=user, source=source, kind="press_release", title="x", language="en", original_text="x"
    )
    incident_record_create(user=user, report=report, incident=incident, fields={"date": day})


def queue(user: Any, code: str) -> list[str]:
    from carewatch.incidents.queues import in_queue
    from carewatch.incidents.selectors import incidents_for

    return sorted(i.reference for i in in_queue(incidents_for(user), code, user))


# --- queues ----------------------------------------------------------------------------------


def test_each_queue_holds_its_open_work(documenter: Any, verifier: Any, admin: Any) -> None:
    from carewatch.incidents.services import incident_set_state
    from carewatch.incidents.services_bulk import incident_assign

    lone = submitted(documenter, title="One source only")
    agreed = submitted(documenter, title="Two sources agree")
    second_report(agreed, verifier, name="Partner NGO", day=agreed.date_start)
    other_day = submitted(documenter, title="Another day")
    second_report(other_day, verifier, name="Partner NGO", day=datetime.date(2017, 9, 21))
    sent_back = submitted(documenter, title="Sent back")
    second_report(sent_back, verifier, name="Partner NGO", day=sent_back.date_start)
    incident_set_state(
        incident=sent_back, user=verifier, state="under_review", expected_version=1, reason="?"
    )
    done = submitted(documenter, title="Verified already")
    incident_set_state(incident=done, user=verifier, state="verified", expected_version=1)
    incident_assign(incident=lone, user=admin, assignee=verifier, expected_version=1)
    incident_assign(incident=done, user=admin, assignee=verifier, expected_version=2)

    assert queue(verifier, "submitted") == sorted(i.reference for i in (lone, agreed, other_day))
    assert queue(verifier, "mine") == [lone.reference]  # the verified one has left it
    assert queue(admin, "mine") == []
    assert queue(verifier, "disputed") == sorted([other_day.reference, sent_back.reference])
    assert queue(verifier, "second_source") == [lone.reference]


def test_the_list_shows_the_queues_with_their_counts(documenter: Any, verifier: Any) -> None:
    submitted(documenter)
    submitted(documenter)
    page = signed_in(verifier).get(reverse("incident-list"), {"queue": "submitted"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'aria-current="page">Submitted <span class="count"><bdi>2</bdi>' in html
    assert "Assigned to me" in html and "Needs a second source" in html
    # A documenter sees their own incidents and no queue, no bulk change
    own = signed_in(documenter).get(reverse("incident-list")).content.decode()
    assert "Needs a second source" not in own and 'name="ids"' not in own


def test_the_queues_counts_are_kept_until_the_next_change(
    documenter: Any, verifier: Any, django_assert_max_num_queries: Any
) -> None:
    """Counting two of the queues costs a subquery per open incident: the counts are kept under
    the data's version, so a second look costs four queries less and a change shows at once."""
    from django.core.cache import cache

    from carewatch.incidents.services import incident_set_state

    cache.clear()
    first = submitted(documenter)
    submitted(documenter)
    client = signed_in(verifier)
    url = reverse("incident-list")
    with django_assert_max_num_queries(100) as cold:
        assert '>Submitted <span class="count"><bdi>2</bdi>' in client.get(url).content.decode()
    with django_assert_max_num_queries(len(cold.captured_queries) - 4):
        assert '>Submitted <span class="count"><bdi>2</bdi>' in client.get(url).content.decode()
    incident_set_state(
        incident=first, user=verifier, state="under_review", expected_version=first.version
    )
    html = client.get(url).content.decode()
    assert '>Submitted <span class="count"><bdi>1</bdi>' in html
    assert '>Disputed <span class="count"><bdi>1</bdi>' in html


def test_the_list_s_number_of_incidents_is_kept_until_the_next_change(
    documenter: Any, verifier: Any
) -> None:
    """Counting a million incidents for the list's pages takes 60 ms alone: the number is kept
    for everyone asking the same question until the next audited change."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    submitted(documenter)
    client, url = signed_in(verifier), reverse("incident-list")

    def look(query: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as asked:
            html = client.get(url + query).content.decode()
        counts = [
            q
            for q in asked.captured_queries
            if 'COUNT(*) AS "__count" FROM "incidents_' in q["sql"]
        ]
        return html, len(counts)

    html, first = look("?sort=date")
    assert ">1 incident<" in html and first >= 1
    html, again = look("?sort=date")
    assert ">1 incident<" in html and again == 0, "the queues' counts and the list's are kept"
    submitted(documenter)  # an audited change
    html, after = look("?sort=date")
    assert ">2 incidents<" in html and after == first


RECOUNT = "carewatch.incidents.queues.recount_queues"


def _recounts() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=RECOUNT, status="READY").count()


@pytest.fixture
def slow_counts(monkeypatch: Any) -> Any:
    """Every count taken as slow, outside a transaction, with a worker in this process (the
    demo's set-up); returns the module, for a test to change more of it."""
    from django.core.cache import cache

    from carewatch.lib import changes, jobs

    cache.clear()
    monkeypatch.setattr(changes, "SLOW_SECONDS", 0.0)
    monkeypatch.setattr(changes, "connection", type("Outside", (), {"in_atomic_block": False})())
    monkeypatch.setattr(jobs, "SERVED_HERE", {"figures"})
    return changes


def test_slow_counts_are_shown_as_they_were_while_a_job_counts_again(
    documenter: Any, verifier: Any, slow_counts: Any
) -> None:
    """Counting the queues over a million incidents takes over a second, and every change made
    every staff member count again at once: after a change the last counts are shown with their
    time while one job counts again; the next look shows the new ones."""
    from carewatch.incidents.services import incident_set_state
    from import_fixtures import run_jobs

    first = submitted(documenter)
    submitted(documenter)
    client, url = signed_in(verifier), reverse("incident-list")
    html = client.get(url).content.decode()
    assert '>Submitted <span class="count"><bdi>2</bdi>' in html and "Counted at" not in html
    incident_set_state(
        incident=first, user=verifier, state="under_review", expected_version=first.version
    )
    for _look in range(2):
        html = client.get(url).content.decode()
        assert '>Submitted <span class="count"><bdi>2</bdi>' in html
        assert "Counted at <bdi" in html and "being counted again" in html
    assert _recounts() == 1, "one job however many look"
    run_jobs()
    html = client.get(url).content.decode()
    assert '>Submitted <span class="count"><bdi>1</bdi>' in html
    assert '>Disputed <span class="count"><bdi>1</bdi>' in html
    assert "Counted at" not in html and _recounts() == 0


@pytest.mark.parametrize("why", ["quick", "in a transaction", "no worker here", "overdue"])
def test_counts_are_made_again_at_once_unless_slow_and_handed_back(
    documenter: Any, verifier: Any, slow_counts: Any, monkeypatch: Any, why: str
) -> None:
    """A quick count, a reader inside a transaction (changes of its own not yet committed), a
    process no worker's count can reach, or a recount queued too long ago: the reader counts."""
    from carewatch.incidents.services import incident_set_state
    from carewatch.lib import jobs

    if why == "quick":
        monkeypatch.setattr(slow_counts, "SLOW_SECONDS", 60.0)
    elif why == "in a transaction":
        monkeypatch.setattr(slow_counts, "connection", type("In", (), {"in_atomic_block": True}))
    elif why == "no worker here":
        monkeypatch.setattr(jobs, "SERVED_HERE", set())
    else:  # any recount queued is overdue as soon as it is queued
        monkeypatch.setattr(jobs, "OVERDUE_SECONDS", -1.0)
    first = submitted(documenter)
    client, url = signed_in(verifier), reverse("incident-list")
    assert '>Submitted <span class="count"><bdi>1</bdi>' in client.get(url).content.decode()
    incident_set_state(
        incident=first, user=verifier, state="under_review", expected_version=first.version
    )
    if why == "overdue":  # the first look queues a recount that no worker runs
        assert "Counted at" in client.get(url).content.decode() and _recounts() == 1
    html = client.get(url).content.decode()
    assert '>Submitted <span class="count"><bdi>0</bdi>' in html and "Counted at" not in html


def test_a_verifier_starts_the_day_on_their_own_incidents(
    documenter: Any, verifier: Any, admin: Any
) -> None:
    from carewatch.incidents.services_bulk import incident_assign

    client = signed_in(verifier)
    home = reverse("staff-home")
    assert client.get(home)["Location"] == reverse("incident-list") + "?queue=submitted"
    incident = submitted(documenter)
    incident_assign(incident=incident, user=admin, assignee=verifier, expected_version=1)
    assert client.get(home)["Location"] == reverse("incident-list") + "?queue=mine"


# --- sorting and the next incident -----------------------------------------------------------


def test_columns_sort_both_ways(verifier: Any, make_incident: Any) -> None:
    older = make_incident(date_start=datetime.date(2016, 1, 5), certainty="confirmed")
    newer = make_incident(date_start=datetime.date(2018, 3, 1), certainty="possible")
    client = signed_in(verifier)

    def order(sort: str) -> list[int]:
        page = client.get(reverse("incident-list"), {"sort": sort}).content.decode()
        return sorted((older.pk, newer.pk), key=lambda pk: page.index(f"/incidents/{pk}/?"))

    assert order("date") == [older.pk, newer.pk]
    assert order("-date") == [newer.pk, older.pk]
    assert order("certainty") == [newer.pk, older.pk]  # possible < confirmed, as words
    assert order("nonsense") == [newer.pk, older.pk]  # the default: newest first
    page = client.get(reverse("incident-list"), {"sort": "date"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-date" in page


def test_next_goes_through_the_list_in_its_order_and_ends_on_the_list(
    verifier: Any, make_incident: Any
) -> None:
    days = [datetime.date(2017, 1, d) for d in (3, 1, 2)]
    made = [make_incident(state="submitted", date_start=day) for day in days]
    by_day = sorted(made, key=lambda i: i.date_start)
    client = signed_in(verifier)
    query = "queue=submitted&sort=date"
    url = reverse("incident-next")
    first = client.get(url, {"after": by_day[0].pk, "from": query})
    assert first["Location"].startswith(reverse("incident-detail", args=[by_day[1].pk]))
    page = client.get(first["Location"]).content.decode()
    assert "Next in this list" in page and 'data-key="n"' in page
    last = client.get(url, {"after": by_day[2].pk, "from": query}, follow=True)
    assert last.redirect_chain[-1][0] == reverse("incident-list") + "?" + query
    assert "Nothing more in this list." in last.content.decode()


def test_verifying_and_going_on_lands_on_the_next_in_the_queue(
    verifier: Any, make_incident: Any
) -> None:
    first = make_incident(state="submitted", date_start=datetime.date(2017, 5, 2))
    second = make_incident(state="submitted", date_start=datetime.date(2017, 5, 1))
    answer = signed_in(verifier).post(
        reverse("incident-state", args=[first.pk]),
        {
            "state": "verified",
            "certainty": "confirmed",
            "reason": "",
            "version": first.version,
            "from": "queue=submitted",
            "and_next": "1",
        },
        follow=True,
    )
    # The verified one left the queue; its place in the order still leads to the next.
    assert answer.redirect_chain[-1][0].startswith(reverse("incident-detail", args=[second.pk]))
    first.refresh_from_db()
    assert first.state == "verified"


def test_next_does_not_place_an_incident_the_reader_may_not_see(
    documenter: Any, other_documenter: Any
) -> None:
    theirs = submitted(other_documenter, date_start=datetime.date(2017, 6, 1))
    mine = submitted(documenter, date_start=datetime.date(2017, 1, 1))
    answer = signed_in(documenter).get(
        reverse("incident-next"), {"after": theirs.pk, "from": "sort=-date"}
    )
    # The other documenter's incident gives no position: the list starts from its beginning.
    assert answer["Location"].startswith(reverse("incident-detail", args=[mine.pk]))


# --- bulk changes ----------------------------------------------------------------------------


def bulk(client: Client, **data: Any) -> Any:
    return client.post(reverse("incident-bulk"), data, follow=True)


def test_a_filtered_selection_is_verified_at_once_with_one_entry_each(
    verifier: Any, make_incident: Any
) -> None:
    from carewatch.audit.services import verify_chain
    from carewatch.incidents.models import Incident

    chosen = [
        make_incident(
            state="submitted", title=f"Hospital strike {n}", date_start=datetime.date(2017, 9, n)
        )
        for n in (1, 2, 3)
    ]
    outside = make_incident(state="submitted", date_start=datetime.date(2016, 1, 1))
    answer = bulk(
        signed_in(verifier),
        everything="on",
        state="verified",
        certainty="confirmed",
        reason="CANARY-BULK two sources each",
        query="queue=submitted&date_from=2017-09-01&date_to=2017-09-30",
    )
    assert "3 incidents changed." in answer.content.decode()
    logged = entries("carewatch.incident.verified")
    assert sorted(int(e.object_id) for e in logged) == sorted(i.pk for i in chosen)
    assert {e.reason for e in logged} == {"CANARY-BULK two sources each"}
    assert logged[0].before["state"] == "submitted" and logged[0].after["state"] == "verified"
    for incident in chosen:
        row = Incident.objects.get(pk=incident.pk)
        assert (row.state, row.certainty, row.version) == (
            "verified",
            "confirmed",
            incident.version + 1,
        )
        assert row.state_reason == "CANARY-BULK two sources each"
    assert Incident.objects.get(pk=outside.pk).state == "submitted"
    assert verify_chain() is None
    history = signed_in(verifier).get(reverse("incident-history", args=[chosen[0].pk]))
    assert "CANARY-BULK two sources each" in history.content.decode()


def test_only_the_ticked_incidents_change_when_not_applied_to_all(
    verifier: Any, make_incident: Any
) -> None:
    from carewatch.incidents.models import Incident

    a, b, c = (make_incident(state="submitted") for _ in range(3))
    bulk(signed_in(verifier), ids=[a.pk, c.pk], state="rejected", reason="Not health care")
    states = dict(Incident.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "state"))
    assert states == {a.pk: "rejected", b.pk: "submitted", c.pk: "rejected"}


def test_a_change_that_cannot_apply_to_one_changes_none(verifier: Any, make_incident: Any) -> None:
    from carewatch.incidents.models import Incident

    waiting = make_incident(state="submitted")
    verified = make_incident(state="verified")
    answer = bulk(
        signed_in(verifier),
        ids=[waiting.pk, verified.pk],
        state="submitted",
        certainty="rumour",
        reason="Back to the start",
    )
    html = answer.content.decode()
    assert "Nothing was changed: 1 incident cannot go to this state" in html
    assert verified.reference in html
    assert Incident.objects.get(pk=waiting.pk).certainty == "probable"
    assert entries("carewatch.incident.state_changed") == []


def test_a_bulk_change_needs_a_reason_a_change_and_a_selection(
    verifier: Any, make_incident: Any
) -> None:
    incident = make_incident(state="submitted")
    client = signed_in(verifier)
    no_reason = bulk(client, ids=[incident.pk], state="verified", reason="")
    assert "This field is required." in no_reason.content.decode()
    nothing = bulk(client, ids=[incident.pk], reason="why")
    assert "Choose what to change" in nothing.content.decode()
    none_ticked = bulk(client, state="verified", reason="why")
    assert "Tick the incidents to change" in none_ticked.content.decode()
    forged = bulk(client, ids=["1 OR 1=1"], state="verified", reason="why")
    assert "The selection was not valid." in forged.content.decode()
    assert entries("carewatch.incident.verified") == []


def test_ticked_ids_outside_the_readers_incidents_are_left_alone(
    verifier: Any, documenter: Any, make_incident: Any
) -> None:
    """A documenter may not change in bulk at all; a verifier's ids go through their selection."""
    incident = make_incident(state="submitted")
    refused = signed_in(documenter).post(
        reverse("incident-bulk"), {"ids": [incident.pk], "state": "verified", "reason": "x"}
    )
    assert refused.status_code == 403
    answer = bulk(signed_in(verifier), ids=[incident.pk, 999_999], state="verified", reason="ok")
    assert "1 incident changed." in answer.content.decode()


def test_incidents_are_assigned_only_to_those_who_may_verify_them(
    verifier: Any, analyst: Any, admin: Any, make_incident: Any
) -> None:
    from carewatch.incidents.models import Incident
    from carewatch.incidents.services_bulk import BulkChange, BulkRefused, incidents_bulk_change

    incident = make_incident(state="submitted")
    page = signed_in(admin).get(reverse("incident-list")).content.decode()
    assert f'<option value="{verifier.pk}">verifier</option>' in page
    assert ">analyst</option>" not in page
    bulk(signed_in(admin), ids=[incident.pk], assignee=str(verifier.pk), reason="Yours this week")
    assert Incident.objects.get(pk=incident.pk).assigned_to == verifier
    assert entries("carewatch.incident.assigned")[-1].after["assigned_to"] == verifier.pk
    with pytest.raises(BulkRefused):
        incidents_bulk_change(
            user=admin,
            incidents=Incident.objects.filter(pk=incident.pk),
            change=BulkChange(assign=True, assignee=analyst),
            reason="x",
        )
    bulk(signed_in(admin), ids=[incident.pk], assignee="nobody", reason="Back to the pool")
    assert Incident.objects.get(pk=incident.pk).assigned_to is None


def test_assigning_one_incident_from_its_page(verifier: Any, make_incident: Any) -> None:
    from carewatch.incidents.models import Incident
    from carewatch.stats.cache import _version_in_database

    incident = make_incident(state="submitted")
    before = _version_in_database()
    client = signed_in(verifier)
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert "Save the assignment" in page
    client.post(
        reverse("incident-assign", args=[incident.pk]),
        {"assignee": str(verifier.pk), "version": incident.version},
    )
    assert Incident.objects.get(pk=incident.pk).assigned_to == verifier
    assert _version_in_database() == before  # no public figure depends on who works on what
    stale = client.post(
        reverse("incident-assign", args=[incident.pk]),
        {"assignee": "nobody", "version": incident.version},
        follow=True,
    )
    assert "Someone else changed this incident first" in stale.content.decode()
    assert Incident.objects.get(pk=incident.pk).assigned_to == verifier


def test_a_thousand_incidents_change_in_one_go(verifier: Any, make_incident: Any) -> None:
    from carewatch.audit.services import verify_chain
    from carewatch.incidents.models import Incident
    from carewatch.incidents.services_bulk import BulkChange, incidents_bulk_change

    incident = make_incident(state="submitted")
    Incident.objects.bulk_create(
        Incident(
            reference=f"CW-BULK-{n:05d}",
            title="x",
            date_start=incident.date_start,
            place_id=incident.place_id,
            state="submitted",
        )
        for n in range(1000)
    )
    changed = incidents_bulk_change(
        user=verifier,
        incidents=Incident.objects.filter(state="submitted"),
        change=BulkChange(state="under_review"),
        reason="Second look",
    )
    assert changed == 1001
    assert len(entries("carewatch.incident.state_changed")) == 1001
    assert verify_chain() is None


# --- saved searches --------------------------------------------------------------------------


def test_saved_searches_are_their_owners_own(verifier: Any, admin: Any) -> None:
    from carewatch.incidents.models import SavedSearch

    client = signed_in(verifier)
    client.post(
        reverse("saved-search-create"),
        {
            "name": "Idleb, this month",
            "query": "queue=submitted&state=&page=3&csrfmiddlewaretoken=x&q=Idleb",
        },
    )
    search = SavedSearch.objects.get()
    assert search.query == "q=Idleb&queue=submitted"  # the list's filters only
    page = client.get(reverse("incident-list")).content.decode()
    assert "Idleb, this month" in page and "?q=Idleb&amp;queue=submitted" in page
    assert (
        "Idleb, this month" not in signed_in(admin).get(reverse("incident-list")).content.decode()
    )
    other = signed_in(admin).post(reverse("saved-search-delete", args=[search.pk]))
    assert other.status_code == 404
    again = client.post(
        reverse("saved-search-create"),
        {"name": "Idleb, this month", "query": "q=Ariha"},
        follow=True,
    )
    assert "now has these filters" in again.content.decode()
    assert SavedSearch.objects.get().query == "q=Ariha"
    client.post(reverse("saved-search-delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()
    assert [e.action for e in entries("carewatch.saved_search.deleted")] == [
        "carewatch.saved_search.deleted"
    ]
