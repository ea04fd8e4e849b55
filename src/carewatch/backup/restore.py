"""``carewatch restore``: an archive into an empty instance — checked whole first (a tampered or
damaged archive is refused before anything is written), the database migrated, every table loaded
in one transaction (nothing is kept if any row fails), the evidence files put back and checked
against their hashes, and the audit chain verified."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from carewatch.audit.services import verify_chain
from carewatch.backup.tables import SEEDED_BY_MIGRATIONS, backed_up, columns, decode
from carewatch.backup.verify import verify_archive
from carewatch.sources.storage import evidence_path
from carewatch.stats.cache import Change, bump_version

BATCH = 2000


class RestoreRefused(RuntimeError):
    """The archive or the instance does not allow a restore (the message says why)."""


@dataclass
class Restored:
    tables: int
    rows: int
    files: int


def _check_migrations(manifest: dict[str, Any]) -> None:
    applied = {(app, name) for app, name in MigrationRecorder(connection).applied_migrations()}
    archived = {
        (app, name) for app, names in manifest.get("migrations", {}).items() for name in names
    }
    newer = sorted(archived - applied)
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise RestoreRefused(
            f"The archive was made by a newer CareWatch ({names}…): update CareWatch, then restore."
        )


def _check_empty() -> None:
    for model in backed_up():
        label = model._meta.label_lower
        if label in SEEDED_BY_MIGRATIONS:
            continue
        if model._base_manager.exists():
            raise RestoreRefused(
                f"This instance is not empty ({label} has rows): restore into a new, empty "
                "instance (a new database and data folder)."
            )


def _load_table(model: type[models.Model], stream: Any) -> int:
    """The table's rows, inserted as archived (ids and dates kept), in batches of ``BATCH``. Each
    value goes through its field's own conversion for this database (``get_db_prep_save``), and
    rows are inserted with the driver's ``executemany`` (PostgreSQL: ``COPY``): no model object
    is built per row."""
    fields = {f.attname: f for f in columns(model)}
    lines = (line for line in stream if line.strip())
    header = json.loads(next(lines))
    names = header["columns"]
    if set(names) != set(fields):
        raise RestoreRefused(
            f"{model._meta.label_lower}: the archive's columns are not this version's "
            f"({', '.join(sorted(set(names) ^ set(fields)))})"
        )
    ordered = [fields[name] for name in names]
    if connection.vendor == "postgresql":
        return _copy_table(model, ordered, lines)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608: names from the models
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in ordered),
        ", ".join(["%s"] * len(ordered)),
    )
    batch: list[list[Any]] = []
    count = 0
    with connection.cursor() as cursor:
        for line in lines:
            batch.append(_prepared(ordered, line))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return count + len(batch)


def _copy_table(
    model: type[models.Model], ordered: list[models.Field[Any, Any]], lines: Iterator[str]
) -> int:
    """PostgreSQL: the rows through one ``COPY`` (the driver formats each prepared value),
    several times faster than inserting them row by row."""
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(str(f.column)) for f in ordered)
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for line in lines:
            write(_prepared(ordered, line))
            count += 1
    return count


def _prepared(ordered: list[models.Field[Any, Any]], line: str) -> list[Any]:
    """One archived row, each value converted by its field for this database."""
    values = json.loads(line)
    return [
        f.get_db_prep_save(decode(f, v), connection) for f, v in zip(ordered, values, strict=True)
    ]


def _load(path: Path, manifest: dict[str, Any], say: Callable[[str], None]) -> tuple[int, int]:
    by_member = {t["member"]: label for label, t in manifest["tables"].items()}
    rows = tables = 0
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            label = by_member.get(member.name)
            if label is None:
                continue
            model = apps.get_model(label)
            stream = tar.extractfile(member)
            if stream is None:
                continue
            count = _load_table(model, stream)
            say(f"{label}: {count}")
            rows, tables = rows + count, tables + 1
    return tables, rows


def _files(path: Path) -> int:
    """Put back the evidence files (content-addressed: the name is checked against the bytes)."""
    import hashlib

    count = 0
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.name.startswith("files/evidence/") or not member.isfile():
                continue
            sha = member.name.rsplit("/", 1)[-1]
            stream = tar.extractfile(member)
            data = stream.read() if stream else b""
            if hashlib.sha256(data).hexdigest() != sha:
                raise RestoreRefused(f"{member.name}: the file's content is not the one backed up")
            target = evidence_path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            count += 1
    return count


def restore_archive(path: Path, *, say: Callable[[str], None] = lambda _m: None) -> Restored:
    """Restore ``path`` into this (empty) instance."""
    checked = verify_archive(path)
    if not checked.ok:
        raise RestoreRefused(
            "The archive is damaged or was changed: " + "; ".join(checked.problems[:5])
        )
    call_command("migrate", interactive=False, verbosity=0)
    _check_migrations(checked.manifest)
    _check_empty()
    model_list = backed_up()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for label in SEEDED_BY_MIGRATIONS:
            apps.get_model(label)._base_manager.all().delete()
        tables, rows = _load(path, checked.manifest, say)
        if connection.vendor == "sqlite":
            connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
                cursor.execute(sql)
    files = _files(path)
    broken = verify_chain()
    if broken is not None:
        raise RestoreRefused(f"The restored audit log is broken at entry {broken.pk}.")
    bump_version(change=Change.ANY)
    return Restored(tables, rows, files)
