"""Reading accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from carewatch.accounts.models import User
from carewatch.accounts.permissions import ROLE_FUNCTIONS


def accounts() -> QuerySet[User]:
    """Every account (the account pages are for administrators only: ``account.manage``)."""
    return User.objects.order_by("username")


def reviewers() -> QuerySet[User]:
    """Active accounts whose role may verify incidents: those incidents may be assigned to."""
    roles = [role for role, functions in ROLE_FUNCTIONS.items() if "incident.review" in functions]
    return User.objects.filter(is_active=True, role__in=roles).order_by("username")


def free_username(username: str) -> str | None:
    """``username`` as it would be stored (Unicode NFKC, as Django's ``create_user`` normalises it:
    "ｖｅｒｉｆｉｅｒ" and "veriﬁer" are "verifier"), or ``None`` if an account already has it in
    any letter case."""
    normalised = str(User.normalize_username(username))
    return None if User.objects.filter(username__iexact=normalised).exists() else normalised
