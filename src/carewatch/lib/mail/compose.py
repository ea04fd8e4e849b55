"""One outgoing message: both parts, the recipient's language, the unsubscribe headers, the
return path.

Every message CareWatch sends can be refused with one click (RFC 8058): ``List-Unsubscribe``
gives an https URL (a POST to it unsubscribes, with nothing else to do) and a mailto address;
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` says the POST is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import make_msgid, parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from carewatch.lib.mail.verp import return_path


@dataclass(frozen=True)
class Unsubscribe:
    """Where the recipient unsubscribes: ``url`` (https, answers a one-click POST) and ``token``
    (what a mail to the mailto address must carry in its subject; none for messages to staff,
    whose mailto would have nothing to read it: the header gives the URL alone)."""

    url: str
    token: str = ""

    def header(self) -> str:
        if not self.token:
            return f"<{self.url}>"
        mailbox = settings.CAREWATCH_UNSUBSCRIBE_MAILBOX
        mailto = f"mailto:{mailbox}?subject={quote('unsubscribe ' + self.token)}"
        return f"<{self.url}>, <{mailto}>"


@dataclass(frozen=True)
class Content:
    """What a message says, in one language."""

    subject: str
    text: str
    html: str
    language: str


def compose(
    *, to: str, content: Content, unsubscribe: Unsubscribe, list_id: str = ""
) -> EmailMultiAlternatives:
    """A multipart message (plain text, then HTML) to ``to``, from ``DEFAULT_FROM_EMAIL``, with
    a VERP return path (``CAREWATCH_BOUNCE_DOMAIN``) and the unsubscribe headers."""
    sender = settings.DEFAULT_FROM_EMAIL
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    headers = {
        "From": sender,
        "Message-ID": make_msgid(domain=domain),
        "Content-Language": content.language,
        "List-Unsubscribe": unsubscribe.header(),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if list_id:
        headers["List-Id"] = f"<{list_id}.{domain}>"
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=return_path(to, settings.CAREWATCH_BOUNCE_DOMAIN or domain),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(content.html, "text/html")
    return message
