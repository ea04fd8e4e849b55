"""Benchmark: the public pages and the statistics API under concurrent clients, beside a static file.

    uv run python bench/dashboard.py                       # 1,000,000 incidents, SQLite
    uv run python bench/dashboard.py --incidents 50000     # quicker
    uv run python bench/dashboard.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
    uv run python bench/dashboard.py --instance /tmp/bench-1m   # keep the loaded instance, reuse it next time

Target (docs/performance.md, "dashboard and API"): with 1,000,000 incidents in the database and
50 concurrent clients on loopback, the public dashboard and the statistics endpoints answer with
p95 <= 200 ms and no errors. The reference beside it, in the same run: the same server answering
a static file (whitenoise) to the same clients — the floor of this server, client and machine.

What it does: a fresh instance in a temporary folder (or a scratch PostgreSQL database created and
dropped here, never ``test``), migrated, with the gazetteer; N seeded incidents written in bulk
through the driver (``executemany``; incidents, attack types and weapons, casualty counts, one
record per incident from one of six sources, facilities for a third of them) — the services and
their audit trail are bypassed, so the script raises the statistics version itself afterwards;
then ``carewatch serve`` (waitress) on a free loopback port. Each URL is first fetched once and its
cold time printed (the first visitor after a change pays it); then ``--clients`` threads with
keep-alive connections fetch the URL mix round-robin until ``--seconds`` pass or ``--requests``
are done, and the same again for the static file. The machine's CPUs may be shared: compare the
ratio to the static run, and the absolute figures beside it.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DB = "carewatch_bench_dashboard"
TARGET_P95_MS = 200.0
BATCH = 20_000

SOURCES = (
    "Bench NGO monitor",
    "Bench UN cluster",
    "Bench civil defence",
    "Bench field team",
    "Bench news agency",
    "Bench dataset",
)
ATTACKS = {
    "heavy_weapons": 64,
    "individual_weapons": 6,
    "abduction_arrest": 7,
    "threat": 5,
    "obstruction": 5,
    "armed_search": 3,
    "militarization": 2,
    "fire": 2,
    "removal_of_assets": 2,
    "chemical": 2,
    "unknown": 2,
}
WEAPONS = {
    "aerial_bomb_plane": 32,
    "barrel_bomb": 14,
    "missile": 12,
    "shelling": 20,
    "rocket": 9,
    "cluster": 4,
    "unknown": 9,
}
CERTAINTY = {"rumour": 5, "possible": 20, "probable": 45, "confirmed": 30}
STATES = {"verified": 75, "submitted": 10, "under_review": 8, "rejected": 7}
FACILITY_TYPES = (
    "primary",
    "secondary",
    "tertiary",
    "mobile_clinic",
    "pharmacy",
    "ambulance_station",
)


# --- Instance -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def carewatch(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "carewatch.cli", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def scratch_postgres(admin_url: str) -> str:
    """A fresh scratch database next to ``admin_url``'s (dropped first if a previous run left it)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        connection.execute(f"CREATE DATABASE {SCRATCH_DB}")
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))


def drop_postgres(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


# --- Bulk data ----------------------------------------------------------------------------------


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def table_rows(
    model: Any, rows: Iterator[dict[str, Any]]
) -> tuple[str, list[str], Iterator[tuple[Any, ...]]]:
    """(table, columns, value tuples) for raw inserts; fields not given take their model default,
    and an automatic primary key not given is left to the database (PostgreSQL refuses NULL)."""
    import itertools
    import json

    from django.db.models import JSONField

    first = next(rows, None)
    rows = itertools.chain([first] if first is not None else [], rows)
    pk = model._meta.pk
    fields = [
        f
        for f in model._meta.concrete_fields
        if f is not pk or (first is not None and pk.attname in first)
    ]
    defaults: dict[str, Any] = {}
    for f in fields:
        default = (
            f.get_default()
        )  # "" for text fields without a default, None where null is allowed
        if isinstance(f, JSONField):
            default = json.dumps(default if default is not None else {})
        defaults[f.attname] = default
    columns = [f.column for f in fields]

    def values() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            yield tuple(row.get(f.attname, defaults[f.attname]) for f in fields)

    return model._meta.db_table, columns, values()


def insert(model: Any, rows: Iterator[dict[str, Any]]) -> int:
    from django.db import connection

    table, columns, values = table_rows(model, rows)
    marks = ", ".join(["%s"] * len(columns))
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608  # our own table
    total, batch = 0, []
    with connection.cursor() as cursor:
        for value in values:
            batch.append(value)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def load(n: int, seed: int) -> dict[str, int]:
    """Write ``n`` incidents and what hangs off them; returns row counts per table."""
    from django.db import connection, transaction

    from carewatch.facilities.models import Facility
    from carewatch.incidents.models import CasualtyCount, Incident, IncidentRecord, IncidentTag
    from carewatch.places.models import Place
    from carewatch.sources.models import Report, Source
    from carewatch.stats.cache import bump_version

    rng = random.Random(seed)  # nosec B311  # seeded on purpose: the same data every run
    now = "2026-01-01 00:00:00" if connection.vendor == "sqlite" else "2026-01-01 00:00:00+00"
    districts = list(Place.objects.filter(level=2).values_list("pk", "parent_id"))
    weights = [
        1 + (i * 37 % 11) ** 2 for i in range(len(districts))
    ]  # a few districts get most attacks
    counts: dict[str, int] = {}
    with transaction.atomic():
        sources = [
            Source.objects.create(name=name, source_type="ngo", is_generated=True)
            for name in SOURCES
        ]
        reports = [
            Report.objects.create(
                source=s, kind="dataset_row", language="en", content_sha256="0" * 64
            )
            for s in sources
        ]
        facilities = Facility.objects.bulk_create(
            Facility(
                name_latin=f"Bench facility {i}",
                facility_type=FACILITY_TYPES[i % len(FACILITY_TYPES)],
                place_id=districts[i % len(districts)][0],
                is_generated=True,
            )
            for i in range(2000)
        )
        through = Incident.facilities.through
        for first in range(
            1, n + 1, BATCH
        ):  # in chunks, so a million incidents never sit in memory at once
            plan = [
                _incident(rng, i, districts, weights)
                for i in range(first, min(first + BATCH, n + 1))
            ]
            add(
                counts,
                "incidents",
                insert(
                    Incident, ({**p["row"], "created_at": now, "updated_at": now} for p in plan)
                ),
            )
            add(
                counts,
                "tags",
                insert(
                    IncidentTag,
                    (
                        {"incident_id": p["row"]["id"], "kind": k, "code": c}
                        for p in plan
                        for k, c in p["tags"]
                    ),
                ),
            )
            add(
                counts,
                "casualty counts",
                insert(
                    CasualtyCount,
                    (
                        {"incident_id": p["row"]["id"], "measure": m, "low": lo, "high": hi}
                        for p in plan
                        for m, lo, hi in p["counts"]
                    ),
                ),
            )
            add(
                counts,
                "records",
                insert(
                    IncidentRecord,
                    (
                        {
                            "report_id": reports[p["row"]["id"] % len(reports)].pk,
                            "incident_id": p["row"]["id"],
                            "date": p["row"]["date_start"],
                            "created_at": now,
                        }
                        for p in plan
                    ),
                ),
            )
            add(
                counts,
                "facility links",
                insert(
                    through,
                    (
                        {
                            "incident_id": p["row"]["id"],
                            "facility_id": facilities[p["row"]["id"] % len(facilities)].pk,
                        }
                        for p in plan
                        if p["row"]["id"] % 3 == 0
                    ),
                ),
            )
            if (first // BATCH) % 10 == 9:
                print(f"    {counts['incidents']:,} incidents written", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('incidents_incident', 'id'), %s)", [n]
                )
        bump_version()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def add(counts: dict[str, int], name: str, n: int) -> None:
    counts[name] = counts.get(name, 0) + n


def _incident(
    rng: random.Random, i: int, districts: list[tuple[int, int]], weights: list[int]
) -> dict[str, Any]:
    district, governorate = rng.choices(districts, weights=weights)[0]
    year = rng.choices(range(2012, 2020), weights=[4, 6, 8, 10, 14, 12, 10, 6])[0]
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    attack = pick(rng, ATTACKS)
    tags = [("attack_type", attack)] + (
        [("weapon", pick(rng, WEAPONS))] if attack == "heavy_weapons" else []
    )
    counts = []
    for measure, chance, mean in (
        ("killed_others", 0.5, 4),
        ("injured_others", 0.6, 6),
        ("killed_hw", 0.2, 1),
        ("injured_hw", 0.3, 1.5),
        ("killed_patients", 0.15, 1.5),
        ("hw_abducted", 0.05, 1),
    ):
        if rng.random() < chance:
            low = 1 + int(rng.expovariate(1 / mean))
            counts.append((measure, low, low + rng.randint(1, 3) if rng.random() < 0.1 else None))
    row = {
        "id": i,
        "reference": f"B{i:08d}",
        "title": "",
        "date_start": day.isoformat(),
        "place_id": district,
        "governorate_id": governorate,
        "district_id": district,
        "location_precision": 3,
        "certainty": pick(rng, CERTAINTY),
        "state": pick(rng, STATES),
        "is_generated": True,
    }
    return {"row": row, "tags": tags, "counts": counts}


# --- Load generation ----------------------------------------------------------------------------


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.done = 0

    def add(self, url: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times.setdefault(url, []).append(seconds)
            self.done += 1
            if not ok:
                self.errors[url] = self.errors.get(url, 0) + 1


def fetch(connection: http.client.HTTPConnection, url: str) -> tuple[int, bytes]:
    connection.request("GET", url, headers={"Accept-Language": "en"})
    response = connection.getresponse()
    return response.status, response.read()


def client(
    port: int, urls: list[str], offset: int, results: Results, stop_at: float, limit: int
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < stop_at and results.done < limit:
        url = urls[i % len(urls)]
        i += 1
        started = time.perf_counter()
        try:
            status, _body = fetch(connection, url)
            ok = status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.add(url, time.perf_counter() - started, ok)
    connection.close()


def drive(
    port: int, urls: list[str], clients: int, seconds: float, limit: int
) -> tuple[Results, float]:
    results = Results()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, urls, k, results, stop_at, limit))
        for k in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def summary(name: str, results: Results, wall: float) -> dict[str, float]:
    every = [t for ts in results.times.values() for t in ts]
    errors = sum(results.errors.values())
    figures = {
        "p50": percentile(every, 0.5),
        "p95": percentile(every, 0.95),
        "p99": percentile(every, 0.99),
        "requests": len(every),
        "errors": errors,
        "rate": len(every) / wall,
    }
    print(
        f"{name:<28} {figures['requests']:>8,} req  {figures['rate']:>7.0f} req/s  p50 {figures['p50']:7.1f} ms  "
        f"p95 {figures['p95']:7.1f} ms  p99 {figures['p99']:7.1f} ms  errors {errors}"
    )
    return figures


def per_url(results: Results) -> None:
    for url, times in sorted(results.times.items()):
        print(
            f"    {url:<62} p50 {percentile(times, 0.5):7.1f}  p95 {percentile(times, 0.95):7.1f} ms"
            f"  errors {results.errors.get(url, 0)}"
        )


# --- Main ---------------------------------------------------------------------------------------


def urls_to_drive(governorate_pk: int) -> list[str]:
    return [
        "/",
        "/dashboard/",
        f"/dashboard/?governorate={governorate_pk}",
        "/in-memoriam/",
        "/methodology/",
        "/api/stats/counts",
        "/api/stats/counts?by=governorate&measure=killed_hw",
        "/api/stats/counts?by=district",
        "/api/stats/counts?by=attack_type",
        "/api/stats/counts?by=facility_type&measure=facilities",
        "/api/stats/counts?by=source&measure=killed",
        "/api/stats/ranking?measure=killed&year=2017",
        "/api/stats/compare?period=astana-memorandum-2017",
        "/api/stats/periods",
    ]


def fetch_each(port: int, urls: list[str]) -> None:
    """Each URL once, in turn, timed."""
    for url in urls:
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        t0 = time.perf_counter()
        status, _ = fetch(connection_, url)
        print(
            f"    {url:<62} {1000 * (time.perf_counter() - t0):9.1f} ms  HTTP {status}", flush=True
        )


def after_an_addition(port: int, urls: list[str]) -> None:
    """A change that only adds (a new report, say): the public answers last computed are served at
    once while a job recomputes them (stats.refresh; here the server's own figures worker)."""
    from carewatch.stats.cache import VERSION_SECONDS, Change, bump_version

    bump_version(change=Change.ADDITION)
    time.sleep(
        VERSION_SECONDS + 0.5
    )  # the server reads the new version token within VERSION_SECONDS
    print(
        "\nfirst request after an addition (the last answers served while a job recomputes them):"
    )
    fetch_each(port, urls)


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"carewatch serve exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = fetch(connection, "/methodology/")
            if status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("carewatch serve did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="Longest time per phase.")
    parser.add_argument("--requests", type=int, default=20_000, help="Most requests per phase.")
    parser.add_argument(
        "--threads", type=int, default=8, help="Server worker threads (carewatch serve --threads)."
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="A PostgreSQL server's admin URL (a scratch database is made).",
    )
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument(
        "--instance",
        default="",
        help="Keep the SQLite instance in this folder and reuse it next time "
        "(the load is skipped when the folder already holds the same number of incidents).",
    )
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="carewatch-bench-dashboard-")
    data_dir = args.instance or folder.name
    marker = Path(data_dir) / "bench-loaded.txt"
    reuse = (
        bool(args.instance)
        and not args.database_url
        and marker.exists()
        and marker.read_text().strip() == str(args.incidents)
    )
    env = {
        **os.environ,
        "CAREWATCH_DATA_DIR": data_dir,
        "CAREWATCH_ENV": "development",
        "CAREWATCH_DEBUG": "false",
        "CAREWATCH_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = scratch_postgres(args.database_url)
    os.environ.update(env)
    server = None
    try:
        started = time.perf_counter()
        carewatch(env, "migrate", "--verbosity", "0")
        carewatch(env, "load_gazetteer")
        carewatch(env, "collectstatic", "--noinput", "--verbosity", "0")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
        import django

        django.setup()
        from django.db import connection

        from carewatch.places.models import Place

        print(
            f"instance ready in {time.perf_counter() - started:.1f} s ({connection.vendor})",
            flush=True,
        )
        started = time.perf_counter()
        if reuse:
            print(
                f"reusing the {args.incidents:,} incidents already loaded in {data_dir}", flush=True
            )
        else:
            counts = load(args.incidents, args.seed)
            took = time.perf_counter() - started
            print(
                f"loaded in {took:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()),
                flush=True,
            )
            if args.instance:
                marker.write_text(str(args.incidents))
        governorate = Place.objects.get(level=1, name_en="Idleb").pk
        connection.close()

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carewatch.cli",
                "serve",
                "--port",
                str(port),
                "--threads",
                str(args.threads),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(port, server)
        urls = urls_to_drive(governorate)
        print("\ncold (first request after the load, computes and caches):", flush=True)
        fetch_each(port, urls)

        print(
            f"\n{args.clients} clients, at most {args.seconds:g} s and {args.requests:,} requests per phase "
            f"(server: waitress, {args.threads} threads; CPUs: {os.cpu_count()}, shared)",
            flush=True,
        )
        app, app_wall = drive(port, urls, args.clients, args.seconds, args.requests)
        static, static_wall = drive(
            port, ["/static/carewatch/carewatch.css"], args.clients, args.seconds, args.requests
        )
        print(f"\nresults ({args.incidents:,} incidents, {connection.vendor}):")
        per_url(app)
        a = summary("public pages and stats API", app, app_wall)
        s = summary("static file (reference)", static, static_wall)
        print(
            f"ratio p95 app / static: {a['p95'] / s['p95']:.1f}x;  target p95 <= {TARGET_P95_MS:g} ms with 0 errors: "
            f"{'met' if a['p95'] <= TARGET_P95_MS and a['errors'] == 0 else 'NOT met'}"
        )
        after_an_addition(port, urls)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.database_url:
            drop_postgres(args.database_url)
        folder.cleanup()


if __name__ == "__main__":
    main()
