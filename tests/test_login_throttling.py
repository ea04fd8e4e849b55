"""Sign-in throttling and the sign-in log: repeated failures lock a username out from that
address for a while; every sign-in and refusal is audited without any secret (S9)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase-42"
CANARY_PASSWORD = "CANARY-PASSWORD-7f3a9c"  # a wrong password that must never be written down


def attempt(client: Any, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_out_from_that_address(client: Any, verifier: Any) -> None:
    for _ in range(4):
        assert attempt(client, verifier.username, CANARY_PASSWORD).status_code == 200
    assert attempt(client, verifier.username, CANARY_PASSWORD).status_code == 429
    locked = attempt(client, verifier.username, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action="carewatch.login.locked_out", object_id=str(verifier.pk)
    ).exists()
    elsewhere = attempt(Client(), verifier.username, PASSWORD, address="10.0.0.2")
    assert elsewhere.status_code == 302


def test_the_lockout_page_speaks_the_visitors_language(client: Any, verifier: Any) -> None:
    client.cookies["carewatch_language"] = "ar"
    for _ in range(6):
        response = attempt(client, verifier.username, CANARY_PASSWORD)
    assert response.status_code == 429
    assert 'dir="rtl"' in response.content.decode()


def test_a_success_before_the_limit_clears_the_failures(client: Any, verifier: Any) -> None:
    for _ in range(4):
        attempt(client, verifier.username, CANARY_PASSWORD)
    assert attempt(client, verifier.username, PASSWORD).status_code == 302
    other = Client()
    for _ in range(4):
        attempt(other, verifier.username, CANARY_PASSWORD)
    assert attempt(other, verifier.username, PASSWORD).status_code == 302


def test_sign_ins_and_refusals_are_logged_without_secrets(
    client: Any, verifier: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    attempt(client, verifier.username, CANARY_PASSWORD)
    attempt(client, "CANARY-USERNAME-typed-password", CANARY_PASSWORD)
    attempt(client, verifier.username, PASSWORD)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("carewatch.login.refused") == 2
    assert "carewatch.login.succeeded" in actions
    everything = json.dumps(list(AuditEntry.objects.values()), default=str) + caplog.text
    assert CANARY_PASSWORD not in everything
    assert PASSWORD not in everything
    assert "CANARY-USERNAME" not in everything
    known = AuditEntry.objects.filter(
        action="carewatch.login.refused", object_id=str(verifier.pk)
    ).get()
    assert known.after == {"known_account": True}


def test_sign_out_is_logged(client: Any, verifier: Any) -> None:
    client.force_login(verifier)
    client.post(reverse("logout"))
    assert AuditEntry.objects.filter(action="carewatch.logout", object_id=str(verifier.pk)).exists()


def test_a_flood_of_failed_sign_ins_cannot_flood_the_audit_log(
    client: Any, verifier: Any, monkeypatch: Any
) -> None:
    from carewatch.accounts.signals import REFUSALS_PER_WINDOW, WINDOW_SECONDS
    from carewatch.audit import limits

    now = 1_900_000_000.0
    monkeypatch.setattr(limits.time, "time", lambda: now)
    before = AuditEntry.objects.count()
    for n in range(120):  # a new name and address each time: no lockout applies
        attempt(Client(), f"nobody-{n}", "wrong", address=f"10.1.{n // 250}.{n % 250}")
    assert AuditEntry.objects.count() - before == REFUSALS_PER_WINDOW
    now += WINDOW_SECONDS
    attempt(Client(), "nobody-else", "wrong", address="10.9.9.9")
    last = AuditEntry.objects.filter(action="carewatch.login.refused").order_by("-id").first()
    assert last.after == {"known_account": False, "left_out": 120 - REFUSALS_PER_WINDOW}
    # A known account has its own allowance: the flood of unknown names does not hide it.
    attempt(Client(), verifier.username, "wrong", address="10.9.9.8")
    assert AuditEntry.objects.filter(
        action="carewatch.login.refused", object_id=str(verifier.pk)
    ).exists()
