"""Inserting many rows of a model through the driver's bulk path (``executemany`` / ``COPY``).

Django's ``bulk_create`` spends most of an import's time compiling SQL and preparing values
field by field. Reports and incident records are insert-only (never updated or deleted), so
an import can write them directly: the caller builds one tuple per row with the values of the
fields it names (already in database form: JSON as text, dates as ISO text), every other
field takes its default, ``auto_now_add`` fields get the batch's time. The primary keys come
back in input order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


class BulkInserter:
    """Insert tuples of the fields ``given`` (attnames, in that order) as rows of ``model``."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        named = {f.attname: f for f in fields}
        unknown = set(given) - set(named)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.rest = [f for f in fields if f.attname not in given]
        self.table: str = model._meta.db_table
        self.columns = [str(named[name].column) for name in given] + [
            str(f.column) for f in self.rest
        ]
        self.pk_column = str(model._meta.pk.column)

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        if not rows:
            return []
        tail = self._tail()
        values = [row + tail for row in rows]
        if connection.vendor == "postgresql":
            return self._copy(values)
        return self._executemany(values)

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

    def _copy(self, values: list[tuple[Any, ...]]) -> list[int]:
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.table, self.pk_column, len(values)],
            )
            ids = [int(r[0]) for r in cursor.fetchall()]
            columns = ", ".join(
                connection.ops.quote_name(c) for c in [self.pk_column, *self.columns]
            )
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                write = copy.write_row
                for pk, row in zip(ids, values, strict=True):
                    write((pk, *row))
        return ids


#: SQLite's page cache during an import (KiB). The default 2 MiB is far smaller than the indexes a
#: million reports grow (the content digests are random, so every insert lands on another page).
SQLITE_CACHE_KIB = 256 * 1024


def prepare_connection() -> None:
    """Give SQLite a page cache the size of an import's indexes (a per-connection setting, safe
    inside a transaction; it only lets SQLite keep more pages in memory)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def _database_default(field: models.Field[Any, Any]) -> Any:
    default = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(default)
    return default


def _is_auto(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False))
