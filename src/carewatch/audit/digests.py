"""Keyed digests of restricted values in the audit log (docs/requirements.md S5, S20).

An entry that changes a restricted field (an exact point, a date of birth, an informant's
name) records ``hmac-sha256:<key id>:<32 hex>`` instead of the value: it shows *that* the value
changed, and whoever holds the key can check a claimed value, but a copy of the database,
a backup or an audit export cannot be brute-forced back to the value without the key.

The key is ``CAREWATCH_AUDIT_KEY`` (or ``_FILE``), required in production. Outside production a
random key is created once in the data folder (``audit.key``, readable by its owner only).
Entries written before keyed digests held ``sha256:<16 hex>`` of the value; the re-seal
(``sealing.py``) replaces each with ``hmac-sha256+sha256:<key id>:<32 hex>``, the keyed digest
of that old digest, so a claimed value can still be checked by whoever holds the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from carewatch_core.hashing import canonical_json

KEYED = "hmac-sha256:"
RESEALED = "hmac-sha256+sha256:"
LEGACY = "sha256:"
KEY_FILE_NAME = "audit.key"


@cache
def _key_for(configured: str, data_dir: str) -> bytes:
    if configured:
        return configured.encode("utf-8")
    path = Path(data_dir) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("utf-8")


def audit_key() -> bytes:
    return _key_for(settings.CAREWATCH_AUDIT_KEY, str(settings.DATA_DIR))


def key_id(key: bytes | None = None) -> str:
    """Eight hex digits naming the key (a digest of it), so a digest says which key made it."""
    return hmac.new(key or audit_key(), b"carewatch audit key id", hashlib.sha256).hexdigest()[:8]


def _mac(text: str, key: bytes) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def digest(value: Any) -> str:
    """The keyed digest stored in the audit log in place of a restricted value."""
    key = audit_key()
    return f"{KEYED}{key_id(key)}:{_mac(canonical_json(value), key)}"


def legacy_digest(value: Any) -> str:
    """The unkeyed digest entries held before keyed digests (for checking and for tests)."""
    return LEGACY + hashlib.sha256(canonical_json(value).encode()).hexdigest()[:16]


def reseal_digest(old: str) -> str:
    """The keyed replacement for an unkeyed ``sha256:`` digest."""
    key = audit_key()
    return f"{RESEALED}{key_id(key)}:{_mac(old, key)}"


def is_digest(value: Any) -> bool:
    """Any digest the log holds in place of a value (keyed, re-sealed or unkeyed)."""
    return isinstance(value, str) and value.startswith((KEYED, RESEALED, LEGACY))


def is_legacy(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(LEGACY) and len(value) == len(LEGACY) + 16


def matches(stored: str, claimed: Any) -> bool:
    """Whether ``claimed`` is the value behind ``stored`` (needs the key that made it)."""
    if stored.startswith(RESEALED):
        candidate = reseal_digest(legacy_digest(claimed))
    elif stored.startswith(KEYED):
        candidate = digest(claimed)
    else:
        return False
    return hmac.compare_digest(candidate, stored)
