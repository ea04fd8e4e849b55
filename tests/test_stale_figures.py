"""Public answers served stale while a job recomputes them — after additions only.

After a change, the first anonymous visitor of a public page (or of the public statistics API)
gets the answer last computed at once, saying when it was computed, and a job on the
``figures`` queue recomputes it by visiting the same URL; the next visitor gets the new
figures. After a change to one record (an incident sent back to review, a person edited), the
answers of figures only (the landing page, the dashboard, the statistics API) are still served
while recomputed, but a page that shows records (the memorial roll) is computed again at once.
Any other change that may take something out of public view (a clearance revoked, a source
renamed) never lets an older answer be served; nor do signed-in staff ever get one.

Inside the test's transaction the cache refuses stale answers (the reader may have uncommitted
changes), so these tests open that gate (``gate_open``) and run the queued jobs themselves
(``run_jobs``: the queue's worker in batch mode, in the test's thread and transaction).
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from tests.conftest import DemoTemplate, carewatch_command, instance_environment

from carewatch.lib import jobs
from carewatch.stats import cache as stats_cache
from carewatch.stats import refresh
from import_fixtures import run_jobs
from mail_support import free_port

pytestmark = pytest.mark.django_db


TASK = "carewatch.stats.refresh.recompute"


@pytest.fixture
def gate_open(monkeypatch: Any) -> None:
    """The gate to stale answers open, as outside a transaction with a worker in this process
    (the demo's set-up); the cache empty."""
    cache.clear()
    monkeypatch.setattr(
        stats_cache, "connection", type("Outside", (), {"in_atomic_block": False})()
    )
    monkeypatch.setattr(jobs, "SERVED_HERE", {"figures"})  # run_jobs: a worker in this process


def queued() -> int:
    """Recomputations waiting on the queue."""
    return DBTaskResult.objects.filter(task_path=TASK, status="READY").count()


def _home() -> str:
    return Client().get(reverse("home")).content.decode().replace(" ", "")


def test_after_an_addition_the_last_page_is_served_while_it_is_recomputed(
    gate_open: None, make_incident: Any
) -> None:
    make_incident(certainty="confirmed")
    assert ">1<" in _home() and not queued()
    make_incident(certainty="confirmed")  # an addition
    assert ">1<" in _home(), "the page as it was, served at once"
    assert queued() == 1
    run_jobs()
    assert ">2<" in _home() and not queued()


def test_the_public_api_answer_too(gate_open: None, make_incident: Any) -> None:
    make_incident(certainty="confirmed")
    url = "/api/stats/counts?by=year"
    assert Client().get(url).json()["total"]["low"] == 1
    make_incident(certainty="confirmed")
    assert Client().get(url).json()["total"]["low"] == 1 and queued() == 1
    run_jobs()
    assert Client().get(url).json()["total"]["low"] == 2


def test_the_dashboard_map_s_data_too(gate_open: None, make_incident: Any) -> None:
    """The interactive map's counts per area: served at once after a change to one record, with
    their time in a header, and the new ones once the job has run; staff get fresh ones."""
    from carewatch.incidents.services import incident_set_state

    def attacks(client: Client | None = None) -> tuple[int, str | None]:
        answer = (client or Client()).get(reverse("dashboard-map"))
        counts = answer.json()["counts"]["incidents"]["all"]
        return sum(counts.values()), answer.headers.get("CareWatch-Figures-As-Of")

    make_incident(certainty="confirmed")
    second = make_incident(certainty="confirmed")
    assert attacks() == (2, None)
    second.refresh_from_db()
    incident_set_state(
        incident=second,
        user=second.created_by,
        state="under_review",
        expected_version=second.version,
        reason="doubt",
    )
    count, as_of = attacks()
    assert count == 2 and as_of is not None and as_of.startswith("20") and queued() == 1
    staff = Client()
    staff.force_login(second.created_by)
    assert attacks(staff) == (1, None)
    run_jobs()
    assert attacks() == (1, None)


def on_the_roll(verifier: Any, name: str) -> Any:
    """A nurse killed, named ``name``, cleared for publication: on the memorial roll."""
    from carewatch.people.services import person_create, person_fate_add, person_set_clearance

    person = person_create(user=verifier, profession="nurse", name_latin=name)
    person = person_set_clearance(
        person=person,
        user=verifier,
        clearance="cleared",
        cleared_by="Family",
        expected_version=person.version,
    )
    person_fate_add(person=person, user=verifier, fate="killed", date=None, place=None)
    assert name in Client().get(reverse("memorial")).content.decode()
    person.refresh_from_db()
    return person


def test_a_revoked_clearance_takes_the_name_off_the_roll_at_once(
    gate_open: None, verifier: Any
) -> None:
    from carewatch.people.services import person_set_clearance

    person = on_the_roll(verifier, "CANARY-REVOKED-NAME")
    person_set_clearance(
        person=person,
        user=verifier,
        clearance="not_cleared",
        cleared_by="",
        expected_version=person.version,
    )
    assert "CANARY-REVOKED-NAME" not in Client().get(reverse("memorial")).content.decode()
    assert not queued()


def test_an_incident_sent_back_to_review_leaves_the_figures_when_they_are_recomputed(
    gate_open: None, make_incident: Any, verifier: Any
) -> None:
    from carewatch.incidents.services import incident_set_state

    make_incident(certainty="confirmed")
    second = make_incident(certainty="confirmed")
    url = "/api/stats/counts?by=year"
    assert ">2<" in _home() and Client().get(url).json()["total"]["low"] == 2
    incident_set_state(
        incident=second,
        user=verifier,
        state="under_review",
        expected_version=second.version,
        reason="doubt",
    )
    stale = Client().get(reverse("home")).content.decode()
    assert 'as-of"' in stale and ">2<" in stale.replace(" ", ""), "served at once, saying when"
    assert Client().get(url).headers["CareWatch-Figures-As-Of"].startswith("20")
    assert queued() == 2
    run_jobs()
    assert ">1<" in _home() and Client().get(url).json()["total"]["low"] == 1


def test_a_page_of_records_is_computed_again_at_once_after_a_change_to_one(
    gate_open: None, verifier: Any
) -> None:
    from carewatch.people.services import person_update

    person = on_the_roll(verifier, "CANARY-OLD-SPELLING")
    person_update(
        person=person,
        user=verifier,
        expected_version=person.version,
        name_latin="CANARY-NEW-SPELLING",
    )
    roll = Client().get(reverse("memorial")).content.decode()
    assert "CANARY-NEW-SPELLING" in roll and "CANARY-OLD-SPELLING" not in roll
    assert not queued()


def test_a_source_changed_leaves_no_figure_served_from_before(
    gate_open: None, make_incident: Any, verifier: Any
) -> None:
    from carewatch.sources.services import source_create, source_update

    source = source_create(user=verifier, name="A monitor", source_type="ngo")
    make_incident(certainty="confirmed")
    assert ">1<" in _home()
    make_incident(certainty="confirmed")
    source_update(source=source, user=verifier, expected_version=source.version, url="")
    fresh = Client().get(reverse("home")).content.decode()
    assert 'as-of"' not in fresh and ">2<" in fresh.replace(" ", "") and not queued()


def test_an_incident_verified_from_review_lets_the_last_page_be_served(
    gate_open: None, make_incident: Any, verifier: Any
) -> None:
    from carewatch.incidents.services import incident_set_state

    make_incident(certainty="confirmed")
    second = make_incident(certainty="confirmed", state="under_review")
    assert ">1<" in _home()
    incident_set_state(
        incident=second, user=verifier, state="verified", expected_version=second.version
    )
    assert ">1<" in _home() and queued() == 1
    run_jobs()
    assert ">2<" in _home()


def test_signed_in_staff_always_get_fresh_figures(
    gate_open: None, make_incident: Any, verifier: Any
) -> None:
    make_incident(certainty="confirmed")
    staff = Client()
    staff.force_login(verifier)
    url = "/api/stats/counts?by=year"
    assert staff.get(url).json()["total"]["low"] == 1
    make_incident(certainty="confirmed")
    assert staff.get(url).json()["total"]["low"] == 2 and not queued()


def test_additions_changes_to_one_record_and_other_changes_are_told_apart() -> None:
    addition, record, other = (
        stats_cache.Change.ADDITION,
        stats_cache.Change.RECORD,
        stats_cache.Change.ANY,
    )
    assert stats_cache.change_of("carewatch.report.received") is addition
    assert stats_cache.change_of("carewatch.incident.created") is addition
    assert stats_cache.change_of("carewatch.incident.verified") is addition  # into view
    assert stats_cache.change_of("carewatch.import.completed") is addition  # new rows only
    assert stats_cache.change_of("carewatch.incident.state_changed") is record  # back to review
    assert stats_cache.change_of("carewatch.incident.rejected") is record
    assert stats_cache.change_of("carewatch.incident.merged") is record
    assert stats_cache.change_of("carewatch.person.fate_recorded") is record
    assert stats_cache.change_of("carewatch.import.reports_removed") is other
    assert stats_cache.change_of("carewatch.person.clearance_changed") is other
    assert stats_cache.change_of("carewatch.source.changed") is other
    assert stats_cache.change_of("carewatch.estimate.withdrawn") is other


def test_a_page_served_while_recomputed_says_when_its_figures_were_computed(
    gate_open: None, make_incident: Any
) -> None:
    make_incident(certainty="confirmed")
    fresh = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "carewatch:as-of" in fresh and 'as-of"' not in fresh
    make_incident(certainty="confirmed")
    stale = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    note = stale[stale.index('class="message info as-of"') :]
    note = note[: note.index("</p>")]
    assert "<bdi>20" in note and "حُسبت" in note and "These figures" not in note, note
    run_jobs()
    again = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'as-of"' not in again


def test_the_public_api_answer_says_it_in_a_header(gate_open: None, make_incident: Any) -> None:
    make_incident(certainty="confirmed")
    url = "/api/stats/counts?by=year"
    assert "CareWatch-Figures-As-Of" not in Client().get(url).headers
    make_incident(certainty="confirmed")
    stale = Client().get(url)
    assert stale.json()["total"]["low"] == 1
    assert stale.headers["CareWatch-Figures-As-Of"].startswith("20")
    run_jobs()
    fresh = Client().get(url)
    assert fresh.json()["total"]["low"] == 2 and "CareWatch-Figures-As-Of" not in fresh.headers


def test_one_recomputation_per_answer_in_the_visitor_s_language(
    gate_open: None, make_incident: Any
) -> None:
    make_incident(certainty="confirmed")
    for language in ("fr", "fr", "en"):
        Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    make_incident(certainty="confirmed")
    for language in ("fr", "fr", "fr", "en"):
        Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    jobs = DBTaskResult.objects.filter(task_path=TASK, status="READY")
    assert sorted(j.args_kwargs["kwargs"]["language"] for j in jobs) == ["en", "fr"]
    run_jobs()
    done = DBTaskResult.objects.filter(task_path=TASK, status="SUCCESSFUL")
    assert [j.return_value for j in done] == [200, 200]
    french = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">2<" in french.replace(" ", "") and 'lang="fr"' in french and not queued()


def test_a_recomputation_no_worker_has_run_is_not_waited_for_ever(
    gate_open: None, make_incident: Any
) -> None:
    make_incident(certainty="confirmed")
    assert ">1<" in _home()
    make_incident(certainty="confirmed")
    assert ">1<" in _home() and queued() == 1
    lock = DBTaskResult.objects.get(task_path=TASK).args_kwargs["kwargs"]["lock_key"]
    cache.set(lock, time.time() - jobs.OVERDUE_SECONDS - 1, refresh.LOCK_SECONDS)
    assert ">2<" in _home(), "the recomputation is overdue: this visitor computes it"
    assert queued() == 1


def test_the_recomputation_visits_as_the_production_site_would_be_visited(
    settings: Any, make_incident: Any
) -> None:
    """Behind a TLS proxy with HTTPS enforced, the job's visit must not be redirected."""
    settings.CAREWATCH_SITE_URL = "https://carewatch.example.org"
    settings.ALLOWED_HOSTS = [".example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    refresh._handler = None  # the middleware as these settings build it
    try:
        make_incident(certainty="confirmed")
        visit = refresh.Visit(path="/api/stats/counts?by=year", language="ar")
        assert refresh.visit_status(visit) == 200
        assert refresh.environ(visit)["HTTP_HOST"] == "carewatch.example.org"
        settings.ALLOWED_HOSTS = ["cw.internal"]
        assert refresh.environ(visit)["HTTP_HOST"] == "cw.internal"
    finally:
        refresh._handler = None


def test_without_a_shared_cache_or_a_worker_here_the_visitor_gets_fresh_figures(
    gate_open: None, monkeypatch: Any, make_incident: Any
) -> None:
    """A worker in another process would store its answer in its own memory: none is queued."""
    monkeypatch.setattr(jobs, "SERVED_HERE", set())
    make_incident(certainty="confirmed")
    assert ">1<" in _home()
    make_incident(certainty="confirmed")
    assert ">2<" in _home() and not queued()


ADD_INCIDENT = """
import datetime
from carewatch.accounts.models import User
from carewatch.incidents.services import incident_create
from carewatch.incidents.values import IncidentValues
from carewatch.places.models import Place
incident_create(
    user=User.objects.filter(role="verifier").first(),
    values=IncidentValues(
        title="An added incident", date_start=datetime.date(2017, 9, 19),
        place_id=Place.objects.filter(level=2).first().pk, attack_types=["heavy_weapons"],
        certainty="confirmed", narrative="Added while the server runs.",
    ),
    state="verified",
)
"""


@contextlib.contextmanager
def serving(data: Path, *options: str) -> Iterator[tuple[str, Any, dict[str, str]]]:
    """``carewatch serve`` on the instance in ``data``, no Redis, no separate worker: its home
    page's address, the server process and the instance's environment; stopped at the end."""
    env = instance_environment(data)
    port = free_port()
    server = subprocess.Popen(
        carewatch_command("serve", "--port", str(port), *options),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/", server, env
    finally:
        server.terminate()
        server.wait(timeout=20)


def add_incident(env: dict[str, str]) -> None:
    """An incident added through the services by another process, seen by the servers."""
    added = subprocess.run(
        carewatch_command("shell", "-c", ADD_INCIDENT), env=env, capture_output=True, text=True
    )
    assert added.returncode == 0, added.stderr
    time.sleep(stats_cache.VERSION_SECONDS + 0.5)  # the servers read the new version


def test_carewatch_serve_recomputes_in_its_own_process_without_a_shared_cache(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate
) -> None:
    """One ``carewatch serve`` process, no Redis, no separate worker: after an addition the page
    is served at once saying when its figures were computed, and the server's own worker thread
    for the ``figures`` queue has the new page ready moments later."""
    with serving(demo_template.copy(tmp_path_factory, "stale-serve")) as (home, server, env):
        first = _page(home, server)
        assert "as-of" not in first.replace("carewatch:as-of", "")
        add_incident(env)
        stale = _page(home, server)
        assert 'class="message info as-of"' in stale
        deadline = time.monotonic() + 60
        while 'class="message info as-of"' in _page(home, server):
            assert time.monotonic() < deadline, "the page was never recomputed"
            time.sleep(0.5)


def test_several_server_processes_without_a_shared_cache_serve_fresh_figures(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate
) -> None:
    """Two forked processes, no Redis: one could run the recomputation the other queued and keep
    the answer in its own memory, so neither serves a page stale; both give the new figures."""
    data = demo_template.copy(tmp_path_factory, "stale-serve-two")
    with serving(data, "--processes", "2") as (home, server, env):
        for _visit in range(4):  # both processes have computed the page
            _page(home, server)
        add_incident(env)
        for _visit in range(6):
            assert 'class="message info as-of"' not in _page(home, server)


def _page(url: str, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own local server
                return str(answer.read().decode())
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, (
                "the server did not answer"
            )
            time.sleep(0.3)


def test_readers_asking_at_once_wait_for_one_computation(gate_open: None) -> None:
    """After a change, eight readers of the same answer: one computes, the others get its value."""
    import threading

    calls, results = [], []
    release = threading.Event()

    def compute() -> str:
        calls.append(1)
        release.wait(10)
        return "figures"

    def reader() -> None:
        results.append(stats_cache.cached("probe", {"q": 1}, compute))

    stats_cache.current_version()  # cached for the threads: they touch no database
    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    time.sleep(0.3)
    release.set()
    for thread in readers:
        thread.join(15)
    assert calls == [1] and results == ["figures"] * 8
    assert cache.get(stats_cache.cache_key("probe", {"q": 1}) + ":computing") is None


def test_a_reader_does_not_wait_for_ever_for_another_s_computation(
    gate_open: None, monkeypatch: Any
) -> None:
    monkeypatch.setattr(stats_cache, "WAIT_SECONDS", 0.2)
    key = stats_cache.cache_key("probe", {"q": 2})
    cache.add(key + ":computing", True, 60)  # a reader that died while computing
    started = time.monotonic()
    assert stats_cache.cached("probe", {"q": 2}, lambda: "computed here") == "computed here"
    assert time.monotonic() - started < 5


def test_finished_recomputations_do_not_pile_up_on_the_queue(
    gate_open: None, make_incident: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    make_incident(certainty="confirmed")
    _home()
    make_incident(certainty="confirmed")
    _home()
    run_jobs()
    done = DBTaskResult.objects.filter(task_path=TASK, status="SUCCESSFUL")
    assert done.count() == 1
    assert refresh.prune_finished() == 0, "done a moment ago: kept for an hour"
    done.update(finished_at=timezone.now() - timedelta(hours=2))
    assert refresh.prune_finished() == 1 and not done.exists()
