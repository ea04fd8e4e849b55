"""Benchmark: signing a petition from many addresses, with the count page read meanwhile, beside
a static file.

    uv run python bench/petition.py                      # 60 s, 16 signing clients, SQLite
    uv run python bench/petition.py --seconds 20 --clients 8
    uv run python bench/petition.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
    uv run python bench/petition.py --processes 2 --cache-url redis://127.0.0.1:6379/5 \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres

Targets (docs/performance.md, "petitions"): >= 200 signatures/s with p95 <= 300 ms and no error;
the count (``/petitions/<slug>/count.json``) p95 <= 100 ms meanwhile. The reference in the same
run: the same server answering a static file (whitenoise) to the same clients.

What it does: a fresh instance (a temporary folder; or a scratch PostgreSQL database, created and
dropped here, never ``test``), migrated, one open petition; then ``carewatch serve`` (waitress,
8 threads) behind a declared proxy (``CAREWATCH_TRUSTED_PROXIES=1``), so that each signature comes
from its own address in ``X-Forwarded-For`` — as many visitors behind one proxy. Each client
fetches the page once (its CSRF cookie and the form's signed time), then posts signatures with a
new address each, until ``--seconds`` pass; one more client reads the count. Every guard runs
(honeypot, the signed time, rate limits, domain lists, the normalised address) except the
minimum time to submit, set to 0 here (a person takes seconds; a benchmark cannot wait them).
Each signature writes a supporter, its two consents, the signature, its audit entries and the
confirmation message's job (no worker runs: the messages wait in the queue). Afterwards the
pending signatures are counted in the database and must equal the signatures answered 302.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard import (
    ROOT,
    Results,
    carewatch,
    free_port,
    summary,
)

SLUG = "bench-petition"
TARGET_RATE = 200.0
TARGET_P95_MS = 300.0
TARGET_COUNT_P95_MS = 100.0
STATIC = "/static/carewatch/carewatch.css"

SETUP = f"""
import django; django.setup()
from carewatch.petitions.models import Petition, PetitionText
p = Petition.objects.create(slug={SLUG!r}, status="open", goal=100000)
for lang in ("ar", "fr", "en"):
    PetitionText.objects.create(petition=p, language=lang, title="Bench petition", story="Story.", ask="Ask.")
"""

COUNT_SQL = f"""
import django; django.setup()
from carewatch.petitions.models import Signature
print(Signature.objects.filter(petition__slug={SLUG!r}).count())
"""


def django_python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


class Form:
    """What a visitor's browser holds after opening the page: the CSRF cookie and the form."""

    def __init__(self, connection: http.client.HTTPConnection) -> None:
        connection.request("GET", f"/petitions/{SLUG}/", headers={"Accept-Language": "en"})
        response = connection.getresponse()
        body = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = "; ".join(
            c.split(";")[0].strip() for c in cookie.split(",") if "csrftoken=" in c
        )
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        self.started = re.search(r'name="started" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]


def signer(port: int, k: int, results: Results, stop_at: float, signed: list[int]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form = Form(connection)
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        address = f"10.{k}.{n // 250 % 250}.{n % 250 + 1}"
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": form.token,
                "started": form.started,
                "website": "",
                "name": f"Bench Signer {k}-{n}",
                "email": f"signer.{k}.{n}@bench.example.org",
                "country": "FR",
                "postcode": "",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": form.cookie,
            "X-Forwarded-For": address,
            "Accept-Language": "en",
        }
        started = time.perf_counter()
        try:
            connection.request("POST", f"/petitions/{SLUG}/sign/", body, headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 302
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.add("sign", time.perf_counter() - started, ok)
        if ok:
            signed[k] += 1
    connection.close()


def reader(port: int, url: str, results: Results, stop_at: float, pause: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.add(url, time.perf_counter() - started, ok)
        time.sleep(pause)
    connection.close()


def run(threads: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--processes", type=int, default=1, help="carewatch serve --processes")
    parser.add_argument("--threads", type=int, default=8, help="carewatch serve --threads")
    parser.add_argument("--cache-url", default="", help="CAREWATCH_CACHE_URL (redis://…)")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="carewatch-bench-petition-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREWATCH_")}
    env |= {
        "CAREWATCH_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "carewatch.settings",
        "CAREWATCH_TRUSTED_PROXIES": "1",
        "CAREWATCH_FORM_MIN_SECONDS": "0",
        "CAREWATCH_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if options.cache_url:
        env["CAREWATCH_CACHE_URL"] = options.cache_url
    if options.database_url:
        from dashboard import scratch_postgres

        env["DATABASE_URL"] = scratch_postgres(options.database_url)
    print(f"database: {env.get('DATABASE_URL', 'SQLite in ' + str(folder))}")
    print(
        f"server processes: {options.processes}, threads: {options.threads}; "
        f"cache: {options.cache_url or 'per process'}"
    )
    carewatch(env, "migrate")
    django_python(env, SETUP)
    port = free_port()
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "carewatch.cli",
            "serve",
            "--port",
            str(port),
            "--processes",
            str(options.processes),
            "--threads",
            str(options.threads),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(port, server)
        static = Results()
        stop = time.monotonic() + min(options.seconds, 20)
        wall = run(
            [
                threading.Thread(target=reader, args=(port, STATIC, static, stop, 0))
                for _ in range(options.clients)
            ]
        )
        reference = summary("static file (reference)", static, wall)

        signing, counting = Results(), Results()
        signed = [0] * options.clients
        stop = time.monotonic() + options.seconds
        threads = [
            threading.Thread(target=signer, args=(port, k, signing, stop, signed))
            for k in range(options.clients)
        ]
        count_url = f"/petitions/{SLUG}/count.json"
        threads.append(
            threading.Thread(target=reader, args=(port, count_url, counting, stop, 0.05))
        )
        wall = run(threads)
        signs = summary("signing (POST, 302)", signing, wall)
        counts = summary("count.json meanwhile", counting, wall)
        stored = int(django_python(env, COUNT_SQL))
        print(f"signatures answered 302: {sum(signed):,}; pending signatures stored: {stored:,}")
        print(
            f"ratio signing p95 / static p95: {signs['p95'] / max(reference['p95'], 0.001):.1f}x; "
            f"static req/s / signatures/s: {reference['rate'] / max(signs['rate'], 0.001):.1f}x"
        )
        verdicts = {
            f"signatures/s >= {TARGET_RATE:.0f}": signs["rate"] >= TARGET_RATE,
            f"signing p95 <= {TARGET_P95_MS:.0f} ms": signs["p95"] <= TARGET_P95_MS,
            "no signing error": signs["errors"] == 0,
            f"count p95 <= {TARGET_COUNT_P95_MS:.0f} ms": counts["p95"] <= TARGET_COUNT_P95_MS,
            "every 302 stored once": stored == sum(signed),
        }
        for name, met in verdicts.items():
            print(f"  {'met' if met else 'NOT MET'}: {name}")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        if options.database_url:
            from dashboard import drop_postgres

            drop_postgres(options.database_url)


def _wait(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"carewatch serve exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", STATIC)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("carewatch serve did not answer within 60 s")


if __name__ == "__main__":
    main()
