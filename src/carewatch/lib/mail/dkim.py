"""DKIM signing (RFC 6376) of outgoing messages, for servers that send mail directly.

On when ``CAREWATCH_DKIM_KEY_FILE`` (an RSA or Ed25519 private key, PEM) and
``CAREWATCH_DKIM_SELECTOR`` are set; the domain is ``CAREWATCH_DKIM_DOMAIN`` or the sender's.
The public key goes in DNS at ``<selector>._domainkey.<domain>``. The signature covers the
``List-Unsubscribe`` headers, as RFC 8058 asks for one-click unsubscription.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

import dkim

#: Headers signed when present (From always).
SIGNED_HEADERS = (
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"MIME-Version",
    b"Content-Type",
    b"Content-Language",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
    b"List-Id",
)


@dataclass(frozen=True)
class Signer:
    selector: str
    private_key: bytes
    domain: str = ""  # empty: the domain of the From address

    def sign(self, message: bytes, sender: str) -> bytes:
        """``message`` with a ``DKIM-Signature`` header in front."""
        domain = self.domain or parseaddr(sender)[1].rpartition("@")[2]
        present = [name for name in SIGNED_HEADERS if _has_header(message, name)]
        signature = dkim.sign(
            message,
            self.selector.encode(),
            domain.encode(),
            self.private_key,
            include_headers=present,
            linesep=b"\r\n",
        )
        return bytes(signature) + message


def _has_header(message: bytes, name: bytes) -> bool:
    head = message.split(b"\r\n\r\n", 1)[0].lower()
    return head.startswith(name.lower() + b":") or b"\r\n" + name.lower() + b":" in head
