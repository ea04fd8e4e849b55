"""Reading import runs, their row errors and saved mappings through the access rules."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.choices import Role
from carewatch.accounts.permissions import can
from carewatch.imports.models import ImportRowError, ImportRun, SavedMapping


def runs_for(user: Any) -> QuerySet[ImportRun]:
    qs = ImportRun.objects.select_related("user", "source", "mapping")
    return qs if can(user, "import.run") else qs.none()


def run_errors(run: ImportRun) -> QuerySet[ImportRowError]:
    return ImportRowError.objects.filter(run=run).order_by("row", "id")


def mappings_for(user: Any, profile: str | None = None) -> QuerySet[SavedMapping]:
    qs = SavedMapping.objects.select_related("created_by")
    if profile:
        qs = qs.filter(profile=profile)
    return qs if can(user, "import.run") else qs.none()


def may_edit_mapping(user: Any, mapping: SavedMapping) -> bool:
    """Everyone who imports may use any mapping; its author and administrators may change it."""
    if not can(user, "import.run"):
        return False
    return mapping.created_by_id == user.pk or getattr(user, "role", "") == Role.ADMINISTRATOR
