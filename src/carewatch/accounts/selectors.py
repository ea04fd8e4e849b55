"""Reading accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from carewatch.accounts.models import User


def accounts() -> QuerySet[User]:
    """Every account (the account pages are for administrators only: ``account.manage``)."""
    return User.objects.order_by("username")


def free_username(username: str) -> str | None:
    """``username`` as it would be stored (Unicode NFKC, as Django's ``create_user`` normalises it:
    "ｖｅｒｉｆｉｅｒ" and "veriﬁer" are "verifier"), or ``None`` if an account already has it in
    any letter case."""
    normalised = str(User.normalize_username(username))
    return None if User.objects.filter(username__iexact=normalised).exists() else normalised
