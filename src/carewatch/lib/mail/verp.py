"""VERP (variable envelope return path): each recipient's messages carry a return path of their
own, ``bounces+<key>@<domain>``, so that a bounce says whose address failed whatever the
reporting server writes in it.

The key is a keyed hash of the mailbox (``mailbox_key``): nobody without the instance's secret
can make the key of an address they do not receive mail at, so a forged bounce cannot suppress
someone else's address. The suppression list keeps keys, not addresses (an erased supporter's
bounced address stays suppressed with nothing left that names it). Changing ``SECRET_KEY``
changes every key: the suppression list must then be rebuilt from the providers' lists.
"""

from __future__ import annotations

import base64
import re

from django.utils.crypto import salted_hmac

KEY_LENGTH = 26  # base32 characters: 130 bits
PREFIX = "bounces"
_KEY = re.compile(rf"^[a-z2-7]{{{KEY_LENGTH}}}$")


def mailbox_key(address: str) -> str:
    """The keyed hash of a mailbox (compared without case: servers treat it so in practice)."""
    digest = salted_hmac("carewatch.mail.mailbox", address.strip().lower(), algorithm="sha256")
    return base64.b32encode(digest.digest()).decode().lower()[:KEY_LENGTH]


def return_path(address: str, domain: str) -> str:
    """The envelope sender for messages to ``address``."""
    return f"{PREFIX}+{mailbox_key(address)}@{domain}"


def key_in(recipient: str) -> str | None:
    """The mailbox key in a return path (``bounces+<key>@…``), or None for any other address."""
    local = recipient.strip().strip("<>").rpartition("@")[0].lower()
    prefix, plus, key = local.partition("+")
    if prefix != PREFIX or not plus or not _KEY.match(key):
        return None
    return key
