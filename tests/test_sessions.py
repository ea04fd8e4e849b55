"""Sessions end after idle and absolute timeouts; disabling an account ends its sessions (S10)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from carewatch.accounts.middleware import SEEN, STARTED
from carewatch.accounts.models import UserSession
from carewatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def age_session(client: Any, **stamps: int) -> None:
    session = client.session
    for key, value in stamps.items():
        session[key] = value
    session.save()


def test_a_session_left_idle_too_long_ends(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    assert client.get("/incidents/").status_code == 200
    age_session(client, **{SEEN: int(time.time()) - 31 * 60})
    response = client.get("/incidents/")
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get("/incidents/").status_code == 302
    assert AuditEntry.objects.filter(
        action="carewatch.session.expired", object_id=str(analyst.pk)
    ).exists()


@override_settings(CAREWATCH_SESSION_IDLE_SECONDS=3600, SESSION_COOKIE_AGE=4 * 3600)
def test_a_busy_session_still_ends_at_its_absolute_limit(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    now = int(time.time())
    age_session(client, **{STARTED: now - 4 * 3600 - 5, SEEN: now - 10})
    response = client.get("/incidents/")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_activity_keeps_a_session_alive(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    age_session(client, **{SEEN: int(time.time()) - 29 * 60})
    assert client.get("/incidents/").status_code == 200
    assert client.session[SEEN] >= int(time.time()) - 5


def test_disabling_an_account_ends_every_one_of_its_sessions(admin: Any, analyst: Any) -> None:
    phone, laptop, administrator = Client(), Client(), Client()
    phone.force_login(analyst)
    laptop.force_login(analyst)
    assert UserSession.objects.filter(user=analyst).count() == 2
    administrator.force_login(admin)
    response = administrator.post(reverse("account-active", args=[analyst.pk]), {"active": "0"})
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=analyst).exists()
    for client in (phone, laptop):
        assert not Session.objects.filter(session_key=client.session.session_key).exists()
        response = client.get("/incidents/")
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert AuditEntry.objects.filter(
        action="carewatch.account.disabled", object_id=str(analyst.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        action="carewatch.account.sessions_ended", after__sessions=2
    ).exists()


def test_a_disabled_account_cannot_sign_in(client: Any, admin: Any, analyst: Any) -> None:
    from carewatch.accounts.services import account_set_active

    account_set_active(actor=admin, user=analyst, active=False)
    response = client.post(
        reverse("login"), {"username": analyst.username, "password": "a-long-test-passphrase-42"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_administrators_cannot_disable_themselves(client: Any, admin: Any) -> None:
    client.force_login(admin)
    client.post(reverse("account-active", args=[admin.pk]), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_signing_out_forgets_the_session(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    assert UserSession.objects.filter(user=analyst).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=analyst).exists()
