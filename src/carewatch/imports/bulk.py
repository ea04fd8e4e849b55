"""Inserting many rows of a model through the driver's bulk path (``executemany`` / ``COPY``).

Django's ``bulk_create`` spends most of an import's time compiling SQL and preparing values
field by field. Reports and incident records are insert-only (never updated or deleted), so
an import can write them directly: the caller builds one tuple per row with the values of the
fields it names (already in database form: JSON as text, dates as ISO text), every other
field takes its default, ``auto_now_add`` fields get the batch's time. The primary keys come
back in input order.

On PostgreSQL an import may hand its ``COPY`` statements to a ``Behind``: the rows are formatted
at once (the ids are taken from the sequence first), and a thread sends them while the import
maps its next batch, so the database stores one batch while Python maps the next
(docs/imports.md, "Performance"). The caller waits for it (``Behind.wait``) before anything else
uses the connection.

PostgreSQL checks a foreign key row by row: for each row, a query that finds the row it refers
to and locks it (``FOR KEY SHARE``), a third of the database's work in a large import. When the
connection's role may set ``session_replication_role`` (``checks_by_batch``), the inserter does
the same once for each distinct value instead: it locks the rows the batch refers to, fails if
one is missing, and sends the batch with the per-row checks off (``replica``) for that ``COPY``
only. Columns filled with rows of the same import (``ours``: a record's report) are not looked
up: those rows were written by the same transaction, which nobody else sees until it commits.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, models
from django.utils import timezone
from psycopg.copy import Copy, FileWriter


class BulkInserter:
    """Insert tuples of the fields ``given`` (attnames, in that order) as rows of ``model``;
    ``ours``: foreign keys that refer to rows inserted earlier in the same transaction."""

    def __init__(
        self, model: type[models.Model], given: Sequence[str], *, ours: Sequence[str] = ()
    ) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        named = {f.attname: f for f in fields}
        unknown = (set(given) | set(ours)) - set(named)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        #: (position in a row, the table it refers to, that table's key column) of each foreign key given.
        self.references = [
            (index, _related_table(named[name]), str(named[name].target_field.column))  # type: ignore[attr-defined]
            for index, name in enumerate(given)
            if named[name].is_relation and name not in ours
        ]
        #: Rows already locked for this transaction, by table (``_hold``).
        self._held: dict[str, set[Any]] = {}
        #: ``checks_by_batch()``, asked at the first ``COPY`` (an inserter serves one import).
        self._by_batch: bool | None = None
        #: The primary key's sequence (PostgreSQL), looked up at the first ``COPY``.
        self._sequence: str | None = None
        self.rest = [f for f in fields if f.attname not in given]
        self.table: str = model._meta.db_table
        self.columns = [str(named[name].column) for name in given] + [
            str(f.column) for f in self.rest
        ]
        self.pk_column = str(model._meta.pk.column)

    def insert(self, rows: Sequence[tuple[Any, ...]], behind: Behind | None = None) -> list[int]:
        """Insert ``rows``; their ids in order. ``behind``: on PostgreSQL, send them from its
        thread once ``behind.start()`` is called (elsewhere they are written at once)."""
        if not rows:
            return []
        tail = self._tail()
        if connection.vendor == "postgresql":
            return self._copy(rows, tail, behind)
        return self._executemany([row + tail for row in rows])

    def _tail(self) -> tuple[Any, ...]:
        """The values of the fields the caller does not give: defaults, and the time for ``auto_now_add``."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        return tuple(now if _is_auto(f) else _database_default(f) for f in self.rest)

    def _executemany(self, values: list[tuple[Any, ...]]) -> list[int]:
        # SQLite allows one writer at a time, so inside the import's transaction the rows of one
        # executemany get consecutive ids ending at last_insert_rowid().
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["?"] * len(self.columns))
        sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608  # names come from the model
        connection.ensure_connection()
        raw = connection.connection  # the sqlite3 connection, inside Django's transaction
        raw.executemany(sql, values)
        last = int(raw.execute("SELECT last_insert_rowid()").fetchone()[0])
        return list(range(last - len(values) + 1, last + 1))

    def _copy(
        self, values: Sequence[tuple[Any, ...]], tail: tuple[Any, ...], behind: Behind | None
    ) -> list[int]:
        if behind is not None:
            behind.wait()  # the connection is free again
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if self._sequence is None:  # looked up once: per row, the lookup cost more than nextval
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [self.table, self.pk_column]
                )
                self._sequence = str(cursor.fetchone()[0])
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [self._sequence, len(values)],
            )
            ids = [int(r[0]) for r in cursor.fetchall()]
            if self._by_batch is None:
                self._by_batch = checks_by_batch()
            unchecked = self._by_batch
            if unchecked:
                self._hold(cursor, values)
            columns = ", ".join(
                connection.ops.quote_name(c) for c in [self.pk_column, *self.columns]
            )
            statement = f"COPY {table} ({columns}) FROM STDIN"
            if behind is None:
                with _checks_off(cursor.cursor, unchecked), cursor.cursor.copy(statement) as copy:
                    _write_rows(copy, ids, values, tail)
                return ids
        # Formatted here, with the connection's adapters, into bytes that the thread sends.
        buffer = io.BytesIO()
        with connection.connection.cursor() as raw, Copy(raw, writer=FileWriter(buffer)) as copy:
            _write_rows(copy, ids, values, tail)
        behind.add(statement, buffer.getvalue(), unchecked=unchecked)
        return ids

    def _hold(self, cursor: Any, values: Sequence[tuple[Any, ...]]) -> None:
        """Lock the rows ``values`` refer to (``FOR KEY SHARE``, as PostgreSQL's own check of each
        row does, until the commit) once each; raise ``IntegrityError`` if one does not exist."""
        for index, table, key in self.references:
            held = self._held.setdefault(table, set())
            wanted = {row[index] for row in values} - held
            wanted.discard(None)
            if not wanted:
                continue
            cursor.execute(
                f"SELECT {connection.ops.quote_name(key)} FROM {connection.ops.quote_name(table)} "  # noqa: S608  # nosec B608  # names come from the model
                f"WHERE {connection.ops.quote_name(key)} = ANY(%s) FOR KEY SHARE",
                [sorted(wanted)],
            )
            found = {r[0] for r in cursor.fetchall()}
            if missing := wanted - found:
                raise IntegrityError(
                    f"{self.table} rows refer to {table} rows that do not exist: "
                    f"{sorted(missing)[:10]}"
                )
            held |= found


def _write_rows(
    copy: Copy, ids: list[int], values: Sequence[tuple[Any, ...]], tail: tuple[Any, ...]
) -> None:
    write = copy.write_row
    for pk, row in zip(ids, values, strict=True):
        write((pk, *row, *tail))


class Behind:
    """``COPY`` statements sent in order from a thread while the caller goes on (PostgreSQL).

    The thread uses the caller's connection (inside its transaction), which nothing else may use
    until ``wait`` has returned: ``wait`` before any query, and before the transaction ends,
    also when it ends in an exception (``wait(quiet=True)``).
    """

    def __init__(self) -> None:
        self._jobs: list[tuple[str, bytes, bool]] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def add(self, statement: str, data: bytes, *, unchecked: bool = False) -> None:
        """Queue a ``COPY``; ``unchecked``: its foreign keys were checked for the batch (``_hold``)."""
        self._jobs.append((statement, data, unchecked))

    def start(self) -> None:
        """Send what was added, from a thread."""
        if not self._jobs:
            return
        self.wait()
        jobs, self._jobs = self._jobs, []
        raw = connection.connection
        self._thread = threading.Thread(
            target=self._send, args=(raw, jobs), name="carewatch-copy", daemon=True
        )
        self._thread.start()

    def _send(self, raw: Any, jobs: list[tuple[str, bytes, bool]]) -> None:
        try:
            with raw.cursor() as cursor:
                for statement, data, unchecked in jobs:
                    with _checks_off(cursor, unchecked), cursor.copy(statement) as copy:
                        copy.write(data)
        except BaseException as exc:  # handed to the caller by wait()
            self._error = exc

    def wait(self, *, quiet: bool = False) -> None:
        """Wait for the thread; raise what it raised (``quiet``: the caller is already failing)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if quiet:
            self._jobs = []  # nothing more is sent
        error, self._error = self._error, None
        if error is not None and not quiet:
            raise error


@contextmanager
def _checks_off(cursor: Any, off: bool) -> Iterator[None]:
    """PostgreSQL's row-by-row foreign-key checks off for what runs inside (when ``off``): the
    triggers that make them do not fire while ``session_replication_role`` is ``replica``. Set
    for the transaction and put back after; if the statement fails, so does the transaction,
    which undoes the setting with everything else."""
    if not off:
        yield
        return
    cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def checks_by_batch() -> bool:
    """May this connection check an import's foreign keys batch by batch (``BulkInserter._hold``)?
    On PostgreSQL when its role may set ``session_replication_role``: a superuser, or from
    PostgreSQL 15 a role granted ``SET`` on it (docs/deploy.md). One query, asked by each
    inserter at its first ``COPY``."""
    if connection.vendor != "postgresql":
        return False
    with connection.connection.cursor() as cursor:
        if connection.pg_version >= 150000:  # type: ignore[attr-defined]
            cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


#: SQLite's page cache during an import (KiB). The default 2 MiB is far smaller than the indexes a
#: million reports grow (the content digests are random, so every insert lands on another page).
SQLITE_CACHE_KIB = 256 * 1024


def prepare_connection() -> None:
    """Give SQLite a page cache the size of an import's indexes (a per-connection setting, safe
    inside a transaction; it only lets SQLite keep more pages in memory)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def _related_table(field: Any) -> str:
    return str(field.related_model._meta.db_table)


def _database_default(field: models.Field[Any, Any]) -> Any:
    default = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(default)
    return default


def _is_auto(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False))
