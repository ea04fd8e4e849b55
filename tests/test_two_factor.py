"""Two-factor sign-in (TOTP): every staff account gives a one-time code after its password,
and nothing beyond public data is shown before it does (docs/requirements.md S9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import totp_code

from carewatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase-42"


def sign_in_with_password(client: Any, username: str, next_url: str = "/incidents/") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD, "next": next_url}
    )


def test_first_sign_in_enrols_an_authenticator_then_reaches_staff_pages(
    client: Any, verifier: Any
) -> None:
    response = sign_in_with_password(client, verifier.username)
    assert response.status_code == 302
    response = client.get(response["Location"])  # the staff page sends the half-signed-in user on
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("two-factor-setup")
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"<svg" in page.content
    assert b'href="/incidents/"' not in page.content, "no staff navigation before the code is given"
    device = TOTPDevice.objects.get(user=verifier, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in page.content.decode().replace(
        " ", ""
    )
    started = AuditEntry.objects.filter(
        action="carewatch.two_factor.enrolment_started", object_id=str(verifier.pk)
    )
    assert started.count() == 1  # the secret issued is on the record
    client.get(reverse("two-factor-setup"))  # the same secret again: no second device, no entry
    assert TOTPDevice.objects.filter(user=verifier, confirmed=False).count() == 1
    assert started.count() == 1
    response = client.post(
        reverse("two-factor-setup"),
        {"code": "000000" if totp_code(device) != "000000" else "111111", "next": "/incidents/"},
    )
    assert response.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(
        reverse("two-factor-setup"), {"code": totp_code(device), "next": "/incidents/"}
    )
    assert response.status_code == 302 and response["Location"] == "/incidents/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/incidents/").status_code == 200
    assert AuditEntry.objects.filter(
        action="carewatch.two_factor.enrolled", object_id=str(verifier.pk)
    ).exists()


@pytest.fixture
def enrolled(verifier: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=verifier, name="phone", confirmed=True)


def test_an_enrolled_user_is_asked_for_the_code_and_a_wrong_code_is_refused(
    client: Any, verifier: Any, enrolled: TOTPDevice
) -> None:
    sign_in_with_password(client, verifier.username)
    response = client.get("/facilities/")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("two-factor-verify")
    )
    wrong = "123456" if totp_code(enrolled) != "123456" else "654321"
    response = client.post(reverse("two-factor-verify"), {"code": wrong, "next": "/facilities/"})
    assert response.status_code == 200 and b"not right" in response.content
    assert client.get("/facilities/").status_code == 302
    assert AuditEntry.objects.filter(
        action="carewatch.two_factor.refused", object_id=str(verifier.pk)
    ).exists()
    TOTPDevice.objects.filter(pk=enrolled.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(
        reverse("two-factor-verify"), {"code": totp_code(enrolled), "next": "/facilities/"}
    )
    assert response.status_code == 302 and response["Location"] == "/facilities/"
    assert client.get("/facilities/").status_code == 200


def test_codes_typed_with_arabic_indic_digits_and_spaces_are_accepted(
    client: Any, verifier: Any, enrolled: TOTPDevice
) -> None:
    sign_in_with_password(client, verifier.username)
    code = totp_code(enrolled).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.post(reverse("two-factor-verify"), {"code": code[:3] + " " + code[3:]})
    assert response.status_code == 302


def test_a_code_cannot_be_used_twice(client: Any, verifier: Any, enrolled: TOTPDevice) -> None:
    from django.test import Client

    code = totp_code(enrolled)
    sign_in_with_password(client, verifier.username)
    assert client.post(reverse("two-factor-verify"), {"code": code}).status_code == 302
    other = Client()
    sign_in_with_password(other, verifier.username)
    assert other.post(reverse("two-factor-verify"), {"code": code}).status_code == 200


def test_repeated_wrong_codes_are_throttled_even_for_the_right_code(
    client: Any, verifier: Any, enrolled: TOTPDevice
) -> None:
    sign_in_with_password(client, verifier.username)
    right = totp_code(enrolled)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        client.post(reverse("two-factor-verify"), {"code": wrong})
    assert client.post(reverse("two-factor-verify"), {"code": right}).status_code == 200
    assert AuditEntry.objects.filter(
        action="carewatch.two_factor.refused", after__throttled=True
    ).exists()


def test_half_signed_in_sessions_see_only_public_data_through_the_api(
    client: Any, verifier: Any, enrolled: TOTPDevice, make_incident: Any
) -> None:
    incident = make_incident(title="CANARY-TITLE-2FA")
    sign_in_with_password(client, verifier.username)
    response = client.get(f"/api/incidents/{incident.pk}")
    assert response.status_code in (200, 404)
    assert b"CANARY-TITLE-2FA" not in response.content
    assert client.get(f"/incidents/{incident.pk}/").status_code == 302


def test_an_administrator_resets_a_lost_authenticator(
    client: Any, admin: Any, verifier: Any, enrolled: TOTPDevice
) -> None:
    client.force_login(admin)
    assert client.post(reverse("account-two-factor-reset", args=[verifier.pk])).status_code == 302
    assert TOTPDevice.objects.filter(user=verifier).exists(), "an empty form changes nothing"
    response = client.post(
        reverse("account-two-factor-reset", args=[verifier.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=verifier).exists()
    assert AuditEntry.objects.filter(
        action="carewatch.two_factor.reset", object_id=str(verifier.pk)
    ).exists()


def test_the_sign_in_steps_speak_arabic(client: Any, verifier: Any, enrolled: TOTPDevice) -> None:
    client.cookies["carewatch_language"] = "ar"
    sign_in_with_password(client, verifier.username)
    page = client.get(reverse("two-factor-verify"))
    assert 'dir="rtl"' in page.content.decode()
    assert "Two-factor sign-in" not in page.content.decode()
