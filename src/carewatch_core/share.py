"""Share links built as each platform's own compose address — the visitor's browser goes to the
platform, which shows the message ready to send; no script of theirs runs on our pages.

X's web intent (``/intent/tweet?text=``), Bluesky's (``/intent/compose?text=``), Mastodon's
share page on the visitor's own server (``https://<server>/share?text=``), and ``mailto:``
(RFC 6068: subject and body percent-encoded).
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: A Mastodon server's host name (no scheme, port, path or user part).
HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def x_url(text: str) -> str:
    return "https://x.com/intent/tweet?text=" + quote(text, safe="")


def bluesky_url(text: str) -> str:
    return "https://bsky.app/intent/compose?text=" + quote(text, safe="")


def mastodon_url(server: str, text: str) -> str:
    """The share page of the visitor's Mastodon server (ValueError for anything but a host)."""
    host = server.strip().lower().removeprefix("https://").rstrip("/")
    if not HOST.match(host):
        raise ValueError(f"not a server name: {server!r}")
    return f"https://{host}/share?text=" + quote(text, safe="")


def mailto_url(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def addressed(message: str, handle: str) -> str:
    """The message with ``{handle}`` replaced (or the handle put first when the message has no
    place for it); an empty handle leaves the placeholder out."""
    if "{handle}" in message:
        return " ".join(message.replace("{handle}", handle).split())
    return f"{handle} {message}".strip()
