"""Throttling wrong one-time codes without handing the owner's account to whoever has the password (issue 16.11).

Someone who holds only the password could, under django-otp's per-device throttle alone,
type wrong codes until the device's delay ran to days — keeping the owner out. So:

* **Per session**: after ``SESSION_LIMIT`` wrong codes the half-signed-in session ends; the
  password must be given again (and django-axes counts wrong passwords per name and address).
* **Per account, for browsers it has not seen**: django-otp's delay (1, 2, 4, … seconds after
  each failure) applies to codes from browsers without the account's *known-browser* cookie.
  That is what bounds guessing across sessions: after 20 wrong codes the delay is six days.
* **A known browser** — one where this account has given a right code, marked by a signed
  cookie for ``KNOWN_DAYS`` — is never held by that delay and never adds to it; its owner is
  limited by the per-session count alone. A lost phone or a new computer after an attack is
  what an administrator's two-factor reset is for.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_LIMIT = 5
SESSION_KEY = "carewatch_code_failures"
COOKIE = "carewatch_known_browser"
KNOWN_DAYS = 90
_SALT = "carewatch.accounts.known-browser"


def session_failures(request: HttpRequest) -> int:
    return int(request.session.get(SESSION_KEY, 0))


def count_failure(request: HttpRequest) -> int:
    failures = session_failures(request) + 1
    request.session[SESSION_KEY] = failures
    return failures


def _known_ids(request: HttpRequest) -> list[int]:
    try:
        value = signing.loads(
            request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=KNOWN_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return [int(v) for v in value if isinstance(v, int)] if isinstance(value, list) else []


def is_known_browser(request: HttpRequest, user: Any) -> bool:
    return user.pk in _known_ids(request)


def remember_browser(request: HttpRequest, response: HttpResponse, user: Any) -> None:
    """Mark this browser as the account's (up to five accounts per browser, the newest kept)."""
    ids = [user.pk, *[i for i in _known_ids(request) if i != user.pk]][:5]
    response.set_cookie(
        COOKIE,
        signing.dumps(ids, salt=_SALT),
        max_age=KNOWN_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def check_code(device: TOTPDevice, token: str, *, known_browser: bool) -> tuple[bool, bool]:
    """(right, throttled). From an unknown browser django-otp's per-device delay applies and grows;
    from a known one it neither applies nor changes."""
    if not known_browser:
        allowed, _details = device.verify_is_allowed()
        return (bool(allowed) and device.verify_token(token)), not allowed
    count, stamp = device.throttling_failure_count, device.throttling_failure_timestamp
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    right = device.verify_token(token)
    device.throttling_failure_count, device.throttling_failure_timestamp = count, stamp
    device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])
    return right, False
