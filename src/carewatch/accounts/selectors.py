"""Reading accounts."""

from __future__ import annotations

from carewatch.accounts.models import User


def free_username(username: str) -> str | None:
    """``username`` as it would be stored (Unicode NFKC, as Django's ``create_user`` normalises it:
    "ｖｅｒｉｆｉｅｒ" and "veriﬁer" are "verifier"), or ``None`` if an account already has it in
    any letter case."""
    normalised = str(User.normalize_username(username))
    return None if User.objects.filter(username__iexact=normalised).exists() else normalised
