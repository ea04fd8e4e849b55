"""Request bodies are bounded (S20): a body declared larger than the largest accepted file (plus
room for its form) is refused with 413 before a byte of it is read — by Django's first middleware
for any client, and by ``carewatch serve`` (waitress) before it buffers anything. A 200 MB upload
was once written to disk twice before the 25 MB check refused it, and an anonymous one buffered
in full before the redirect to sign-in."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import carewatch_command, instance_environment

from carewatch.lib.middleware import request_body_limit

HUGE = str(200 * 1024 * 1024)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Nothing was saved"), ("fr", "Rien n’a été enregistré"), ("ar", "لم يُحفظ شيء")],
)
def test_a_staff_upload_declared_too_large_is_refused_unread(
    verifier: Any, language: str, words: str
) -> None:
    from carewatch.sources.models import Report

    client = Client()
    client.force_login(verifier)
    client.cookies["carewatch_language"] = language
    response = client.post(
        reverse("report-create"),
        {"kind": "field_form", "language": "en", "title": "x"},
        CONTENT_LENGTH=HUGE,
    )
    assert response.status_code == 413
    assert words in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_post_declared_too_large_is_refused_before_sign_in_or_csrf() -> None:
    response = Client().post(reverse("login"), {"username": "x"}, CONTENT_LENGTH=HUGE)
    assert response.status_code == 413


@pytest.mark.django_db
def test_the_api_answers_413_in_json(verifier: Any) -> None:
    from tests.api_support import api_client

    response = api_client(verifier).post(
        "/api/figures", {}, content_type="application/json", CONTENT_LENGTH=HUGE
    )
    assert response.status_code == 413 and "MB" in response.json()["detail"]


@pytest.mark.django_db
def test_a_body_under_the_limit_reaches_the_form_which_explains_the_file_limit(
    verifier: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CAREWATCH_MAX_ATTACHMENT_BYTES = 200_000
    client = Client()
    client.force_login(verifier)
    upload = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * 300_000, content_type="application/pdf"
    )
    response = client.post(
        reverse("report-create"),
        {"kind": "field_form", "language": "en", "title": "x", "attachment": upload},
    )
    assert request_body_limit() > 300_000
    assert response.status_code == 200 and "too large" in response.content.decode()


def test_carewatch_serve_refuses_a_huge_body_before_buffering_it(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        carewatch_command("serve", "--port", str(port)),
        env=instance_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (
                    "carewatch serve did not start"
                )
                time.sleep(0.2)
        with connection:
            connection.sendall(
                b"POST /reports/new/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data;"
                b" boundary=x\r\nContent-Length: " + HUGE.encode() + b"\r\n\r\n" + b"x" * 65536
            )
            answer = connection.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 413"), answer[:200]
    finally:
        server.terminate()
        server.wait(timeout=10)
