"""Writes of saved mappings (column → field, value → vocabulary code), audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from carewatch.audit.services import log_action, snapshot
from carewatch.imports.models import SavedMapping
from carewatch.imports.vocab import valid_code, vocabulary_of
from carewatch.lib.common import save_versioned
from carewatch_core.imports.profiles import PROFILES

Columns = Mapping[str, str]
Values = Mapping[str, Mapping[str, str]]


class MappingInvalid(ValueError):
    """A field the profile does not have, or a code outside the field's vocabulary."""


def check_mapping(profile: str, columns: Columns, values: Values) -> None:
    if profile not in PROFILES:
        raise MappingInvalid(f"unknown profile {profile!r}")
    fields = PROFILES[profile].columns
    for name in columns:
        if name not in fields:
            raise MappingInvalid(f"{profile} has no field {name!r}")
    for name, pairs in values.items():
        vocabulary = vocabulary_of(profile, name)
        if vocabulary is None:
            raise MappingInvalid(f"{profile}.{name} takes no value mapping")
        bad = [code for code in pairs.values() if not valid_code(vocabulary, code)]
        if bad:
            raise MappingInvalid(f"{profile}.{name}: not {vocabulary} codes: {bad[:5]}")


@transaction.atomic
def mapping_create(
    *, user: Any, name: str, profile: str, columns: Columns, values: Values
) -> SavedMapping:
    """Save a user's mapping on top of ``profile``."""
    check_mapping(profile, columns, values)
    mapping = SavedMapping.objects.create(
        name=name,
        profile=profile,
        columns=dict(columns),
        values={k: dict(v) for k, v in values.items() if v},
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log_action(
        action="carewatch.import_mapping.created", actor=user, obj=mapping, after=snapshot(mapping)
    )
    return mapping


@transaction.atomic
def mapping_update(
    *, mapping: SavedMapping, user: Any, expected_version: int, columns: Columns, values: Values
) -> SavedMapping:
    """Replace the pairs of ``mapping`` (optimistic locking: ``ConflictError`` if changed meanwhile)."""
    check_mapping(mapping.profile, columns, values)
    before = snapshot(mapping)
    mapping.columns = dict(columns)
    mapping.values = {k: dict(v) for k, v in values.items() if v}
    save_versioned(mapping, expected_version=expected_version, fields=["columns", "values"])
    log_action(
        action="carewatch.import_mapping.changed",
        actor=user,
        obj=mapping,
        before=before,
        after=snapshot(mapping),
    )
    return mapping
