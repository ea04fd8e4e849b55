"""Email addresses as one person's key: one signature per person, one supporter per address.

Mailbox providers ignore parts of an address: Gmail ignores dots in the local part and
everything after a ``+``; several others ignore a ``+tag``. ``normalised`` removes what the
address's provider ignores (and case), so ``Jane.Doe+petition@GoogleMail.com`` and
``janedoe@gmail.com`` are one person. It does not decide whether an address exists.
"""

from __future__ import annotations

import re

#: Domains whose mailboxes ignore dots in the local part, and the domain they are one with.
DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
#: Domains whose mailboxes deliver ``name+tag`` to ``name``.
PLUS_TAGS = {
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.fr",
    "live.com",
    "live.fr",
    "icloud.com",
    "me.com",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "fastmail.com",
    "yandex.ru",
    "yandex.com",
}
#: A plain address: one @, a local part and a domain with a dot, no spaces or angle brackets.
PLAIN = re.compile(
    r"^[^@\s<>(),;:\"\[\]]{1,64}@[A-Za-z0-9\u00a1-\uffff.-]{1,253}\.[A-Za-z\u00a1-\uffff]{2,63}$"
)


def is_plain_address(address: str) -> bool:
    return bool(PLAIN.match(address.strip()))


def normalised(address: str) -> str:
    """The key of the mailbox ``address`` delivers to (lower case, provider's equivalences)."""
    local, _, domain = address.strip().lower().rpartition("@")
    domain = domain.rstrip(".")
    domain = DOTS_IGNORED.get(domain, domain)
    if domain in PLUS_TAGS:
        local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED.values():
        local = local.replace(".", "")
    return f"{local}@{domain}"


def domain_of(address: str) -> str:
    return normalised(address).rpartition("@")[2]
