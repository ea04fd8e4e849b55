"""Second factor: time-based one-time codes (TOTP, RFC 6238) through django-otp.

Every staff account signs in with a password and then a six-digit code from an authenticator
app. An account without a confirmed device enrols on its first sign-in.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.accounts import codethrottle
from carewatch.audit.services import log_action
from carewatch_core.digits import ascii_digits

DEVICE_NAME = "authenticator"


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def next_step(user: Any, next_url: str = "") -> str:
    """Where a user who has given their password goes next: enrolment or the code prompt."""
    name = "two-factor-verify" if confirmed_device(user) else "two-factor-setup"
    query = "?" + urlencode({"next": next_url}) if next_url else ""
    return reverse(name) + query


def pending_device(user: Any) -> TOTPDevice | None:
    """The unconfirmed device being enrolled, if enrolment has started (one per user)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def enrolment_start(*, user: Any) -> TOTPDevice:
    """The device to enrol: the pending one, or a new one with a fresh secret (audited: a secret
    was issued to this account)."""
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        log_action(action="carewatch.two_factor.enrolment_started", actor=user, obj=user, after={})
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def confirm_enrolment(*, user: Any, code: str) -> TOTPDevice | None:
    """Confirm the pending device with its first code (audited either way). Returns the device,
    which the caller marks the session verified with, or ``None`` for a wrong code."""
    device = pending_device(user)
    if device is None or not device.verify_token(_digits(code)):
        log_action(
            action="carewatch.two_factor.refused", actor=user, obj=user, after={"step": "enrol"}
        )
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action(action="carewatch.two_factor.enrolled", actor=user, obj=user, after={})
    return device


class Verdict:
    RIGHT = "right"
    WRONG = "wrong"
    SIGNED_OUT = "signed_out"  # too many wrong codes in this session: the password again


@dataclass(frozen=True)
class Outcome:
    verdict: str
    device: TOTPDevice | None = None  # the device to mark the session verified with, when right


def verify(*, user: Any, code: str, known_browser: bool, session_failures: int) -> Outcome:
    """Check a code against the user's confirmed device, throttled as ``codethrottle`` says
    (audited either way). ``session_failures`` is how many wrong codes this session gave before;
    the caller keeps that count and signs the session out on ``SIGNED_OUT``."""
    device = confirmed_device(user)
    if device is None:
        return Outcome(Verdict.WRONG)
    with transaction.atomic():
        ok, throttled = codethrottle.check_code(device, _digits(code), known_browser=known_browser)
    if ok:
        log_action(
            action="carewatch.two_factor.verified",
            actor=user,
            obj=user,
            after={"known_browser": known_browser},
        )
        return Outcome(Verdict.RIGHT, device)
    failures = session_failures + 1
    log_action(
        action="carewatch.two_factor.refused",
        actor=user,
        obj=user,
        after={
            "step": "verify",
            "throttled": throttled,
            "known_browser": known_browser,
            "session_failures": failures,
        },
    )
    return Outcome(Verdict.SIGNED_OUT if failures >= codethrottle.SESSION_LIMIT else Verdict.WRONG)


@transaction.atomic
def reset(*, actor: Any, user: Any) -> int:
    """Remove ``user``'s devices: they enrol again at their next sign-in. Returns how many."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    log_action(
        action="carewatch.two_factor.reset", actor=actor, obj=user, after={"devices": deleted}
    )
    return deleted


def _digits(code: str) -> str:
    """Accept spaces and Arabic-Indic digits as people type them: '١٢٣ ٤٥٦' → '123456'."""
    return "".join(ch for ch in ascii_digits(code) if ch in "0123456789")[:8]
