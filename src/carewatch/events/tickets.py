"""Ticket codes, the links in an attendee's messages, the QR image and the calendar file.

A ticket code is ten characters of Crockford's base 32 (no I, L, O or U: read aloud and typed
without confusion), the start of a keyed hash of the registration and a random nonce: it cannot
be made without the server's key, and stands for nothing else. The QR carries the code alone,
not a link: a photo of a ticket opens nothing. Links that act on a registration (leave the
waiting list, take an offered place, cancel) are signed tokens of its id and nonce, so that a
new nonce retires every link given before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from datetime import datetime, timedelta

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from carewatch.events.choices import EventStatus
from carewatch.events.models import Event, Registration

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_B32, _ALPHABET)
#: What a typed code may be mistaken for, read as the code means it.
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
LINK_SALT = "carewatch.events.registration"


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def code_for(registration_id: int, nonce: str) -> str:
    key = hashlib.sha256(force_bytes(f"carewatch.events.ticket{settings.SECRET_KEY}")).digest()
    mac = hmac.new(key, f"{registration_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac)[:10].decode().translate(_TO_CROCKFORD)


def normalised(typed: str) -> str:
    """A code as typed or scanned (any case, spaces, dashes, O for 0) as it is stored."""
    kept = "".join(c for c in typed.upper() if c.isalnum() and c.isascii())
    return kept.translate(_CONFUSED)[:12]


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if code else ""


def code_hash(code: str) -> str:
    """What the check-in page keeps offline for each ticket (the SHA-256 of its code)."""
    return hashlib.sha256(code.encode()).hexdigest()


def link_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "n": registration.nonce}, salt=LINK_SALT)


def link_url(registration: Registration) -> str:
    path = reverse("event-registration", args=[link_token(registration)])
    return settings.CAREWATCH_SITE_URL + path


def read_link(token: str) -> tuple[int, str]:
    """(registration id, nonce); (0, "") for a link that is not one of ours."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        return int(data["r"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return 0, ""


def qr_png(code: str) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def ics(event: Event, title: str, *, where: str, url: str, now: datetime) -> bytes:
    """The event as an iCalendar file (RFC 5545), its times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//CareWatch//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{_host()}")
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at or event.starts_at + timedelta(hours=2))
    entry.add("summary", title)
    if where:
        entry.add("location", where)
    entry.add("url", url)
    if event.status == EventStatus.CANCELLED:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    return calendar.to_ical()


def _host() -> str:
    site = settings.CAREWATCH_SITE_URL
    return site.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
