"""Mail that comes back: delivery status notifications (RFC 3464), complaint reports (RFC 5965,
ARF) and unsubscribe requests sent to the ``List-Unsubscribe`` mailto address.

The mail server hands each message to ``carewatch mail inbound`` (e.g. a pipe alias); this module
says what the message is. A bounce is believed only through its VERP return path (``verp``):
the recipient a report names can be anything its sender chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from typing import Literal

from carewatch.lib.mail.verp import key_in

#: Headers in which mail servers give the address a message was delivered to.
DELIVERY_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")
TOKEN = re.compile(r"unsubscribe\s+([A-Za-z0-9_:.\-]{20,400})", re.IGNORECASE)


@dataclass(frozen=True)
class Bounce:
    """``key``: the mailbox key from the return path; ``kind``: "hard" (the address does not
    work: suppress), "soft" (try later) or "complaint" (the recipient called it spam: suppress)."""

    key: str
    kind: Literal["hard", "soft", "complaint"]
    status: str
    diagnostic: str


@dataclass(frozen=True)
class UnsubscribeRequest:
    token: str


Inbound = Bounce | UnsubscribeRequest | None


def read_inbound(raw: bytes) -> Inbound:
    """What ``raw`` (one message, as received) is; None for anything else (an auto-reply)."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # nosec B101 (policy.default makes one)
    key = _verp_key(message)
    if key is None:
        found = TOKEN.search(str(message.get("Subject", "")))
        return UnsubscribeRequest(found.group(1)) if found else None
    if message.get_content_type() != "multipart/report":
        return None
    report = message.get_param("report-type", "", header="Content-Type")
    if str(report).lower() == "feedback-report":
        return Bounce(key, "complaint", "", _feedback_type(message))
    if str(report).lower() == "delivery-status":
        return _delivery_status(key, message)
    return None


def _verp_key(message: Message) -> str | None:
    for header in DELIVERY_HEADERS:
        for value in message.get_all(header, []):
            for address in str(value).split(","):
                key = key_in(address.strip().rpartition("<")[2].rstrip(">"))
                if key:
                    return key
    return None


def _delivery_status(key: str, message: EmailMessage) -> Bounce | None:
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        recipients = (
            [b for b in blocks[1:] if isinstance(b, Message)] if isinstance(blocks, list) else []
        )
        for block in recipients:
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            diagnostic = str(block.get("Diagnostic-Code", "")).strip()[:500]
            if action == "failed" and status.startswith("5"):
                return Bounce(key, "hard", status, diagnostic)
            if action in {"failed", "delayed"}:
                return Bounce(key, "soft", status, diagnostic)
    return None


def _feedback_type(message: EmailMessage) -> str:
    for part in message.walk():
        if part.get_content_type() == "message/feedback-report":
            payload = part.get_payload()
            first = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(first, Message):
                return str(first.get("Feedback-Type", "abuse"))
    return "abuse"
