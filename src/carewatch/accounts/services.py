"""Writes for accounts: API tokens (only a token's SHA-256 is kept; the key is shown once)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from carewatch.accounts.choices import Role
from carewatch.accounts.models import ApiToken, User
from carewatch.audit.services import log_action

# Refresh ``last_used_at`` at most this often, so read-heavy clients do not write on every call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _token_facts(token: ApiToken) -> dict[str, Any]:
    """What the audit log keeps about a token: never the key, nor its hash."""
    return {"user": token.user_id, "label": token.label, "prefix": token.prefix}


@transaction.atomic
def api_token_create(*, user: User, label: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns ``(token, key)``. The key is not stored and cannot be shown again."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, label=label.strip()[:100], key_hash=ApiToken.hash_key(key), prefix=key[:8])
    log_action(action="carewatch.api_token.created", actor=user, obj=token, after=_token_facts(token))
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    """Revoke ``token`` (``user`` is who revokes it). Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
    log_action(action="carewatch.api_token.revoked", actor=user, obj=token, before=_token_facts(token),
               after={"revoked_at": token.revoked_at.isoformat()})
    return token


def api_token_authenticate(*, key: str) -> User | None:
    """The active user holding the live token ``key``, or ``None``; notes when the token was used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def account_create(*, actor: Any, username: str, password: str, role: str, first_name: str = "", last_name: str = "", email: str = "") -> User:
    """Create a staff account with one role (the password is checked by Django's validators
    unless an administrator's tooling already did). Audited as ``carewatch.account.created``."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    user = User.objects.create_user(
        username=username, password=password, role=role, is_staff=role == Role.ADMINISTRATOR,
        first_name=first_name, last_name=last_name, email=email,
    )
    after = {"username": username, "role": role, "is_staff": user.is_staff}
    log_action(action="carewatch.account.created", actor=actor, obj=user, after=after)
    return user
