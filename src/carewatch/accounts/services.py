"""Writes for accounts: API tokens (only a token's SHA-256 is kept; the key is shown once)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from carewatch.accounts.choices import Role
from carewatch.accounts.models import ApiToken, User, UserSession
from carewatch.accounts.selectors import free_username
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
    token = ApiToken.objects.create(
        user=user, label=label.strip()[:100], key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    log_action(
        action="carewatch.api_token.created", actor=user, obj=token, after=_token_facts(token)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    """Revoke ``token`` (``user`` is who revokes it). Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
    log_action(
        action="carewatch.api_token.revoked",
        actor=user,
        obj=token,
        before=_token_facts(token),
        after={"revoked_at": token.revoked_at.isoformat()},
    )
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


class UsernameTaken(ValueError):
    """An account already has this username (after normalisation, in any letter case)."""


@transaction.atomic
def account_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create a staff account with one role. The password must pass the password rules
    (``AUTH_PASSWORD_VALIDATORS``: ValidationError otherwise) — only the demo's published
    accounts skip the check (``check_password=False``). Audited as ``carewatch.account.created``."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    stored = free_username(username)
    if stored is None:
        raise UsernameTaken(username)
    username = stored
    if check_password:
        validate_password(
            password,
            User(username=username, first_name=first_name, last_name=last_name, email=email),
        )
    try:
        with transaction.atomic():  # another request may have taken it since the check
            user = User.objects.create_user(
                username=username,
                password=password,
                role=role,
                is_staff=role == Role.ADMINISTRATOR,
                first_name=first_name,
                last_name=last_name,
                email=email,
            )
    except IntegrityError as exc:
        raise UsernameTaken(username) from exc
    after = {"username": username, "role": role, "is_staff": user.is_staff}
    log_action(action="carewatch.account.created", actor=actor, obj=user, after=after)
    return user


@transaction.atomic
def sessions_end(*, actor: Any, user: User) -> int:
    """End every signed-in session of ``user``; returns how many were ended."""
    from django.contrib.sessions.models import Session

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    log_action(
        action="carewatch.account.sessions_ended",
        actor=actor,
        obj=user,
        after={"sessions": len(keys)},
    )
    return len(keys)


@transaction.atomic
def account_set_active(*, actor: Any, user: User, active: bool) -> int:
    """Enable or disable ``user``. Disabling ends their sessions at once (returns how many)."""
    before = {"is_active": user.is_active}
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    log_action(
        action="carewatch.account.enabled" if active else "carewatch.account.disabled",
        actor=actor,
        obj=user,
        before=before,
        after={"is_active": active},
    )
    return 0 if active else sessions_end(actor=actor, user=user)
