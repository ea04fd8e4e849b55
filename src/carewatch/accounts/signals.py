"""Every sign-in, sign-out, refusal and lockout goes to the audit log — never a password,
and never the text of a username that matches no account (it may be a mistyped password)."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from carewatch.accounts.middleware import SEEN, STARTED
from carewatch.accounts.models import UserSession
from carewatch.audit.limits import log_limited
from carewatch.audit.services import log_action

logger = logging.getLogger("carewatch.accounts")

# Refused sign-ins and lockouts anyone can cause, so at most this many entries per account (or
# for all unknown names together) per window; the next entry says how many were left out.
REFUSALS_PER_WINDOW = 20
WINDOW_SECONDS = 600


def _log_refusal(action: str, account: Any) -> None:
    log_limited(
        bucket=f"{action}:{account.pk if account else 'unknown'}",
        limit=REFUSALS_PER_WINDOW,
        window=WINDOW_SECONDS,
        action=action,
        actor="anonymous",
        obj=account,
        object_type="" if account else "accounts.user",
        after={"known_account": account is not None},
    )


def _account(username: object) -> Any:
    if not isinstance(username, str) or not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="carewatch-login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:

    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now
        if request.session.session_key is None:
            request.session.save()
        UserSession.objects.get_or_create(
            session_key=request.session.session_key, defaults={"user": user}
        )
    log_action(
        action="carewatch.login.succeeded", actor=user, obj=user, after={"second_factor": "pending"}
    )
    logger.info("sign-in by user %s (password step)", user.pk)


@receiver(user_login_failed, dispatch_uid="carewatch-login-failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    account = _account(credentials.get("username"))
    _log_refusal("carewatch.login.refused", account)
    logger.warning("sign-in refused (%s account)", "known" if account else "unknown")


@receiver(user_logged_out, dispatch_uid="carewatch-logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:

    if (
        request is not None
        and getattr(request, "session", None) is not None
        and request.session.session_key
    ):
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is not None:
        log_action(action="carewatch.logout", actor=user, obj=user, after={})


def on_locked_out(
    sender: Any, request: Any = None, username: Any = None, ip_address: Any = None, **kwargs: Any
) -> None:
    account = _account(username)
    _log_refusal("carewatch.login.locked_out", account)
    logger.warning(
        "sign-in locked out after repeated failures (%s account)", "known" if account else "unknown"
    )


def connect_lockout_signal() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(on_locked_out, dispatch_uid="carewatch-locked-out")
