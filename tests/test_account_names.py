"""Usernames (S8, S9): stored as Django stores them (Unicode NFKC), and one per person whatever
the letter case or the look-alike characters: a second "verifier" written in full-width letters
or with a ligature is refused with a message, never a server error, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from api_support import audit_writes
from carewatch.accounts.models import User
from carewatch.accounts.services import UsernameTaken, account_create
from carewatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSPHRASE = "a sunny morning in the valley"
LOOK_ALIKES = [
    "ｖｅｒｉｆｉｅｒ",
    "veriﬁer",
    "VERIFIER",
    "Verifier",
]  # full-width; the "ﬁ" ligature; case


@pytest.mark.parametrize("username", LOOK_ALIKES)
def test_the_form_refuses_a_username_that_is_an_existing_one_after_normalisation(
    client: Any, admin: Any, verifier: Any, username: str
) -> None:
    client.force_login(admin)
    before = (User.objects.count(), audit_writes())
    response = client.post(
        reverse("account-list"), {"username": username, "role": "analyst", "password": PASSPHRASE}
    )
    assert response.status_code == 200
    assert "This username is taken." in response.content.decode()
    assert (
        User.objects.count(),
        AuditEntry.objects.filter(action="carewatch.account.created").count(),
    ) == (before[0], 0)


@pytest.mark.parametrize("username", LOOK_ALIKES)
def test_the_service_refuses_it_too(admin: Any, verifier: Any, username: str) -> None:
    with pytest.raises(UsernameTaken):
        account_create(actor=admin, username=username, password=PASSPHRASE, role="analyst")
    assert User.objects.filter(username__iexact="verifier").count() == 1


def test_a_new_username_is_stored_normalised(client: Any, admin: Any) -> None:
    client.force_login(admin)
    response = client.post(
        reverse("account-list"),
        {"username": "ｎｅｗｃｏｍｅｒ", "role": "analyst", "password": PASSPHRASE},
    )
    assert response.status_code == 302
    assert User.objects.filter(username="newcomer").exists()
    entry = AuditEntry.objects.get(action="carewatch.account.created")
    assert entry.after["username"] == "newcomer"
