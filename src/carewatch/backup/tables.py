"""What a backup holds of the database, and each row in a portable form.

Every table of every app is backed up, in the portable form of JSON lines (one file per table: a
header naming its columns, then one JSON array per row, in primary-key order), so an archive made
on SQLite restores on PostgreSQL. Left out, and why:

- Django's content types and permissions: every instance makes its own when it is migrated
  (CareWatch grants by role, never by Django permission or group; a backup refuses an instance
  that has some, rather than lose them);
- sessions: a restored instance signs everyone in again;
- the job queue: finished jobs hold supporters' addresses (mail), running ones belong to workers
  of the old machine; the recurring jobs are queued again when a worker starts, and a newsletter
  being sent resumes from its own delivery rows.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from typing import Any

from django.apps import apps
from django.db import models

LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "sessions.session",
    "django_tasks_db.dbtaskresult",
}
#: Django's own grants: CareWatch never sets them; a backup refuses an instance that has some.
GRANTS = ("auth.group", "auth.group_permissions")
#: Tables the migrations fill: a restore replaces their rows with the archive's (emptied in this
#: order: a row before the rows it points at).
SEEDED_BY_MIGRATIONS = (
    "stats.namedperiod",
    "stats.statsversion",
    "supplies.item",
    "supplies.itemgroup",
)


def backed_up() -> list[type[models.Model]]:
    """The models whose rows a backup holds, in a fixed order (by label)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in LEFT_OUT
        and not model._meta.proxy
        and model._meta.managed
        and not _is_grant(model)
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _is_grant(model: type[models.Model]) -> bool:
    """The user ↔ group and user ↔ permission tables (Django's grants)."""
    if not model._meta.auto_created:
        return False
    targets = {f.related_model._meta.label_lower for f in model._meta.fields if f.related_model}
    return bool(targets & {"auth.permission", "auth.group"})


def grant_tables() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if _is_grant(m)] + [
        apps.get_model(label) for label in GRANTS
    ]


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def encode(value: Any) -> Any:
    """A JSON-ready form of one column's value (``json.dumps(default=encode)``)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def decode(field: models.Field[Any, Any], value: Any) -> Any:
    """The column's value back from its JSON form (a field reads its own portable text)."""
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)
