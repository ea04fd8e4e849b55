"""Benchmark: a newsletter to many subscribers through a real SMTP server on loopback, then a
send killed half-way and resumed, beside raw SMTP on the same server.

    uv run python bench/mail.py                          # 100,000 subscribers, SQLite
    uv run python bench/mail.py --subscribers 10000
    uv run python bench/mail.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

Targets (docs/performance.md, "newsletter"): >= 300 messages/s, the worker's peak memory
<= 500 MiB, and a run killed half-way then resumed delivers every message exactly once.

What it does: a fresh instance (a temporary folder; or a scratch PostgreSQL database, created and
dropped here), migrated; a mailing list with ``--subscribers`` confirmed subscribers in Arabic,
French and English; a newsletter written in the three languages (text, a live figure, a
button). An SMTP server (aiosmtpd, its own process) writes one line per message it accepts:
the time and the recipient (one server, and one file, per phase).

1. Reference: the same server receiving one ready-made message over one connection with Python's
   ``smtplib``, as fast as it goes (what the loopback server and the client library allow).
2. Send: ``carewatch worker --queue mail`` (its own process; no throttle) sends the newsletter;
   messages/s is counted at the server, from its first message to its last; the worker's peak
   resident memory is read from ``/proc`` (VmHWM).
3. Kill and resume: a second newsletter; the worker is killed (SIGKILL) once the server has half
   of it, a new worker starts, and the server's lines are counted per recipient: every recipient
   exactly once, and the delivery rows say sent for each.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard import ROOT, carewatch, free_port

TARGET_RATE = 300.0
TARGET_MIB = 500.0

SETUP = """
import django; django.setup()
from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings.models import MailingList, Subscription
from carewatch.supporters.models import Supporter
n = {n}
ml = MailingList.objects.create(slug="bench", names={{"en": "Bench list"}})
langs = ("ar", "fr", "en")
for start in range(0, n, 5000):
    people = [
        Supporter(email=f"s{{i}}@bench.example", email_key=f"s{{i}}@bench.example",
                  language=langs[i % 3], created_via="bench", generated=True)
        for i in range(start, min(n, start + 5000))
    ]
    Supporter.objects.bulk_create(people)
    Subscription.objects.bulk_create(
        Subscription(mailing_list=ml, supporter=p, mailbox_key=mailbox_key(p.email),
                     language=p.language, form="bench", state="confirmed", generated=True)
        for p in people
    )
print(Subscription.objects.count())
"""

CAMPAIGN = """
import django; django.setup()
from carewatch.mailings import campaigns, jobs
from carewatch.mailings.models import MailingList
ml = MailingList.objects.get(slug="bench")
c = campaigns.create_campaign(mailing_list=ml, name={name!r}, actor="bench")
for lang in ("ar", "fr", "en"):
    campaigns.save_version(campaign=c, language=lang, subject={name!r} + " " + lang, actor="bench",
        blocks=[{{"kind": "text", "text": "Attacks verified so far: {{{{ incidents }}}}. " * 20}},
                {{"kind": "figure", "measure": "killed_hw", "year": None}},
                {{"kind": "link", "label": "Read more", "url": "https://example.org/more"}}])
jobs.schedule(campaign=c, when=None, actor="bench")
print(c.pk)
"""

STATE = """
import django; django.setup()
from django.db.models import Count
from carewatch.mailings.models import Campaign, Delivery
c = Campaign.objects.get(pk={pk})
rows = dict(Delivery.objects.filter(campaign=c).values("state").annotate(n=Count("pk")).values_list("state", "n"))
print(c.state, rows.get("sent", 0), rows.get("queued", 0))
"""

SINK = """
import sys, time
from aiosmtpd.controller import Controller
out = open(sys.argv[2], "a", buffering=1)
class Handler:
    async def handle_DATA(self, server, session, envelope):
        out.write(f"{time.time():.4f}\\t{envelope.rcpt_tos[0]}\\n")
        return "250 OK"
controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]), decode_data=False)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def django_python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


class Sink:
    """The loopback SMTP server in its own process, and what it has accepted."""

    def __init__(self, folder: Path, name: str) -> None:
        self.port = free_port()
        self.path = folder / f"{name}.log"
        self.path.touch()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK, str(self.port), str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()

    def lines(self) -> list[tuple[float, str]]:
        rows = [line.split("\t") for line in self.path.read_text().splitlines()]
        return [(float(r[0]), r[1]) for r in rows if len(r) >= 2]

    def count(self) -> int:
        with self.path.open("rb") as handle:
            return sum(1 for _ in handle)

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=20)


def reference(folder: Path, messages: int) -> float:
    sink = Sink(folder, "reference")
    body = (
        "From: bench@carewatch.example\r\nTo: r@bench.example\r\nSubject: reference\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + "A reference message line.\r\n" * 200
    ).encode()
    try:
        with smtplib.SMTP("127.0.0.1", sink.port) as client:
            began = time.perf_counter()
            for _ in range(messages):
                client.sendmail("bench@carewatch.example", ["r@bench.example"], body)
            seconds = time.perf_counter() - began
    finally:
        sink.stop()
    rate = messages / seconds
    print(f"reference: raw smtplib to the same server: {messages:,} messages, {rate:,.0f}/s")
    return rate


def peak_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(env: dict[str, str], folder: Path, name: str) -> subprocess.Popen[bytes]:
    log = (folder / f"{name}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "carewatch.cli", "worker", "--queue", "mail"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def state(env: dict[str, str], pk: str) -> tuple[str, int, int]:
    found, sent, queued = django_python(env, STATE.format(pk=pk)).split()
    return found, int(sent), int(queued)


def wait_sent(
    env: dict[str, str],
    pk: str,
    sink: Sink,
    expected: int,
    watch: subprocess.Popen[bytes],
    limit: float,
) -> float:
    """Wait until the campaign is sent (or ``limit`` seconds); the worker's peak MiB."""
    peak = 0.0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        peak = max(peak, peak_mib(watch.pid))
        if sink.count() >= expected and state(env, pk)[0] == "sent":
            return peak
        if watch.poll() is not None:
            raise SystemExit(f"the worker exited with {watch.returncode}; see its log")
        time.sleep(1)
    raise SystemExit(f"not sent within {limit:.0f} s: {state(env, pk)}")


def send_run(env: dict[str, str], folder: Path, n: int) -> tuple[float, float]:
    sink = Sink(folder, "send")
    env = env | {"CAREWATCH_EMAIL_URL": f"smtp://127.0.0.1:{sink.port}?starttls=false"}
    pk = django_python(env, CAMPAIGN.format(name="Bench send"))
    began = time.monotonic()
    running = worker(env, folder, "worker-send")
    try:
        peak = wait_sent(env, pk, sink, n, running, limit=max(600, n / 20))
    finally:
        running.send_signal(signal.SIGINT)
        running.wait(timeout=60)
        sink.stop()
    lines = sink.lines()
    stamps = sorted(t for t, _ in lines)
    rate = (len(lines) - 1) / max(stamps[-1] - stamps[0], 1e-6)
    total = time.monotonic() - began
    print(
        f"send: {len(lines):,} messages to {n:,} subscribers; {rate:,.0f} messages/s at the server "
        f"(first to last); {total:,.0f} s from scheduling to sent (writing the delivery rows "
        f"included); worker peak memory {peak:,.0f} MiB"
    )
    return rate, peak


def kill_run(env: dict[str, str], folder: Path, n: int) -> tuple[int, int, int]:
    sink = Sink(folder, "kill")
    env = env | {"CAREWATCH_EMAIL_URL": f"smtp://127.0.0.1:{sink.port}?starttls=false"}
    pk = django_python(env, CAMPAIGN.format(name="Bench kill"))
    first = worker(env, folder, "worker-kill-1")
    deadline = time.monotonic() + max(600, n / 20)
    while sink.count() < n // 2:
        if time.monotonic() > deadline or first.poll() is not None:
            raise SystemExit("the first worker did not reach half of the send")
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    at_kill = sink.count()
    second = worker(env, folder, "worker-kill-2")
    try:
        wait_sent(env, pk, sink, n, second, limit=max(600, n / 20))
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=60)
        sink.stop()
    per = collections.Counter(rcpt for _, rcpt in sink.lines())
    twice = sum(c - 1 for c in per.values() if c > 1)
    missing = n - len(per)
    _state, sent, queued = state(env, pk)
    print(
        f"kill and resume: killed (SIGKILL) after {at_kill:,} messages; at the end {sum(per.values()):,} "
        f"messages to {len(per):,} recipients: {twice} sent twice, {missing} missing; delivery rows "
        f"sent {sent:,}, waiting {queued:,}"
    )
    return twice, missing, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    n = options.subscribers

    folder = Path(tempfile.mkdtemp(prefix="carewatch-bench-mail-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREWATCH_")}
    env |= {
        "CAREWATCH_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "carewatch.settings",
        "CAREWATCH_NEWSLETTER_RATE": "0",
        "CAREWATCH_LOG_LEVEL": "WARNING",
        "CAREWATCH_SITE_URL": "https://carewatch.example",
        "CAREWATCH_MAIL_FROM": "CareWatch <news@carewatch.example>",
    }
    env.pop("DATABASE_URL", None)
    if options.database_url:
        from dashboard import scratch_postgres

        env["DATABASE_URL"] = scratch_postgres(options.database_url)
    print(f"database: {env.get('DATABASE_URL', 'SQLite in ' + str(folder))}")
    try:
        carewatch(env, "migrate")
        began = time.monotonic()
        made = int(django_python(env, SETUP.format(n=n)))
        print(f"setup: {made:,} confirmed subscribers in {time.monotonic() - began:,.0f} s")
        raw = reference(folder, min(n, 20_000))
        rate, peak = send_run(env, folder, n)
        print(f"ratio: newsletter messages/s / raw smtplib messages/s = {rate / raw:.2f}")
        twice, missing, sent = kill_run(env, folder, n)
        verdicts = {
            f"messages/s >= {TARGET_RATE:.0f}": rate >= TARGET_RATE,
            f"worker peak memory <= {TARGET_MIB:.0f} MiB": peak <= TARGET_MIB,
            "killed and resumed: every message exactly once": twice == 0
            and missing == 0
            and sent == n,
        }
        for name, met in verdicts.items():
            print(f"  {'met' if met else 'NOT MET'}: {name}")
    finally:
        if options.database_url:
            from dashboard import drop_postgres

            drop_postgres(options.database_url)


if __name__ == "__main__":
    main()
