"""Inserting many rows of a model through the driver's bulk path (``executemany`` / ``COPY``).

Django's ``bulk_create`` spends most of an import's time compiling SQL and preparing values
field by field. Reports and incident records are insert-only (never updated or deleted), so
an import can write them directly: the columns come from the model, every value the caller
does not give takes the field's default, ``auto_now_add`` fields get the batch's time, JSON is
serialised as ``JSONField`` does. The primary keys come back in input order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


class RawJSON(str):
    """JSON text already serialised (e.g. embedding a row's canonical JSON without encoding it twice)."""


class BulkInserter:
    """Insert dicts (attname → value) as rows of ``model``; returns their new primary keys."""

    def __init__(self, model: type[models.Model]) -> None:
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.pk_column = model._meta.pk.column  # type: ignore[union-attr]
        self.defaults = {f.attname: None if _is_auto(f) else f.get_default() for f in self.fields}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.stamped = [f.attname for f in self.fields if _is_auto(f)]
        self.dates = {f.attname for f in self.fields if type(f) is models.DateField}

    def insert(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        values = [self._values(row, now) for row in rows]
        if connection.vendor == "postgresql":
            return self._copy(values)
        return self._executemany(values)

    def _values(self, row: dict[str, Any], now: Any) -> list[Any]:
        out = [row.get(name, default) for name, default in self.defaults.items()]
        for index, name in enumerate(self.defaults):
            value = out[index]
            if name in self.stamped:
                out[index] = now
            elif name in self.json:
                out[index] = value if type(value) is RawJSON else json.dumps(value)
            elif name in self.dates and value is not None:
                out[index] = connection.ops.adapt_datefield_value(value)
        return out

    def _executemany(self, values: list[list[Any]]) -> list[int]:
        # SQLite allows one writer at a time, so inside the import's transaction the rows of one
        # executemany get consecutive ids ending at last_insert_rowid().
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) VALUES ({marks})", values)  # noqa: S608  # nosec B608  # names come from the model
            cursor.execute("SELECT last_insert_rowid()")
            last = int(cursor.fetchone()[0])
        return list(range(last - len(values) + 1, last + 1))

    def _copy(self, values: list[list[Any]]) -> list[int]:
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.table, self.pk_column, len(values)],
            )
            ids = [int(r[0]) for r in cursor.fetchall()]
            columns = ", ".join(connection.ops.quote_name(c) for c in [self.pk_column, *self.columns])
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for pk, row in zip(ids, values, strict=True):
                    copy.write_row([pk, *row])
        return ids


def _is_auto(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False))
