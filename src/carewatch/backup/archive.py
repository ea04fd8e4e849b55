"""``carewatch backup``: one archive of the database's content (portable JSON lines, read from one
consistent snapshot while the server runs), the evidence files, and a manifest of SHA-256 hashes,
row counts and the audit chain's last hash. Written to a temporary name, then renamed: an archive
that exists is whole."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from carewatch.backup.tables import backed_up, columns, encode, grant_tables
from carewatch.lib.jobs import pid_alive
from carewatch.sources.storage import evidence_path

FORMAT, VERSION = "carewatch-backup", 1
MANIFEST = "manifest.json"
SNAPSHOT_ALIAS = "carewatch_backup_snapshot"
CHUNK = 5000
#: gzip level: 3 keeps most of the size gain at a fraction of the time of the default 9.
LEVEL = 3


class BackupRefused(RuntimeError):
    """The instance cannot be backed up as it is (the message says why)."""


@dataclass
class Written:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    size: int = 0


@contextmanager
def snapshot() -> Iterator[str]:
    """The database alias to read one consistent state from, while others go on writing: on
    PostgreSQL a repeatable-read, read-only transaction; on SQLite a copy made with SQLite's online
    backup (readers and writers are not held up while it is read)."""
    default = connections["default"]
    if default.vendor != "sqlite":
        with transaction.atomic():
            with default.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield "default"
        return
    with tempfile.TemporaryDirectory(prefix="carewatch-snapshot-") as folder:
        copy = Path(folder) / "snapshot.sqlite3"
        source = sqlite3.connect(str(default.settings_dict["NAME"]))
        target = sqlite3.connect(str(copy))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        connections.databases[SNAPSHOT_ALIAS] = {**default.settings_dict, "NAME": str(copy)}
        try:
            yield SNAPSHOT_ALIAS
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            del connections.databases[SNAPSHOT_ALIAS]


def _refuse_grants(alias: str) -> None:
    used = [m._meta.label_lower for m in grant_tables() if m._base_manager.using(alias).exists()]
    if used:
        raise BackupRefused(
            f"Django groups or per-user permissions are set ({', '.join(used)}); CareWatch grants "
            "by role only and does not back them up: remove them first."
        )


class _Hashing(io.RawIOBase):
    """A file that hashes and counts what is written to it."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sha.update(data)
        self.size += len(data)
        return int(self.raw.write(data))


def _dump_table(model: type[models.Model], alias: str, folder: Path) -> tuple[Path, int, str]:
    """The table as JSON lines in a file of ``folder``: (path, rows, sha256)."""
    fields = columns(model)
    path = folder / f"{model._meta.label_lower}.jsonl"
    rows = 0
    with path.open("wb") as raw:
        out = _Hashing(raw)
        header = {"model": model._meta.label_lower, "columns": [f.attname for f in fields]}
        out.write(json.dumps(header).encode() + b"\n")
        query = (
            model._base_manager.using(alias)
            .order_by("pk")
            .values_list(*[f.attname for f in fields])
        )
        lines: list[bytes] = []
        for row in query.iterator(chunk_size=CHUNK):
            lines.append(json.dumps(row, default=encode, ensure_ascii=False).encode() + b"\n")
            rows += 1
            if len(lines) >= CHUNK:
                out.write(b"".join(lines))
                lines = []
        out.write(b"".join(lines))
    return path, rows, out.sha.hexdigest()


def _migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    recorder = MigrationRecorder(connections[alias])
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _evidence(alias: str) -> list[str]:
    from django.apps import apps

    attachment = apps.get_model("sources", "Attachment")
    digests: set[str] = set()
    for sha, shared in attachment._base_manager.using(alias).values_list("sha256", "shared_sha256"):
        digests.update(d for d in (sha, shared) if d)
    return sorted(digests)


def _audit(alias: str) -> dict[str, Any]:
    from django.apps import apps

    entries = apps.get_model("audit", "AuditEntry")._base_manager.using(alias)
    last = entries.order_by("-id").values_list("entry_hash", flat=True).first()
    return {"entries": entries.count(), "last_hash": last or ""}


WORK_PREFIX = "carewatch-backup-"


def clear_leftovers(folder: Path) -> list[Path]:
    """The working folders of backups whose process was killed (they hold table files as
    sensitive as the database): removed when the next backup starts in ``folder``."""
    removed = []
    for work in folder.glob(f"{WORK_PREFIX}*"):
        pid = work.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if work.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(work, ignore_errors=True)
            removed.append(work)
    return removed


def write_backup(out: Path, *, say: Callable[[str], None] = lambda _m: None) -> Written:
    """Write the archive ``out`` (a ``.tar.gz``) from one snapshot of the database. A backup
    killed half-way leaves ``OUT.partial`` (never ``OUT``); the next one writes over it."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(out.parent)
    partial = out.with_name(out.name + ".partial")
    written = Written(out)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "tables": {},
        "files": {},
    }
    prefix = f"{WORK_PREFIX}{os.getpid()}-"
    with tempfile.TemporaryDirectory(prefix=prefix, dir=out.parent) as work:
        folder = Path(work)
        with snapshot() as alias, tarfile.open(partial, "w:gz", compresslevel=LEVEL) as tar:
            _refuse_grants(alias)
            manifest["database"] = connections[alias].vendor
            manifest["migrations"] = _migrations(alias)
            manifest["audit"] = _audit(alias)
            for model in backed_up():
                path, rows, sha = _dump_table(model, alias, folder)
                member = f"data/{path.name}"
                tar.add(path, arcname=member)
                path.unlink()
                manifest["tables"][model._meta.label_lower] = {
                    "member": member,
                    "rows": rows,
                    "sha256": sha,
                }
                written.tables += 1
                written.rows += rows
                say(f"{model._meta.label_lower}: {rows}")
            for sha in _evidence(alias):
                source = evidence_path(sha)
                if not source.is_file():
                    written.missing_files.append(sha)
                    continue
                member = f"files/evidence/{sha}"
                tar.add(source, arcname=member)
                manifest["files"][member] = sha
                written.files += 1
            manifest["missing_files"] = written.missing_files
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    with partial.open("rb") as done:
        os.fsync(done.fileno())
    partial.replace(out)
    written.size = out.stat().st_size
    return written
