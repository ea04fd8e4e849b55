"""Benchmark: readers (public pages, the statistics API, staff pages) while a 100,000-row import
runs and edits are made, beside a static file from the same server.

    uv run python bench/load.py                              # 100,000 incidents, SQLite (WAL)
    uv run python bench/load.py --incidents 1000000 --instance /tmp/bench-1m
    uv run python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/postgres \
        --cache-url redis://127.0.0.1:6379/3 [--processes 2 --threads 4] [--staff-processes 1]

Targets (docs/performance.md, "load"): p95 <= 200 ms and no errors for the readers, p99 <= 1 s
in the minute after an edit, and readers not blocked by the import (their p95 while it runs within
the target too). What it does: an instance loaded as ``bench/dashboard.py`` loads it; ``carewatch
serve`` (waitress) and ``carewatch worker`` on loopback; a verifier's signed-in session (password
and second factor given) for the staff pages; with ``--staff-processes N`` the staff pages go to a
second ``carewatch serve`` of N processes, as a reverse proxy routes requests that carry a session
cookie (docs/deploy.md). Phases of ``--seconds`` each, each request timed on keep-alive
connections:

1. the static file, ``--clients`` threads (the floor of this server, client and machine);
2. every client, every URL: ``--clients`` threads each cycling through all the URLs without a
   pause (a quarter of the requests are staff pages: a stress, not a day's traffic);
3. the surge, as on the day an attack makes the news: ``--clients`` visitors cycling through the
   public pages and the statistics API without a pause, and ``--staff-clients`` staff at work,
   each cycling through the staff pages and reading each for ``--staff-think`` seconds;
4. the surge while ``carewatch import`` reads ``--rows`` Insecurity Insight rows (as
   ``bench/import.py`` writes them) into the database, and an editor changes one incident's
   workflow state every ``--edit-every`` seconds through the services (audited; each edit makes the
   statistics stale, which the server recomputes in the background while it serves the last
   answers). The import runs to its end; the phase lasts until then, at least ``--seconds``;
5. the surge and the edits for ``--seconds`` more after the import (on SQLite an edit waits for
   the import's commit, so its minute is watched here).

Printed per phase: requests, throughput, p50/p95/p99 and errors, for all the requests and for the
public and the staff ones apart, then per URL; after phase 5 the p99 of the requests of phases 4 and 5
made within a minute after an edit (all, then apart after a verification, which only adds to the
public figures, and after a return to review, a change to one record: the answers of figures only
are served while recomputed, pages of records are computed first — stats.cache.Change), and the
import's own time; last, each figure against the target.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard  # the instance, the clients and the figures of the dashboard bench
from dashboard import ROOT, carewatch, free_port, percentile, wait_until_up

TARGET_P95_MS = 200.0
TARGET_P99_AFTER_EDIT_MS = 1000.0
STATIC = "/static/carewatch/carewatch.css"


@dataclass
class Timed:
    """Every request: when it started (monotonic), how long it took, whether it succeeded."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    rows: list[tuple[float, float, bool, str]] = field(default_factory=list)
    refused: dict[tuple[str, int], int] = field(default_factory=dict)

    def add(self, at: float, took: float, ok: bool, url: str, status: int = 200) -> None:
        with self.lock:
            self.rows.append((at, took, ok, url))
            if not ok:
                self.refused[(url, status)] = self.refused.get((url, status), 0) + 1


def headers_for(url: str, cookie: str) -> dict[str, str]:
    """What a reader sends: the staff pages with a verifier's session, the public ones without."""
    headers = {"Accept-Language": "en"}
    if is_staff(url):
        headers["Cookie"] = cookie
    return headers


def is_staff(url: str) -> bool:
    return url.startswith(("/incidents", "/people", "/sources", "/linkage", "/facilities"))


#: Where a reader sends a public request and a staff one (the same port, or a staff server's).
Ports = tuple[int, int]


def reader(
    ports: Ports,
    urls: list[str],
    cookie: str,
    offset: int,
    out: Timed,
    until: Any,
    think: float = 0.0,
) -> None:
    """One client: ``urls`` in turn on keep-alive connections (one per port), ``think`` seconds
    between a page and the next (a person reading it; 0 for a client that asks again at once)."""
    connections: dict[int, http.client.HTTPConnection] = {}
    i = offset
    while not until():
        url = urls[i % len(urls)]
        i += 1
        port = ports[is_staff(url)]
        connection = connections.get(port)
        if connection is None:
            connection = connections[port] = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=60
            )
        headers = headers_for(url, cookie)
        at = time.monotonic()
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            del connections[port]
        out.add(at, time.monotonic() - at, status == 200, url, status)
        if think:
            time.sleep(think)
    for connection in connections.values():
        connection.close()


@dataclass(frozen=True)
class Mix:
    """Who asks what: ``clients`` cycling through ``urls`` without a pause, and ``staff`` clients
    cycling through ``staff_urls`` with ``think`` seconds between pages."""

    urls: list[str]
    clients: int
    staff_urls: list[str] = field(default_factory=list)
    staff: int = 0
    think: float = 0.0


def phase(ports: Ports, mix: Mix, cookie: str, until: Any) -> tuple[Timed, float]:
    out = Timed()
    threads = [
        threading.Thread(target=reader, args=(ports, mix.urls, cookie, k, out, until))
        for k in range(mix.clients)
    ] + [
        threading.Thread(
            target=reader, args=(ports, mix.staff_urls, cookie, k, out, until, mix.think)
        )
        for k in range(mix.staff)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, time.monotonic() - started


def figures_of(times: list[float], wall: float, errors: int) -> dict[str, float]:
    return {
        "requests": len(times),
        "rate": len(times) / wall,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": errors,
    }


def line(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name:<34} {figures['requests']:>7,} req {figures['rate']:>6.0f}/s  "
        f"p50 {figures['p50']:6.1f}  p95 {figures['p95']:6.1f}  p99 {figures['p99']:7.1f} ms  "
        f"errors {figures['errors']:.0f}",
        flush=True,
    )


def report(name: str, out: Timed, wall: float) -> dict[str, dict[str, float]]:
    """All requests, then the public ones and the staff ones apart, then each URL."""
    classes: dict[str, dict[str, float]] = {}
    for label, keep in (
        ("all", lambda url: True),
        ("public", lambda url: not is_staff(url)),
        ("staff", is_staff),
    ):
        rows = [row for row in out.rows if keep(row[3])]
        if rows and (label == "all" or len(rows) < len(out.rows)):
            times = [took for _at, took, _ok, _url in rows]
            classes[label] = figures_of(times, wall, sum(1 for row in rows if not row[2]))
            line(name if label == "all" else f"  {label} pages", classes[label])
    for (url, status), n in sorted(out.refused.items()):
        print(f"    {n:>6} x HTTP {status or 'no answer'} {url}")
    by_url: dict[str, list[float]] = {}
    for _at, took, _ok, url in out.rows:
        by_url.setdefault(url, []).append(took)
    if len(by_url) > 1:
        for url, times in sorted(by_url.items()):
            print(
                f"    {url:<58} p50 {percentile(times, 0.5):7.1f}  p95 {percentile(times, 0.95):7.1f} ms"
            )
    return classes


def staff_session(username: str = "bench-verifier") -> str:
    """A verifier's session cookie, as after the password and the second factor."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carewatch.accounts.models import User, UserSession

    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username, password=None, role="verifier"
    )
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    UserSession.objects.get_or_create(user=user, session_key=session.session_key)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def staff_urls() -> list[str]:
    from carewatch.incidents.models import Incident

    first = Incident.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        "/incidents/",
        "/incidents/?state=submitted",
        f"/incidents/{first}/",
        "/sources/",
        "/facilities/",
    ]


EDITOR = """
import select, sys, time
from carewatch.accounts.models import User
from carewatch.incidents.models import Incident
from carewatch.incidents.services import incident_set_state
from carewatch.lib.common import ConflictError
from django.db import OperationalError
user = User.objects.get(username="bench-verifier")
while not select.select([sys.stdin], [], [], EVERY)[0] or sys.stdin.readline():
    i = Incident.objects.filter(state__in=["under_review", "verified"]).order_by("pk").first()
    to = "verified" if i.state == "under_review" else "under_review"
    try:
        incident_set_state(incident=i, user=user, state=to, expected_version=i.version)
    except (ConflictError, OperationalError) as exc:  # a conflict; SQLite's lock held too long
        print("edit refused:", exc, file=sys.stderr, flush=True)
        continue
    print("edited", time.monotonic(), to, flush=True)
"""


#: An edit: when it was committed (the monotonic clock), and the state the incident went to.
Edit = tuple[float, str]


def editor(stop: threading.Event, every: float, edits: list[Edit], env: dict[str, str]) -> None:
    """Change one incident's workflow state back and forth through the services (audited), every
    ``every`` seconds, from one process (a process per edit cost the machine seconds of CPU
    each); ``edits`` gets the time each edit was committed (the monotonic clock is the
    machine's, the same in both processes). On SQLite an edit waits while an import writes."""
    script = EDITOR.replace("EVERY", repr(every))
    command = [sys.executable, "-m", "carewatch.cli", "shell", "-c", script]
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    stdin, stdout = child.stdin, child.stdout
    if stdin is None or stdout is None:
        raise SystemExit("the editor has no pipes")

    def close_when_stopped() -> None:
        stop.wait()
        stdin.close()  # the editor's loop ends at the end of its input

    closer = threading.Thread(target=close_when_stopped)
    closer.start()
    for line in stdout:  # the shell prints other lines too
        if line.startswith("edited "):
            _word, at, state = line.split()
            edits.append((float(at), state))
    closer.join()
    if child.wait() != 0:
        print("the editor failed (its error is above)", file=sys.stderr)


def after_edits(out: Timed, edits: list[Edit], state: str | None = None) -> list[float]:
    """The times of the requests started within a minute after an edit; with ``state``, of those
    whose last edit before them (within that minute) took the incident to ``state``."""
    times = []
    for at, took, _ok, _url in out.rows:
        last = max(((e, to) for e, to in edits if 0 <= at - e <= 60), default=None)
        if last is not None and (state is None or last[1] == state):
            times.append(took)
    return times


def edit_figures(outs: list[Timed], edits: list[Edit]) -> float:
    """Print the p99 in the minute after an edit, then apart after a verification (an addition:
    the last public answers are served while recomputed) and after a return to review (a change
    to one record: the answers of figures only are served while recomputed, decision 0024)."""
    p99 = float("nan")
    for label, state in (
        ("any edit", None),
        ("a verification", "verified"),
        ("a return to review", "under_review"),
    ):
        times = [t for out in outs for t in after_edits(out, edits, state)]
        value = percentile(times, 0.99) if times else float("nan")
        count = sum(1 for _at, to in edits if state is None or to == state)
        print(f"  p99 after {label} ({count}): {value:.1f} ms over {len(times):,} requests")
        p99 = value if state is None else p99
    return p99


def verdicts(results: dict[str, dict[str, dict[str, float]]], p99_after: float) -> None:
    static = results["static file"]["all"]["p95"]
    for name, figures in results.items():
        if name == "static file":
            continue
        for label, r in figures.items():
            verdict = "met" if r["p95"] <= TARGET_P95_MS and r["errors"] == 0 else "NOT met"
            print(
                f"  {name}, {label}: p95 {r['p95']:.1f} ms = {r['p95'] / static:.1f}x the static "
                f"file's; target {verdict}"
            )
    verdict = "met" if p99_after <= TARGET_P99_AFTER_EDIT_MS else "NOT met"
    print(f"  p99 after an edit: target {verdict}")


def niced(niceness: int, command: list[str]) -> list[str]:
    """``command`` run at a lower CPU priority (``nice -n``) when ``niceness`` is not 0."""
    return ["nice", "-n", str(niceness), *command] if niceness else command


def copy_template(admin_url: str, template: str) -> bool:
    """The scratch database made again as a copy of ``template``, if a previous run kept one."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            return False
        c.execute(f"DROP DATABASE IF EXISTS {dashboard.SCRATCH_DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {dashboard.SCRATCH_DB} TEMPLATE {template}")
    print(f"  started from a copy of {template}")
    return True


def keep_template(admin_url: str, template: str) -> None:
    """The freshly loaded scratch database copied as ``template`` for the next runs."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {template}")
        c.execute(f"CREATE DATABASE {template} TEMPLATE {dashboard.SCRATCH_DB}")


def batch_environment(env: dict[str, str], pg_options: str) -> dict[str, str]:
    """The worker's and the import's environment: ``env``, their PostgreSQL session settings
    added to the database URL (as a deployment gives them a URL of their own, docs/deploy.md)."""
    url = env.get("DATABASE_URL", "")
    if not pg_options or not url.startswith("postgres"):
        return env
    import urllib.parse

    joiner = "&" if "?" in url else "?"
    return {
        **env,
        "DATABASE_URL": f"{url}{joiner}{urllib.parse.urlencode({'options': pg_options})}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000, help="Rows of the import that runs.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--staff-clients", type=int, default=5, help="Staff at work in the surge phases."
    )
    parser.add_argument(
        "--staff-think", type=float, default=1.0, help="Seconds a staff client reads a page."
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--edit-every", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=1, help="carewatch serve --processes")
    parser.add_argument(
        "--staff-processes",
        type=int,
        default=0,
        help="a second carewatch serve with these processes for the signed-in staff's requests "
        "(as a proxy would route them by their session cookie; needs --cache-url); 0: one server",
    )
    parser.add_argument(
        "--public-nice",
        type=int,
        default=0,
        help="run the visitors' server at this CPU niceness (nice -n; with --staff-processes, the "
        "staff's server keeps the normal priority, so on a busy machine the staff go first)",
    )
    parser.add_argument(
        "--batch-nice",
        type=int,
        default=0,
        help="run the worker and the import at this CPU niceness (batch work yields to readers)",
    )
    parser.add_argument(
        "--batch-pg-options",
        default="",
        help="PostgreSQL session settings of the worker and the import (libpq's options, e.g. "
        "'-c max_parallel_workers_per_gather=0': batch queries on one core, docs/deploy.md)",
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--keep-loaded",
        action="store_true",
        help="PostgreSQL: keep the loaded incidents as a template database and start the next run "
        "with --keep-loaded from a copy of it (minutes instead of the load; dropped by hand)",
    )
    parser.add_argument("--instance", default="")
    parser.add_argument(
        "--cache-url",
        default="",
        help="CAREWATCH_CACHE_URL (redis://…): a cache every process shares; emptied at the "
        "start, so give the bench a Redis database of its own",
    )
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    if args.staff_processes and not args.cache_url:
        raise SystemExit("--staff-processes needs --cache-url: servers hand figures over by it")

    work = tempfile.TemporaryDirectory(prefix="carewatch-bench-load-")
    data_dir = args.instance or work.name
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "CAREWATCH_DATA_DIR": data_dir,
        "CAREWATCH_ENV": "development",
        "CAREWATCH_DEBUG": "false",
        "CAREWATCH_LOG_LEVEL": "WARNING",
        "CAREWATCH_LINK_AFTER_IMPORT": "false",
        "CAREWATCH_BACKUP_DIR": "",
    }
    template = f"carewatch_bench_load_{args.incidents}_{args.seed}" if args.keep_loaded else ""
    copied = False
    if args.database_url:
        env["DATABASE_URL"] = dashboard.scratch_postgres(args.database_url)
        copied = bool(template) and copy_template(args.database_url, template)
    if args.cache_url:
        env["CAREWATCH_CACHE_URL"] = args.cache_url
    os.environ.update(env)
    batch_env = batch_environment(env, args.batch_pg_options)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        carewatch(env, "migrate", "--verbosity", "0")
        carewatch(env, "load_gazetteer")
        carewatch(env, "collectstatic", "--noinput", "--verbosity", "0")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
        import django

        django.setup()
        from django.db import connection

        from carewatch.incidents.models import Incident
        from carewatch.places.models import Place

        marker = Path(data_dir) / "bench-loaded.txt"
        from django.core.cache import cache

        cache.clear()  # the bench's own cache: nothing a previous run left is served here
        if copied:
            pass
        elif (
            args.database_url
            or not marker.exists()
            or marker.read_text().strip() != str(args.incidents)
        ):
            dashboard.load(args.incidents, args.seed)
            if not args.database_url:
                marker.write_text(str(args.incidents))
            elif template:
                connection.close()
                keep_template(args.database_url, template)
        if not Incident.objects.filter(state__in=["under_review", "verified"]).exists():
            raise SystemExit("no incident to edit")
        cookie = staff_session()
        urls = (
            dashboard.urls_to_drive(Place.objects.get(level=1, name_en="Idleb").pk) + staff_urls()
        )
        connection.close()
        csv = Path(work.name) / "rows.csv"
        sys.path.insert(0, str(ROOT / "bench"))
        import importlib

        importlib.import_module("import").generate(csv, args.rows, args.seed)

        port = free_port()
        serve = [
            sys.executable,
            "-m",
            "carewatch.cli",
            "serve",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
            "--processes",
            str(args.processes),
        ]
        server_log = (Path(data_dir) / "bench-server.log").open("wb")
        processes.append(
            subprocess.Popen(
                niced(args.public_nice, serve),
                env=env,
                cwd=ROOT,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        )
        ports = (port, port)
        if args.staff_processes:
            ports = (port, free_port())
            staff_serve = [*serve[:5], str(ports[1]), *serve[6:9], str(args.staff_processes)]
            processes.append(
                subprocess.Popen(
                    staff_serve, env=env, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT
                )
            )
            wait_until_up(ports[1], processes[-1])
        # The worker, as in production (docs/deploy.md): with a shared cache it recomputes the
        # public figures after additions; without one the server does, and it leaves them.
        processes.append(
            subprocess.Popen(
                niced(args.batch_nice, [sys.executable, "-m", "carewatch.cli", "worker"]),
                env=batch_env,
                cwd=ROOT,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_until_up(port, processes[0])
        for url in urls:  # warm: the first computation of each answer is not what is measured here
            c = http.client.HTTPConnection("127.0.0.1", ports[is_staff(url)], timeout=3600)
            c.request("GET", url, headers=headers_for(url, cookie))  # as the readers ask
            c.getresponse().read()
        kind = ("PostgreSQL" if args.database_url else "SQLite (WAL)") + (
            ", shared cache" if args.cache_url else ""
        )
        print(
            f"\n{kind}, {args.incidents:,} incidents, {args.clients} clients, {len(urls)} URLs, "
            f"{args.processes} server process(es) x {args.threads} threads"
            + (f", staff on {args.staff_processes} more" if args.staff_processes else "")
            + (f", visitors' server at nice {args.public_nice}" if args.public_nice else "")
            + (f", worker and import at nice {args.batch_nice}" if args.batch_nice else "")
            + (
                f", worker and import with {args.batch_pg_options!r}"
                if args.batch_pg_options
                else ""
            )
        )
        public, staff = [u for u in urls if not is_staff(u)], [u for u in urls if is_staff(u)]
        stress = Mix(urls, args.clients)
        surge = Mix(public, args.clients, staff, args.staff_clients, args.staff_think)
        results: dict[str, dict[str, dict[str, float]]] = {}
        for name, mix in (
            ("static file", Mix([STATIC], args.clients)),
            ("every client, every URL", stress),
            ("surge: visitors + staff at work", surge),
        ):
            deadline = time.monotonic() + args.seconds
            out, wall = phase(ports, mix, cookie, lambda d=deadline: time.monotonic() > d)
            results[name] = report(name, out, wall)

        stop = threading.Event()
        edits: list[Edit] = []
        editing = threading.Thread(target=editor, args=(stop, args.edit_every, edits, env))
        started = time.monotonic()
        importer = subprocess.Popen(
            niced(
                args.batch_nice,
                [
                    sys.executable,
                    "-m",
                    "carewatch.cli",
                    "import",
                    str(csv),
                    "--profile",
                    "insecurity_insight",
                    "--no-progress",
                ],
            ),
            env=batch_env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        editing.start()
        ended: list[float] = []

        def wait_for_import() -> None:
            importer.wait()
            ended.append(time.monotonic())

        waiter = threading.Thread(target=wait_for_import)
        waiter.start()
        deadline = started + args.seconds
        out, wall = phase(ports, surge, cookie, lambda: bool(ended) and time.monotonic() > deadline)
        waiter.join()
        if importer.returncode != 0:
            stop.set()
            raise SystemExit(
                f"the import failed: {importer.stderr.read().decode() if importer.stderr else ''}"
            )
        during = "surge + import + edits"
        results[during] = report(during, out, wall)
        # The edits go on after the import (on SQLite they waited for its commit), and so do the
        # readers, for --seconds: the minute after an edit is watched on both sides of the commit.
        later = time.monotonic() + args.seconds
        out_after, wall_after = phase(ports, surge, cookie, lambda: time.monotonic() > later)
        stop.set()
        editing.join()
        name_after = "surge + edits after the import"
        results[name_after] = report(name_after, out_after, wall_after)
        print(f"  import of {args.rows:,} rows: {ended[0] - started:.1f} s")
        p99_after = edit_figures([out, out_after], edits)
        verdicts(results, p99_after)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if args.database_url:
            dashboard.drop_postgres(args.database_url)
        work.cleanup()


if __name__ == "__main__":
    main()
