"""Wrong one-time codes: throttled per session and, for unseen browsers, per account — and the
owner on their own browser is never locked out by someone who has only the password (issue 16.11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import totp_code

from carewatch.accounts.codethrottle import COOKIE, SESSION_LIMIT
from carewatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase-42"


def wrong_code(device: TOTPDevice) -> str:
    codes = {totp_code(device, step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in codes)


def half_signed_in(username: str, client: Client | None = None) -> Client:
    client = client or Client()
    assert (
        client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def give(client: Client, code: str) -> Any:
    return client.post(reverse("two-factor-verify"), {"code": code, "next": "/incidents/"})


@pytest.fixture
def device(verifier: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=verifier, name="phone", confirmed=True)


def owners_browser(verifier: Any, device: TOTPDevice) -> Client:
    """A browser where the owner has signed in fully once (it carries the known-browser cookie)."""
    client = half_signed_in(verifier.username)
    assert give(client, totp_code(device)).status_code == 302
    assert COOKIE in client.cookies
    client.post(reverse("logout"))
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1
    )  # the code may be used again by the next step
    return client


def test_too_many_wrong_codes_end_the_half_signed_in_session(
    verifier: Any, device: TOTPDevice
) -> None:
    attacker = half_signed_in(verifier.username)
    for _ in range(SESSION_LIMIT - 1):
        assert give(attacker, wrong_code(device)).status_code == 200
    answer = give(attacker, wrong_code(device))
    assert answer.status_code == 302 and answer["Location"] == reverse("login")
    assert "_auth_user_id" not in attacker.session
    assert (
        give(attacker, totp_code(device)).status_code == 302
    )  # to the sign-in page: no session to verify
    assert attacker.get("/incidents/").status_code == 302
    assert AuditEntry.objects.filter(
        action="carewatch.two_factor.refused", after__session_failures=SESSION_LIMIT
    ).exists()


def test_someone_with_only_the_password_cannot_keep_the_owner_out(
    verifier: Any, device: TOTPDevice
) -> None:
    owner = owners_browser(verifier, device)
    # Many sessions of wrong codes from a browser the account has never used.
    for _ in range(4):
        attacker = half_signed_in(verifier.username)
        for _ in range(SESSION_LIMIT):
            # As if the attacker waited out each delay (1, 2, 4, ... seconds).
            TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
            give(attacker, wrong_code(device))
    device.refresh_from_db()
    assert (
        device.throttling_failure_count == 4 * SESSION_LIMIT
    )  # the account-wide delay is now days
    # The right code from another unseen browser is held back by that delay...
    stranger = half_signed_in(verifier.username)
    assert give(stranger, totp_code(device)).status_code == 200
    # ...but the owner, on their own browser, signs in at once, and leaves the delay as it was.
    half_signed_in(verifier.username, owner)
    assert give(owner, totp_code(device)).status_code == 302
    assert owner.get("/incidents/").status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 4 * SESSION_LIMIT


def test_the_owners_typos_on_their_browser_do_not_feed_the_account_wide_delay(
    verifier: Any, device: TOTPDevice
) -> None:
    owner = owners_browser(verifier, device)
    half_signed_in(verifier.username, owner)
    for _ in range(3):
        assert give(owner, wrong_code(device)).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert give(owner, totp_code(device)).status_code == 302


def test_a_forged_or_other_accounts_cookie_does_not_exempt_a_browser(
    verifier: Any, analyst: Any, device: TOTPDevice
) -> None:
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=12, throttling_failure_timestamp=None
    )
    from django.utils import timezone

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    analysts = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    other = owners_browser(analyst, analysts)  # a known browser, but the analyst's
    for cookie in (other.cookies[COOKIE].value, "forged"):
        client = Client()
        client.cookies[COOKIE] = cookie
        half_signed_in(verifier.username, client)
        assert give(client, totp_code(device)).status_code == 200
