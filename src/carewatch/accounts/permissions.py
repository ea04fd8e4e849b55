"""What each role may do: one table of functions, checked per function (``can``) and per object
(selectors), and one of clearances.

Functions are namespaced codes for what a role may *do* or *open*. What a role may *read* of
what it opens is its clearance (public, internal, restricted) against the field's class in
``carewatch_core.sensitivity``: no function code duplicates it. Anonymous visitors have only the
public functions, and public clearance.
"""

from __future__ import annotations

from typing import Any

from carewatch.accounts.choices import Role
from carewatch_core.sensitivity import NO_SCOPE, Level, Scope, visible

PUBLIC = frozenset({"public.view"})
STAFF = PUBLIC | {
    "incident.submit",
    "incident.view_own",
    "facility.view",
    "account.self",
    "notice.view",
    "supply.report",
}
READ_INTERNAL = STAFF | {
    "incident.view_all",
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
    "import.run",
    "linkage.review",
    "supply.manage",
}

# Estimates of the undocumented: asked for, read and published on the dashboard by analysts.
ESTIMATE = frozenset({"estimate.run", "estimate.publish"})
# Bulletins and press releases: written and approved by communications (docs/publishing.md).
PUBLISH = frozenset({"publication.write", "publication.approve"})
# Supporters' data is its own class (docs/roles.md): campaigners work on it and read no
# documentation beyond what the public reads; documentation roles never read it.
SUPPORTERS = frozenset({"supporter.view", "supporter.manage"})
CAMPAIGN = PUBLIC | {"account.self"} | SUPPORTERS

ROLE_FUNCTIONS: dict[str, frozenset[str]] = {
    Role.FIELD_DOCUMENTER: frozenset(STAFF),
    Role.ANALYST: frozenset(READ_INTERNAL | ESTIMATE),
    Role.COMMUNICATIONS: frozenset(READ_INTERNAL | PUBLISH | {"person.clear_memorial"}),
    Role.VERIFIER: frozenset(VERIFY),
    Role.CAMPAIGNER: frozenset(CAMPAIGN),
    Role.ADMINISTRATOR: frozenset(
        VERIFY
        | SUPPORTERS
        | PUBLISH
        | ESTIMATE
        | {"person.clear_memorial", "account.manage", "audit.view"}
    ),
}


# Restricted clearance goes with verification: those who decide what is true read the exact
# points, informants, uncleared names and evidence originals (each read audited).
ROLE_CLEARANCE: dict[str, Level] = {
    Role.FIELD_DOCUMENTER: Level.INTERNAL,
    Role.ANALYST: Level.INTERNAL,
    Role.COMMUNICATIONS: Level.INTERNAL,
    Role.CAMPAIGNER: Level.PUBLIC,
    Role.VERIFIER: Level.RESTRICTED,
    Role.ADMINISTRATOR: Level.RESTRICTED,
}


def _signed_in_role(user: Any) -> str | None:
    """The role of a signed-in, active user who gave the second factor; else None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not _second_factor_given(user):
        return None
    return str(user.role)


def functions_of(user: Any) -> frozenset[str]:
    """The function codes ``user`` may use (public ones for anonymous or inactive users)."""
    role = _signed_in_role(user)
    return ROLE_FUNCTIONS.get(role, PUBLIC) if role is not None else PUBLIC


def _second_factor_given(user: Any) -> bool:
    """A web session's user (django-otp sets ``is_verified``) counts only once the one-time code
    was given. Users loaded by services, commands or API tokens carry no such flag."""
    is_verified = getattr(user, "is_verified", None)
    return not callable(is_verified) or bool(is_verified())


def can(user: Any, function: str) -> bool:
    return function in functions_of(user)


def clearance_of(user: Any) -> Level:
    """The highest sensitivity class ``user`` may read (restricted reads are also audited)."""
    role = _signed_in_role(user)
    return ROLE_CLEARANCE.get(role, Level.PUBLIC) if role is not None else Level.PUBLIC


# Restricted fields a function needs beyond its role's clearance: read only on a page that exists
# to read them (``access.shown.ShownReader(reveal=...)``), each read audited. Deciding whether a
# name may go on the memorial roll means reading that name.
PURPOSE_READS: dict[str, frozenset[str]] = {
    "person.clear_memorial": frozenset({"person.name", "person.name_ar", "person.name_latin"}),
}


def purpose_reads(user: Any) -> frozenset[str]:
    """The fields ("entity.field") ``user``'s functions let them read on purpose."""
    found: set[str] = set()
    for function in functions_of(user):
        found |= PURPOSE_READS.get(function, frozenset())
    return frozenset(found)


def may_read(user: Any, field: str, scope: Scope = NO_SCOPE) -> bool:
    """Whether ``user``'s clearance may read ``field`` ("entity.field" in the sensitivity table)."""
    entity, name = field.split(".")
    return visible(entity, name, clearance_of(user), scope)
