"""Public answers served stale while they are recomputed in the background — after additions only.

After a change, the first anonymous visitor of a public page (or of the public statistics API)
gets the answer last computed at once and a background thread recomputes it; the next visitor
gets the new figures. A change that may take something out of public view (a clearance revoked,
an incident sent back to review) never lets an older answer be served; nor do signed-in staff ever get one.

Inside the test's transaction the cache refuses stale answers (the reader may have uncommitted
changes), so these tests open that gate (``open_gate``) and run the recomputation themselves when
it is started (``started``); ``test_a_recomputation_runs_in_its_own_thread...`` covers the thread.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from carewatch.stats import cache as stats_cache
from carewatch.stats import refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(monkeypatch: Any) -> list[tuple[Any, Any]]:
    """Recomputations started (compute, store), to be run by the test; the gate to stale answers open."""
    cache.clear()
    jobs: list[tuple[Any, Any]] = []
    monkeypatch.setattr(
        stats_cache.refresh,
        "start",
        lambda lock, compute, store: jobs.append((compute, store)) or True,
    )
    monkeypatch.setattr(
        stats_cache, "connection", type("Outside", (), {"in_atomic_block": False})()
    )
    return jobs


def run(jobs: list[tuple[Any, Any]]) -> None:
    while jobs:
        compute, store = jobs.pop(0)
        store(compute())


def _home() -> str:
    return Client().get(reverse("home")).content.decode().replace(" ", "")


def test_after_an_addition_the_last_page_is_served_while_it_is_recomputed(
    started: Any, make_incident: Any
) -> None:
    make_incident(certainty="confirmed")
    assert ">1<" in _home() and not started
    make_incident(certainty="confirmed")  # an addition
    assert ">1<" in _home(), "the page as it was, served at once"
    assert len(started) == 1
    run(started)
    assert ">2<" in _home() and not started


def test_the_public_api_answer_too(started: Any, make_incident: Any) -> None:
    make_incident(certainty="confirmed")
    url = "/api/stats/counts?by=year"
    assert Client().get(url).json()["total"]["low"] == 1
    make_incident(certainty="confirmed")
    assert Client().get(url).json()["total"]["low"] == 1 and started
    run(started)
    assert Client().get(url).json()["total"]["low"] == 2


def test_a_revoked_clearance_takes_the_name_off_the_roll_at_once(
    started: Any, verifier: Any
) -> None:
    from carewatch.people.services import person_create, person_fate_add, person_set_clearance

    person = person_create(user=verifier, profession="nurse", name_latin="CANARY-REVOKED-NAME")
    person = person_set_clearance(
        person=person,
        user=verifier,
        clearance="cleared",
        cleared_by="Family",
        expected_version=person.version,
    )
    person_fate_add(person=person, user=verifier, fate="killed", date=None, place=None)
    assert "CANARY-REVOKED-NAME" in Client().get(reverse("memorial")).content.decode()
    person.refresh_from_db()
    person_set_clearance(
        person=person,
        user=verifier,
        clearance="not_cleared",
        cleared_by="",
        expected_version=person.version,
    )
    assert "CANARY-REVOKED-NAME" not in Client().get(reverse("memorial")).content.decode()
    assert not started


def test_an_incident_sent_back_to_review_leaves_the_figures_at_once(
    started: Any, make_incident: Any, verifier: Any
) -> None:
    from carewatch.incidents.services import incident_set_state

    make_incident(certainty="confirmed")
    second = make_incident(certainty="confirmed")
    assert ">2<" in _home()
    incident_set_state(
        incident=second,
        user=verifier,
        state="under_review",
        expected_version=second.version,
        reason="doubt",
    )
    assert ">1<" in _home() and not started


def test_signed_in_staff_always_get_fresh_figures(
    started: Any, make_incident: Any, verifier: Any
) -> None:
    make_incident(certainty="confirmed")
    staff = Client()
    staff.force_login(verifier)
    url = "/api/stats/counts?by=year"
    assert staff.get(url).json()["total"]["low"] == 1
    make_incident(certainty="confirmed")
    assert staff.get(url).json()["total"]["low"] == 2 and not started


def test_additions_and_withdrawals_are_told_apart() -> None:
    assert stats_cache.is_addition("carewatch.report.received")
    assert stats_cache.is_addition("carewatch.incident.created")
    assert not stats_cache.is_addition("carewatch.person.clearance_changed")
    assert not stats_cache.is_addition("carewatch.incident.merged")
    assert not stats_cache.is_addition("carewatch.person.fate_recorded")


def test_a_recomputation_runs_in_its_own_thread_once_in_the_callers_language() -> None:
    cache.clear()
    release, seen, stored = threading.Event(), [], []

    def compute() -> str:
        release.wait(10)
        seen.append(
            (threading.current_thread() is not threading.main_thread(), translation.get_language())
        )
        return "new"

    with translation.override("ar"):
        assert refresh.start("carewatch:test:lock", compute, stored.append)
        assert not refresh.start("carewatch:test:lock", compute, stored.append), (
            "one at a time per answer"
        )
    release.set()
    refresh.wait(10)
    assert seen == [(True, "ar")] and stored == ["new"]
    assert refresh.start("carewatch:test:lock", lambda: "again", stored.append), (
        "the lock is released"
    )
    refresh.wait(10)
    assert stored == ["new", "again"]
