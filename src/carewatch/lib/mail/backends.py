"""Django mail backends: SMTP with optional DKIM signing, and a folder of ``.eml`` files."""

from __future__ import annotations

import os
import smtplib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

from carewatch.lib.mail.dkim import Signer


def signer() -> Signer | None:
    """The DKIM signer the settings describe, or None."""
    key_file = getattr(settings, "CAREWATCH_DKIM_KEY_FILE", "")
    if not key_file:
        return None
    return Signer(
        selector=settings.CAREWATCH_DKIM_SELECTOR,
        private_key=Path(key_file).read_bytes(),
        domain=getattr(settings, "CAREWATCH_DKIM_DOMAIN", ""),
    )


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent (CRLF line ends), DKIM-signed when the settings ask for it."""
    raw: bytes = message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
    dkim_signer = signer()
    if dkim_signer is None:
        return raw
    sender = message.extra_headers.get("From", message.from_email)
    return dkim_signer.sign(raw, sender)


class SMTPBackend(EmailBackend):
    """Django's SMTP backend; the envelope sender is the message's ``from_email`` (a VERP
    return path when ``compose`` set one), and the message is DKIM-signed when configured."""

    def _send(self, email_message: EmailMessage) -> bool:
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in email_message.recipients()]
        try:
            assert self.connection is not None  # opened by send_messages  # nosec B101
            self.connection.sendmail(sender, recipients, wire_bytes(email_message))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


class FolderBackend(BaseEmailBackend):
    """Each message as one ``.eml`` file (what a mail program opens) in ``EMAIL_FILE_PATH``,
    named by the time it was written; written whole or not at all (a temporary name, then
    renamed), so the folder never holds half a message."""

    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if message.recipients():
                self._write(message)
                sent += 1
        return sent

    def _write(self, message: EmailMessage) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        final = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        partial = final.with_suffix(".part")
        envelope = (
            f"X-Envelope-From: {message.from_email}\r\n"
            f"X-Envelope-To: {', '.join(message.recipients())}\r\n"
        ).encode()
        with open(partial, "wb") as handle:
            handle.write(envelope + wire_bytes(message))
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(final)
        return final
