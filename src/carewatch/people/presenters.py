"""How a person is shown: names only to those cleared to read them (restricted reads are audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from carewatch.accounts.permissions import clearance_of
from carewatch.audit.services import log_action
from carewatch.people.models import Person
from carewatch_core.sensitivity import Level


def display_name(user: Any, person: Person) -> str:
    """The name if cleared for publication or the reader holds restricted clearance; else a placeholder."""
    if person.is_cleared or clearance_of(user) >= Level.RESTRICTED:
        return person.name
    return _("Name withheld (person #%(id)s)") % {"id": person.pk}


def audit_name_reads(user: Any, people: Iterable[Person], where: str) -> None:
    """One audit entry per page that showed uncleared names to a restricted-clearance reader."""
    if clearance_of(user) < Level.RESTRICTED:
        return
    ids = sorted({p.pk for p in people if not p.is_cleared})
    if ids:
        log_action(
            action="carewatch.person.restricted_names_viewed",
            actor=user,
            object_type="people.person",
            object_id=where[:40],
            after={"ids": ids[:500]},
        )
