"""Outgoing mail (issue 20, part 2): one URL setting; messages in both parts and the recipient's
language with one-click unsubscription (RFC 8058) and a VERP return path; bounces, complaints and
unsubscriptions that come back by mail, by the SMTP answer or by a provider's webhook suppress
the address; DKIM signing; a folder of .eml files that ``carewatch mail outbox`` lists. Sent to a
real SMTP server on loopback (aiosmtpd), read as it arrived."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carewatch.audit.models import AuditEntry
from carewatch.lib.mail.url import MailURLError, email_settings
from carewatch.lib.mail.verp import key_in, mailbox_key
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.mailer import send_now
from carewatch.supporters.models import Suppression
from carewatch.supporters.services import is_suppressed, unsubscribe_token
from import_fixtures import run_jobs
from mail_support import LoopbackSMTP, free_port

pytestmark = pytest.mark.django_db

CANARY = "canary.supporter.7f3e@example.org"


# --- the setting ---------------------------------------------------------------------------


def test_the_mail_url_says_where_mail_goes(tmp_path: Path) -> None:
    smtp = email_settings("smtp://user%40org:p%3Ass@mail.example:587", tmp_path)
    assert smtp["EMAIL_HOST"] == "mail.example" and smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_USER"] == "user@org" and smtp["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert smtp["EMAIL_USE_TLS"] and not smtp["EMAIL_USE_SSL"]
    tls = email_settings("smtps://mail.example", tmp_path)
    assert tls["EMAIL_PORT"] == 465 and tls["EMAIL_USE_SSL"] and not tls["EMAIL_USE_TLS"]
    assert not email_settings("smtp://127.0.0.1:2525?starttls=false", tmp_path)["EMAIL_USE_TLS"]
    assert email_settings("file://", tmp_path)["EMAIL_FILE_PATH"] == str(tmp_path)
    assert email_settings("file:///srv/mail", tmp_path)["EMAIL_FILE_PATH"] == "/srv/mail"
    assert "console" in email_settings("console://", tmp_path)["EMAIL_BACKEND"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("smpt://mail.example", "must start with smtp://"),
        ("mail.example", "must start with smtp://"),
        ("smtp://", "needs a host"),
        ("smtp://mail.example:abc", "port must be a number"),
        ("smtp://mail.example?starttls=maybe", "starttls must be true or false"),
        ("smtp://mail.example?timeout=0", "timeout must be a positive number"),
        ("smtp://mail.example?tls=1", "unknown option"),
        ("file://relative/folder", "absolute path"),
    ],
)
def test_a_wrong_mail_url_is_refused_with_what_is_wrong(
    url: str, says: str, tmp_path: Path
) -> None:
    with pytest.raises(MailURLError, match=says):
        email_settings(url, tmp_path)


# --- what is sent ----------------------------------------------------------------------------


def _parts(message: Any) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_a_message_arrives_in_both_parts_in_the_recipient_s_language_with_its_headers(
    smtp: LoopbackSMTP,
) -> None:
    assert send_now(to=CANARY, template="test", context={"note": "Note"}, language="fr")
    (arrived,) = smtp.arrived
    message = arrived.message
    assert arrived.recipients == [CANARY]
    assert arrived.sender == f"bounces+{mailbox_key(CANARY)}@carewatch.example"
    assert key_in(arrived.sender) == mailbox_key(CANARY)
    assert message["From"] == "CareWatch <campaigns@carewatch.example>"
    assert message["Content-Language"] == "fr"
    assert message["Subject"] == "CareWatch : un message d’essai"
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert "message d’essai" in parts["text/plain"] and 'lang="fr"' in parts["text/html"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert https.startswith("https://carewatch.example/mail/unsubscribe/")
    assert mailto.startswith("mailto:unsubscribe@carewatch.example?subject=unsubscribe%20")
    assert https in parts["text/plain"] and https in parts["text/html"]


def test_an_arabic_message_reads_right_to_left(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="ar")
    message = smtp.arrived[0].message
    html = _parts(message)["text/html"]
    assert message["Content-Language"] == "ar" and 'dir="rtl"' in html and 'lang="ar"' in html
    assert re.search(r"[\u0600-\u06FF]", message["Subject"])


def test_an_unknown_language_falls_back_to_english(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="xx")
    assert smtp.arrived[0].message["Content-Language"] == "en"


# --- one-click unsubscription ----------------------------------------------------------------


def _unsubscribe_url(smtp: LoopbackSMTP) -> str:
    https = re.findall(r"<([^>]+)>", smtp.arrived[-1].message["List-Unsubscribe"])[0]
    return https.removeprefix("https://carewatch.example")


def test_a_post_to_the_header_s_url_unsubscribes_and_no_more_mail_goes(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="en")
    client = Client(enforce_csrf_checks=True)  # a mail program's POST carries no CSRF token
    answer = client.post(_unsubscribe_url(smtp), {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and is_suppressed(CANARY)
    assert Suppression.objects.get().reason == "unsubscribed"
    assert not send_now(to=CANARY, template="test", context={}, language="en")
    assert len(smtp.arrived) == 1
    client.post(_unsubscribe_url(smtp))  # replayed: nothing more happens
    assert Suppression.objects.count() == 1


def test_opening_the_link_asks_first_and_unsubscribes_nobody(
    smtp: LoopbackSMTP, client: Client
) -> None:
    send_now(to=CANARY, template="test", context={}, language="fr")
    page = client.get(_unsubscribe_url(smtp), HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert not is_suppressed(CANARY)


def test_a_forged_or_cut_token_is_refused_in_the_visitor_s_language(client: Client) -> None:
    token = unsubscribe_token(address=CANARY)
    for wrong in (token[:-3] + "abc", "nothing", token.replace(":", ";")):
        page = client.post(f"/mail/unsubscribe/{wrong}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert page.status_code == 404 and "lien" in page.content.decode()
    assert not Suppression.objects.exists()


def test_a_mail_to_the_unsubscribe_address_unsubscribes(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="en")
    mailto = re.findall(r"<([^>]+)>", smtp.arrived[0].message["List-Unsubscribe"])[1]
    subject = unquote(mailto.split("subject=")[1])  # as a mail program fills it in
    request = f"From: {CANARY}\r\nTo: unsubscribe@carewatch.example\r\nSubject: {subject}\r\n\r\n"
    _inbound(request.encode())
    assert is_suppressed(CANARY)


# --- bounces and complaints -----------------------------------------------------------------


def _inbound(raw: bytes, monkeypatch: Any = None) -> str:
    import sys

    out = io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("mail", "inbound", stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue()


def _dsn(to: str, action: str, status: str, final_recipient: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example\r\n"
        f"To: {to}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example\r\n\r\n"
        f"Final-Recipient: rfc822; {final_recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        "--b1--\r\n"
    ).encode()


def test_a_hard_bounce_to_the_return_path_suppresses_that_address_only(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="en")
    return_path = smtp.arrived[0].sender
    # The report names someone else: only the return path is believed.
    said = _inbound(_dsn(return_path, "failed", "5.1.1", "victim@example.org"))
    assert (
        "suppressed" in said and is_suppressed(CANARY) and not is_suppressed("victim@example.org")
    )
    assert Suppression.objects.get().reason == "hard_bounce"
    assert not send_now(to=CANARY, template="test", context={}, language="en")


def test_a_delay_suppresses_nothing_and_a_report_to_another_address_is_ignored(
    smtp: LoopbackSMTP,
) -> None:
    send_now(to=CANARY, template="test", context={}, language="en")
    _inbound(_dsn(smtp.arrived[0].sender, "delayed", "4.4.1", CANARY))
    _inbound(_dsn("campaigns@carewatch.example", "failed", "5.1.1", CANARY))
    _inbound(_dsn("bounces+notakey@carewatch.example", "failed", "5.1.1", CANARY))
    assert not Suppression.objects.exists()


def test_a_complaint_report_suppresses_the_address(smtp: LoopbackSMTP) -> None:
    send_now(to=CANARY, template="test", context={}, language="en")
    report = (
        "From: fbl@isp.example\r\n"
        f"To: {smtp.arrived[0].sender}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="b2"\r\n\r\n'
        "--b2\r\nContent-Type: text/plain\r\n\r\nA complaint.\r\n"
        "--b2\r\nContent-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\nUser-Agent: test/1\r\nVersion: 1\r\n\r\n"
        "--b2--\r\n"
    ).encode()
    _inbound(report)
    assert Suppression.objects.get().reason == "complaint"


def test_a_recipient_refused_for_good_by_the_server_is_suppressed(smtp: LoopbackSMTP) -> None:
    smtp.handler.refuse[CANARY] = "550 5.1.1 No such user"
    queue_message(to=CANARY, template="test", data={}, language="en")
    run_jobs()
    assert Suppression.objects.get().reason == "hard_bounce"
    assert Suppression.objects.get().source == "smtp"


def test_a_server_that_says_later_or_cannot_be_reached_gets_the_message_later(
    settings: Any, smtp: LoopbackSMTP
) -> None:
    smtp.handler.refuse[CANARY] = "451 4.3.0 Try again later"
    queue_message(to=CANARY, template="test", data={}, language="en")
    run_jobs()
    settings.EMAIL_PORT = free_port()  # nothing listens there
    queue_message(to="second@example.org", template="test", data={}, language="en")
    run_jobs()
    later = DBTaskResult.objects.filter(status="READY").order_by("run_after")
    assert later.count() == 2 and not Suppression.objects.exists()
    assert all(
        row.run_after and row.run_after > timezone.now() + timedelta(seconds=30) for row in later
    )


# --- DKIM ------------------------------------------------------------------------------------


def test_messages_are_dkim_signed_when_a_key_is_set_and_the_signature_verifies(
    smtp: LoopbackSMTP, settings: Any, tmp_path: Path
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "dkim.pem").write_bytes(pem)
    settings.CAREWATCH_DKIM_KEY_FILE = str(tmp_path / "dkim.pem")
    settings.CAREWATCH_DKIM_SELECTOR = "cw2026"
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    send_now(to=CANARY, template="test", context={}, language="ar")
    raw = smtp.arrived[0].raw

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"cw2026._domainkey.carewatch.example."
        return record

    assert dkim.verify(raw, dnsfunc=dns)
    signature = smtp.arrived[0].message["DKIM-Signature"]
    assert "list-unsubscribe" in signature.lower() and "d=carewatch.example" in signature
    assert not dkim.verify(
        raw.replace(b"List-Unsubscribe-Post", b"List-Unsubscribe-Pust"), dnsfunc=dns
    )


# --- the folder of .eml files ------------------------------------------------------------------


def test_the_folder_gets_one_whole_eml_per_message_and_the_outbox_lists_them(
    settings: Any, tmp_path: Path
) -> None:
    settings.EMAIL_BACKEND = "carewatch.lib.mail.backends.FolderBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    send_now(to=CANARY, template="test", context={}, language="fr")
    send_now(to="second@example.org", template="test", context={}, language="ar")
    files = sorted((tmp_path / "mail").iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    from email import message_from_bytes, policy

    first = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert first["To"] == CANARY and first["X-Envelope-From"].startswith("bounces+")
    out = io.StringIO()
    call_command("mail", "outbox", stdout=out)
    listed = out.getvalue()
    assert CANARY in listed and "second@example.org" in listed and str(files[1]) in listed
    assert "2 message(s)" in listed


# --- providers' webhooks -----------------------------------------------------------------------


def _mailgun(event: dict[str, Any], key: str) -> dict[str, Any]:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event,
    }


def _failed(recipient: str) -> dict[str, Any]:
    return {
        "event": "failed",
        "severity": "permanent",
        "recipient": recipient,
        "timestamp": time.time(),
        "id": "evt1",
        "reason": "bounce",
        "delivery-status": {"code": 550, "message": "5.1.1 user unknown", "description": ""},
        "message": {"headers": {"message-id": "m1@carewatch.example"}},
    }


@pytest.fixture
def webhooks(settings: Any) -> dict[str, str]:
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret", "MAILGUN_WEBHOOK_SIGNING_KEY": "mg-key"}
    auth = base64.b64encode(b"hook:s3cret").decode()
    return {"HTTP_AUTHORIZATION": f"Basic {auth}"}


def test_a_provider_s_signed_bounce_suppresses_the_address(
    client: Client, webhooks: dict[str, str]
) -> None:
    body = json.dumps(_mailgun(_failed(CANARY), "mg-key"))
    answer = client.post(
        "/mail/webhooks/mailgun/tracking/", body, content_type="application/json", **webhooks
    )
    assert answer.status_code == 200, answer.content
    suppression = Suppression.objects.get()
    assert suppression.reason == "hard_bounce" and suppression.source == "webhook:mailgun"


def test_a_forged_webhook_is_refused_and_suppresses_nothing(
    client: Client, webhooks: dict[str, str], settings: Any
) -> None:
    forged = json.dumps(_mailgun(_failed(CANARY), "not-the-key"))
    url = "/mail/webhooks/mailgun/tracking/"
    assert client.post(url, forged, content_type="application/json", **webhooks).status_code == 400
    signed = json.dumps(_mailgun(_failed(CANARY), "mg-key"))
    assert client.post(url, signed, content_type="application/json").status_code == 400
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": "mg-key"}
    assert client.post(url, signed, content_type="application/json").status_code == 404
    assert not Suppression.objects.exists()


# --- supporters' data stays out of logs ----------------------------------------------------------


def test_the_audit_log_and_the_logs_name_the_mailbox_key_never_the_address(
    smtp: LoopbackSMTP, caplog: Any
) -> None:
    caplog.set_level("DEBUG", logger="carewatch")
    send_now(to=CANARY, template="test", context={}, language="en")
    _inbound(_dsn(smtp.arrived[0].sender, "failed", "5.1.1", CANARY))
    entry = AuditEntry.objects.get(action="carewatch.mail.suppressed")
    assert entry.object_id == mailbox_key(CANARY)
    stored = json.dumps(
        [entry.before, entry.after, entry.reason, entry.actor_label, entry.object_id]
    )
    assert CANARY not in stored and "canary.supporter" not in stored
    ours = [r.getMessage() for r in caplog.records if r.name.startswith(("carewatch", "django"))]
    assert not any(CANARY in line for line in ours)


def test_subjects_and_plain_text_parts_are_not_html_escaped() -> None:
    """A title with an apostrophe and an ampersand reads as written in the subject and the
    plain-text part, and is escaped in the HTML part only."""
    from carewatch.lib.mail.render import render

    title = "L'appel & <les soignants>"
    data = {
        "title": title,
        "confirm_url": "https://x/c/",
        "petition_url": "https://x/p/",
        "days": 7,
    }
    content = render("petition_confirm", data, "fr")
    assert title in content.subject
    assert title in content.text
    assert "L&#x27;appel &amp; &lt;les soignants&gt;" in content.html


def test_a_confirmation_goes_to_an_address_that_unsubscribed_but_not_to_one_that_bounced(
    smtp: Any,
) -> None:
    from carewatch.supporters.choices import SuppressionReason
    from carewatch.supporters.services import suppress

    suppress(
        mailbox=mailbox_key("left@example.org"), reason=SuppressionReason.UNSUBSCRIBED, source="t"
    )
    suppress(
        mailbox=mailbox_key("dead@example.org"), reason=SuppressionReason.HARD_BOUNCE, source="t"
    )
    for address in ("left@example.org", "dead@example.org"):
        queue_message(to=address, template="test", data={}, language="en", requested=True)
        queue_message(to=address, template="test", data={}, language="en")
    run_jobs()
    assert [a.recipients for a in smtp.arrived] == [["left@example.org"]]
