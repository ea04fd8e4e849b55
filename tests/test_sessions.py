"""Sessions end after idle and absolute timeouts; disabling an account ends its sessions (S10)."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from tests.conftest import carewatch_command, instance_environment

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


STAMP_UNDER_A_WRITER = """
import json, sqlite3, time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from carewatch.accounts.middleware import SEEN, STARTED
from carewatch.accounts.models import User, UserSession

Store = import_module(settings.SESSION_ENGINE).SessionStore
user = User.objects.get(username="verifier")
device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
    user=user, name="test", confirmed=True
)
now = int(time.time())
store = Store()
store.update({
    SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
    DEVICE_ID_SESSION_KEY: device.persistent_id, STARTED: now - 40, SEEN: now,
})
store.create()
UserSession.objects.get_or_create(user=user, session_key=store.session_key)
client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
assert client.get("/incidents/").status_code == 200  # warm: the page's first rendering is not timed
aged = Store(store.session_key)
aged[SEEN] = now - 40
aged.save()
connection.close()
writer = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
writer.execute("BEGIN IMMEDIATE")  # as an import holds the database from its first row to its last
started = time.monotonic()
during = client.get("/incidents/")
waited = time.monotonic() - started
seen_during = Store(store.session_key).load()[SEEN]
writer.execute("ROLLBACK")
after = client.get("/incidents/")
print(json.dumps({
    "status_during": during.status_code, "waited": waited, "stale": now - 40,
    "seen_during": seen_during, "status_after": after.status_code,
    "seen_after": Store(store.session_key).load()[SEEN],
}))
"""


def test_a_staff_page_does_not_wait_for_an_import_to_stamp_its_session(
    demo_template: Any, tmp_path_factory: Any
) -> None:
    """On SQLite an import holds the only write lock until it commits; a page whose session had only
    its activity stamp to save waited for it (and answered 400 after 20 s)."""
    data = demo_template.copy(tmp_path_factory, "session-stamp")
    done = subprocess.run(
        carewatch_command("shell", "-c", STAMP_UNDER_A_WRITER),
        env=instance_environment(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status_during"] == 200 and found["waited"] < 5
    assert found["seen_during"] == found["stale"]  # given up, not half-written
    assert (
        found["status_after"] == 200 and found["seen_after"] > found["stale"]
    )  # written next time


def test_only_a_session_whose_sole_change_is_its_stamp_may_give_up_its_save() -> None:
    from carewatch.accounts.sessions import SessionStore

    fresh = SessionStore()
    fresh[SEEN] = 1
    assert not fresh.only_stamped()  # a new session is always saved
    fresh.create()
    stamped = SessionStore(fresh.session_key)
    stamped[SEEN] = 2
    assert stamped.only_stamped()
    changed = SessionStore(fresh.session_key)
    changed[SEEN] = 3
    changed["_messages"] = "[]"
    assert not changed.only_stamped()
    emptied = SessionStore(fresh.session_key)
    emptied.flush()
    assert not emptied.only_stamped()
