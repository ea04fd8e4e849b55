"""Backup and restore (S14): ``carewatch backup`` writes one archive of a running instance,
``backup verify`` checks it without restoring, ``restore`` reproduces every row, evidence file and
audit entry in an empty instance — SQLite to SQLite, SQLite to PostgreSQL and PostgreSQL to
PostgreSQL — and refuses a damaged or changed archive, or an instance that is not empty, before
writing anything. Each instance is a ``carewatch`` process on its own data folder."""

from __future__ import annotations

import gzip
import io
import json
import os
import secrets
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DemoTemplate, carewatch_command, instance_environment, needs

PG_URL = os.environ.get("CAREWATCH_CI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
EVIDENCE = b"\x89PNG backup canary 5b1d" * 40

#: Every backed-up table's row count, the evidence files' digests, and the audit chain's head.
STATE = """
import hashlib, json
from carewatch.backup.tables import backed_up
from carewatch.audit.models import AuditEntry
from carewatch.sources.models import Attachment
from carewatch.sources.storage import evidence_path
counts = {m._meta.label_lower: m._base_manager.count() for m in backed_up()}
files = sorted(hashlib.sha256(evidence_path(a.sha256).read_bytes()).hexdigest() for a in Attachment.objects.all())
head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
print(json.dumps({"counts": counts, "files": files, "head": head}))
"""
ADD_EVIDENCE = f"""
from carewatch.accounts.models import User
from carewatch.sources.models import Report
from carewatch.sources.services import attachment_add
report = Report.objects.order_by("pk").first()
attachment_add(user=User.objects.get(username="verifier"), report=report, filename="x.png",
    content_type="image/png", chunks=[{EVIDENCE!r}])
"""


def run(
    data: Path, *args: str, db: str = "", check: bool = True, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = instance_environment(data) | ({"DATABASE_URL": db} if db else {}) | extra
    done = subprocess.run(
        carewatch_command(*args), env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check:
        assert done.returncode == 0, f"carewatch {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def state(data: Path, db: str = "") -> dict[str, Any]:
    return json.loads(run(data, "shell", "-c", STATE, db=db).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate) -> Path:
    """A demo instance with an evidence file (the demo has none)."""
    data = demo_template.copy(tmp_path_factory, "backup-source")
    run(data, "shell", "-c", ADD_EVIDENCE)
    return data


#: The source's state when its archive was made (the backup then adds its own audit entry).
BACKED_UP: dict[str, Any] = {}


@pytest.fixture(scope="module")
def archive(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archives") / "carewatch.tar.gz"
    BACKED_UP.update(state(source))
    done = run(source, "backup", str(out))
    assert "Backed up" in done.stdout and "1 evidence files" in done.stdout
    return out


def test_an_archive_restores_every_row_file_and_audit_entry(
    source: Path, archive: Path, tmp_path: Path
) -> None:
    assert "The archive is whole" in run(source, "backup", "verify", str(archive)).stdout
    target = tmp_path / "restored"
    done = run(target, "restore", str(archive))
    assert "the audit chain verifies" in done.stdout
    before, after = BACKED_UP, state(target)
    assert after == before
    # The backup itself is in the source's audit log (and not in the archive it wrote).
    assert state(source)["counts"]["audit.auditentry"] == before["counts"]["audit.auditentry"] + 1
    assert before["counts"]["incidents.incident"] > 0 and before["counts"]["audit.auditentry"] > 0
    assert len(after["files"]) == 1
    assert run(target, "audit", "verify").returncode == 0


def rewritten(archive: Path, out: Path, change: Any) -> Path:
    """A copy of ``archive`` with each member's bytes passed through ``change(name, bytes)``."""
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(out, "w:gz") as copy:
        for member in tar:
            stream = tar.extractfile(member)
            data = change(member.name, stream.read() if stream else b"")
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return out


def test_a_changed_row_is_found_and_the_restore_writes_nothing(
    archive: Path, tmp_path: Path
) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name == "data/incidents.incident.jsonl":
            return data.replace(b"Idleb", b"Idlib", 1)
        return data

    tampered = rewritten(archive, tmp_path / "tampered.tar.gz", change)
    verdict = run(tmp_path / "any", "backup", "verify", str(tampered), check=False)
    assert verdict.returncode != 0
    assert "data/incidents.incident.jsonl: its content differs from the manifest" in verdict.stderr
    target = tmp_path / "target"
    refused = run(target, "restore", str(tampered), check=False)
    assert refused.returncode != 0 and "damaged or was changed" in refused.stderr
    assert not (target / "carewatch.sqlite3").exists()  # refused before anything was written


def test_an_audit_entry_changed_with_its_manifest_is_still_found(
    archive: Path, tmp_path: Path
) -> None:
    """Someone who edits an entry and recomputes the manifest's hash still breaks the chain."""
    import hashlib

    edited: dict[str, str] = {}

    def change(name: str, data: bytes) -> bytes:
        if name == "data/audit.auditentry.jsonl":
            lines = data.split(b"\n")
            lines[2] = lines[2].replace(b"carewatch.", b"carewatch.x", 1)
            data = b"\n".join(lines)
            edited["sha"] = hashlib.sha256(data).hexdigest()
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["tables"]["audit.auditentry"]["sha256"] = edited["sha"]
            data = json.dumps(manifest).encode()
        return data

    tampered = rewritten(archive, tmp_path / "tampered.tar.gz", change)
    verdict = run(tmp_path / "any", "backup", "verify", str(tampered), check=False)
    assert verdict.returncode != 0 and "does not follow from the one before" in verdict.stderr


def test_a_truncated_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    verdict = run(tmp_path / "any", "backup", "verify", str(cut), check=False)
    assert verdict.returncode != 0 and "cannot be read whole" in verdict.stderr
    not_a_backup = tmp_path / "other.tar.gz"
    with gzip.open(not_a_backup, "wb") as out:
        out.write(b"hello")
    assert run(tmp_path / "any", "backup", "verify", str(not_a_backup), check=False).returncode != 0


def test_a_restore_into_an_instance_that_holds_data_is_refused(source: Path, archive: Path) -> None:
    before = state(source)
    refused = run(source, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "This instance is not empty" in refused.stderr
    assert state(source) == before


@pytest.fixture
def databases() -> Iterator[Any]:
    """New, empty PostgreSQL databases on the CI server, dropped afterwards."""
    try:
        import psycopg

        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except Exception as exc:  # no server here
        needs(PG_URL, f"PostgreSQL ({exc.__class__.__name__})")
        raise
    made: list[str] = []

    def new() -> str:
        name = f"carewatch_backup_{secrets.token_hex(4)}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return PG_URL.rsplit("/", 1)[0] + "/" + name

    yield new
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_sqlite_to_postgresql_and_postgresql_to_postgresql(
    source: Path, archive: Path, tmp_path: Path, databases: Any
) -> None:
    """The path a growing organisation takes, then a backup of the PostgreSQL instance itself."""
    first, second = databases(), databases()
    pg_data = tmp_path / "pg-instance"
    run(pg_data, "restore", str(archive), db=first)
    expected = BACKED_UP
    assert state(pg_data, db=first) == expected
    again = tmp_path / "from-postgresql.tar.gz"
    run(pg_data, "backup", str(again), db=first)
    assert "The archive is whole" in run(pg_data, "backup", "verify", str(again), db=first).stdout
    copy = tmp_path / "pg-copy"
    run(copy, "restore", str(again), db=second)
    # The PostgreSQL instance's own backup added its audit entry before the second archive.
    again_expected = state(pg_data, db=first)
    assert state(copy, db=second)["counts"] == {
        **again_expected["counts"],
        "audit.auditentry": again_expected["counts"]["audit.auditentry"] - 1,
    }
    assert run(copy, "audit", "verify", db=second).returncode == 0


SCHEDULED = """
from pathlib import Path
from carewatch.backup.jobs import backup_now
folder = Path({folder!r})
for _ in range(3):
    backup_now(folder, keep=2)
print(sorted(p.name for p in folder.iterdir()))
"""


def test_the_daily_backup_keeps_the_newest_verified_archives(source: Path, tmp_path: Path) -> None:

    folder = tmp_path / "backups"
    script = SCHEDULED.format(folder=str(folder))
    # One archive a second at most is named apart; the job runs once a day.
    script = script.replace(
        "backup_now(folder, keep=2)", "backup_now(folder, keep=2); time.sleep(1.1)"
    )
    names = run(source, "shell", "-c", "import time\n" + script).stdout
    kept = sorted(folder.glob("carewatch-*.tar.gz"))
    assert len(kept) == 2, names
    for archive in kept:
        assert run(source, "backup", "verify", str(archive)).returncode == 0
    assert not list(folder.glob("*.partial"))
    count = run(
        source,
        "shell",
        "-c",
        "from carewatch.audit.models import AuditEntry;"
        "print(AuditEntry.objects.filter(action='carewatch.backup.written').count())",
    ).stdout.split()[-1]
    assert int(count) >= 3


BIG_EVIDENCE = """
import os
from carewatch.accounts.models import User
from carewatch.sources.models import Report
from carewatch.sources.services import attachment_add
report = Report.objects.order_by("pk").first()
attachment_add(user=User.objects.get(username="verifier"), report=report, filename="big.pdf",
    content_type="application/pdf", chunks=[b"%PDF-1.4 " + os.urandom(1 << 20) for _ in range(150)])
"""


def test_a_backup_killed_half_way_leaves_no_archive_and_the_next_one_is_whole(
    tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate, tmp_path: Path
) -> None:
    """SIGKILL while the archive is being written (150 MB of evidence to compress make it last):
    no OUT, only OUT.partial and the killed run's working folder; the next run removes the
    folder, writes over the partial file and gives an archive that verifies."""
    import signal
    import time

    data = demo_template.copy(tmp_path_factory, "backup-killed")
    run(data, "shell", "-c", BIG_EVIDENCE, CAREWATCH_MAX_ATTACHMENT_BYTES=str(200 << 20))
    out = tmp_path / "archive.tar.gz"
    partial = tmp_path / "archive.tar.gz.partial"
    process = subprocess.Popen(
        carewatch_command("backup", str(out)),
        env=instance_environment(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
        partial.exists() and partial.stat().st_size > 1 << 20
    ):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert partial.exists() and not out.exists()
    assert list(tmp_path.glob("carewatch-backup-*"))  # the killed run's working folder
    done = run(data, "backup", str(out))
    assert "1 evidence files" in done.stdout and out.exists() and not partial.exists()
    assert not list(tmp_path.glob("carewatch-backup-*"))
    assert run(data, "backup", "verify", str(out)).returncode == 0
