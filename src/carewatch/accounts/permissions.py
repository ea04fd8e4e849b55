"""What each role may do: one table, checked per function (``can``) and per object (selectors).

Functions are namespaced codes. Anonymous visitors have only the public ones.
"""

from __future__ import annotations

from typing import Any

from carewatch.accounts.choices import Role
from carewatch_core.sensitivity import Level

PUBLIC = frozenset({"public.view"})
STAFF = PUBLIC | {
    "incident.submit",
    "incident.view_own",
    "facility.view",
    "place.view",
    "account.self",
}
READ_INTERNAL = STAFF | {
    "incident.view_all",
    "record.view_internal",
    "person.view",
    "figure.view",
    "source.view",
    "report.view",
    "linkage.view",
    "history.view",
}
VERIFY = READ_INTERNAL | {
    "incident.review",
    "incident.edit",
    "facility.edit",
    "person.edit",
    "source.manage",
    "figure.record",
    "report.record",
    "facility.view_exact",
    "incident.view_exact",
    "person.view_restricted",
    "report.view_informant",
    "evidence.view_original",
    "import.run",
    "linkage.review",
}

ROLE_FUNCTIONS: dict[str, frozenset[str]] = {
    Role.FIELD_DOCUMENTER: frozenset(STAFF),
    Role.ANALYST: frozenset(READ_INTERNAL),
    Role.COMMUNICATIONS: frozenset(READ_INTERNAL | {"person.clear_memorial"}),
    Role.VERIFIER: frozenset(VERIFY),
    Role.ADMINISTRATOR: frozenset(VERIFY | {"person.clear_memorial", "account.manage"}),
}


def functions_of(user: Any) -> frozenset[str]:
    """The function codes ``user`` may use (public ones for anonymous or inactive users)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return PUBLIC
    if not _second_factor_given(user):
        return PUBLIC
    return ROLE_FUNCTIONS.get(user.role, PUBLIC)


def _second_factor_given(user: Any) -> bool:
    """A web session's user (django-otp sets ``is_verified``) counts only once the one-time code
    was given. Users loaded by services, commands or API tokens carry no such flag."""
    is_verified = getattr(user, "is_verified", None)
    return not callable(is_verified) or bool(is_verified())


def can(user: Any, function: str) -> bool:
    return function in functions_of(user)


def clearance_of(user: Any) -> Any:
    """The highest sensitivity class ``user`` may read (restricted reads are also audited)."""

    functions = functions_of(user)
    if "incident.view_exact" in functions:
        return Level.RESTRICTED
    if functions != PUBLIC:
        return Level.INTERNAL
    return Level.PUBLIC
