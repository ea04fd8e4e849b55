"""Restricted parts of reports as pages show them: informants are read on purpose, and logged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from carewatch.audit.services import log_action
from carewatch.sources.models import Report


def audit_informant_reads(user: Any, reports: Iterable[Report]) -> None:
    """One audit entry per page that showed informant or witness identities (S1: restricted reads)."""
    ids = sorted({r.pk for r in reports if r.informant_name or r.informant_contact})
    if ids:
        log_action(
            action="carewatch.report.informant_viewed",
            actor=user,
            object_type="sources.report",
            object_id=str(ids[0]),
            after={"reports": ids},
        )
