"""Writes for facilities, their aliases and their status timeline."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from carewatch.audit.services import log_action, snapshot
from carewatch.facilities.models import Facility, FacilityAlias, FacilityStatusEntry
from carewatch.lib.common import save_versioned
from carewatch_core.names import search_key

FACILITY_FIELDS = (
    "name_ar",
    "name_latin",
    "facility_type",
    "subtype",
    "operator",
    "supporting_organisations",
    "beds",
    "services",
    "place",
    "exact_lat",
    "exact_lon",
)


def _refresh_search_key(facility: Facility) -> None:
    aliases = list(facility.aliases.values_list("name", flat=True))
    facility.search_key = search_key(" ".join([facility.name_ar, facility.name_latin, *aliases]))[
        :600
    ]
    Facility.objects.filter(pk=facility.pk).update(search_key=facility.search_key)


@transaction.atomic
def facility_create(
    *, user: Any, aliases: Sequence[tuple[str, str]] | None = None, **values: Any
) -> Facility:
    """Register a facility; ``aliases`` are (name, kind) pairs such as ("M2", "code_name")."""
    facility = Facility.objects.create(
        created_by=user if getattr(user, "is_authenticated", False) else None, **values
    )
    for name, kind in aliases or []:
        FacilityAlias.objects.create(facility=facility, name=name, kind=kind)
    _refresh_search_key(facility)
    after = snapshot(facility) | {"aliases": [a for a, _ in aliases or []]}
    log_action(action="carewatch.facility.created", actor=user, obj=facility, after=after)
    return facility


@transaction.atomic
def facility_update(
    *, facility: Facility, user: Any, expected_version: int, reason: str = "", **values: Any
) -> Facility:
    before = snapshot(facility)
    for name, value in values.items():
        if name not in FACILITY_FIELDS:
            raise TypeError(f"unknown facility field {name}")
        setattr(facility, name, value)
    save_versioned(facility, expected_version=expected_version, fields=list(FACILITY_FIELDS))
    _refresh_search_key(facility)
    log_action(
        action="carewatch.facility.changed",
        actor=user,
        obj=facility,
        before=before,
        after=snapshot(facility),
        reason=reason,
    )
    return facility


@transaction.atomic
def facility_alias_add(*, facility: Facility, user: Any, name: str, kind: str) -> FacilityAlias:
    alias, _ = FacilityAlias.objects.get_or_create(
        facility=facility, name=name.strip(), defaults={"kind": kind}
    )
    _refresh_search_key(facility)
    log_action(
        action="carewatch.facility.alias_added",
        actor=user,
        obj=facility,
        after={"alias": alias.name, "kind": alias.kind},
    )
    return alias


@transaction.atomic
def facility_status_add(
    *,
    facility: Facility,
    user: Any,
    status: str,
    date: datetime.date,
    cause: str = "",
    report: Any = None,
    note: str = "",
) -> FacilityStatusEntry:
    """Add a dated status (functional, partially, non-functional with its cause) to the timeline."""
    entry = FacilityStatusEntry.objects.create(
        facility=facility,
        status=status,
        date=date,
        cause=cause,
        report=report,
        note=note,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log_action(
        action="carewatch.facility.status_recorded",
        actor=user,
        obj=facility,
        after=snapshot(entry, "facility_status"),
    )
    return entry
