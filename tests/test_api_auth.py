"""API authentication: bearer tokens (hashed, revocable), sessions with CSRF, anonymous callers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from api_support import api_client, audit_count, last_audit, send, submission
from carewatch.accounts.models import ApiToken
from carewatch.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_valid_token_authenticates_its_user_and_notes_when_it_was_used(
    verifier: Any, make_incident: Any
) -> None:
    make_incident(state="submitted")
    token, key = api_token_create(user=verifier, label="laptop")
    answer = _bearer(key).get("/api/incidents")
    assert answer.status_code == 200
    assert answer.json()["count"] == 1  # a submitted incident: only staff see it
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_sha256_of_a_key_is_stored(verifier: Any) -> None:
    token, key = api_token_create(user=verifier, label="laptop")
    assert key.startswith("cw_") and len(key) > 40
    assert token.key_hash == ApiToken.hash_key(key) != key
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert token.prefix == key[:8]


@pytest.mark.parametrize(
    "header",
    ["Bearer cw_not-a-real-key", "Bearer ", "Basic dXNlcjpwYXNz", "cw_no_scheme", "Token abc"],
)
def test_a_wrong_or_malformed_token_is_refused_with_401_not_treated_as_anonymous(
    header: str, make_incident: Any
) -> None:
    make_incident()
    answer = Client(headers={"Authorization": header}).get("/api/incidents")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert set(answer.json()) == {"detail", "errors"}


def test_a_revoked_token_is_refused(verifier: Any, admin: Any) -> None:
    token, key = api_token_create(user=verifier, label="old phone")
    assert _bearer(key).get("/api/incidents").status_code == 200
    api_token_revoke(token=token, user=admin)
    assert _bearer(key).get("/api/incidents").status_code == 401


def test_the_token_of_an_inactive_user_is_refused(verifier: Any) -> None:
    _token, key = api_token_create(user=verifier, label="laptop")
    verifier.is_active = False
    verifier.save()
    assert _bearer(key).get("/api/incidents").status_code == 401


def test_without_credentials_the_caller_is_anonymous_and_sees_public_incidents_only(
    make_incident: Any,
) -> None:
    public = make_incident(state="verified", certainty="confirmed")
    make_incident(state="submitted")
    make_incident(state="verified", certainty="rumour")
    results = Client().get("/api/incidents").json()["results"]
    assert [r["id"] for r in results] == [public.pk]


def test_anonymous_writes_are_refused_with_401_before_the_body_is_read(db: Any) -> None:
    answer = send(Client(), "post", "/api/incidents/submit", b"not json at all")
    assert answer.status_code == 401


def test_a_signed_in_session_can_read_the_api_and_open_its_docs(
    verifier: Any, make_incident: Any
) -> None:
    make_incident(state="submitted")
    client = Client()
    client.force_login(verifier)
    assert client.get("/api/incidents").json()["count"] == 1
    assert client.get("/api/docs").status_code == 200


def test_session_writes_need_the_csrf_token_which_the_docs_page_provides(documenter: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(documenter)
    refused = send(client, "post", "/api/incidents/submit", submission())
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    page = client.get("/api/docs").content.decode()
    token = page.split('data-csrf-token="')[1].split('"')[0]
    accepted = send(
        client, "post", "/api/incidents/submit", submission(), headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201, accepted.content


def test_a_token_request_needs_no_csrf_token(documenter: Any) -> None:
    _token, key = api_token_create(user=documenter, label="phone")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    assert send(client, "post", "/api/incidents/submit", submission()).status_code == 201


def test_creating_and_revoking_a_token_is_audited_without_the_key_or_its_hash(
    verifier: Any, admin: Any
) -> None:
    token, key = api_token_create(user=verifier, label="laptop")
    api_token_revoke(token=token, user=admin)
    api_token_revoke(token=token, user=admin)  # twice: nothing more happens
    created, revoked = (
        last_audit("carewatch.api_token.created"),
        last_audit("carewatch.api_token.revoked"),
    )
    assert created.actor == verifier and created.after["label"] == "laptop"
    assert revoked.actor == admin and audit_count("carewatch.api_token.revoked") == 1
    for entry in (created, revoked):
        assert key not in str(entry.content()) and token.key_hash not in str(entry.content())


def test_the_api_token_command_prints_the_key_once_and_keeps_only_its_hash(verifier: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "verifier", "--label", "export script", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=verifier)
    assert token.key_hash == ApiToken.hash_key(key) and token.label == "export script"
    assert "not be shown again" in err.getvalue()
    assert (
        api_client().get("/api/incidents", headers={"Authorization": f"Bearer {key}"}).status_code
        == 200
    )


def test_the_api_token_command_lists_and_revokes_tokens_without_showing_keys(verifier: Any) -> None:
    token, key = api_token_create(user=verifier, label="laptop")
    listing = io.StringIO()
    call_command("api_token", "verifier", "--list", stdout=listing)
    assert "laptop" in listing.getvalue() and key not in listing.getvalue()
    call_command("api_token", "verifier", "--revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("args", "needs_inactive"),
    [
        (["nobody", "--label", "x"], False),
        (["verifier"], False),
        (["verifier", "--label", "x"], True),
        (["verifier", "--revoke", "999"], False),
    ],
)
def test_the_api_token_command_refuses_what_it_cannot_do(
    verifier: Any, args: list[str], needs_inactive: bool
) -> None:
    if needs_inactive:
        verifier.is_active = False
        verifier.save()
    with pytest.raises(CommandError):
        call_command("api_token", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()
