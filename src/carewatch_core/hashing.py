"""Hashes used for integrity: canonical JSON, the audit chain link, file digests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: Any) -> str:
    """JSON with sorted keys and no whitespace, so equal payloads hash equally."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def chain_hash(previous: str, payload: Any) -> str:
    """SHA-256 of the previous entry's hash followed by this entry's canonical content."""
    return hashlib.sha256((previous + canonical_json(payload)).encode("utf-8")).hexdigest()


def sha256_chunks(chunks: Iterable[bytes]) -> str:
    """SHA-256 of a stream of byte chunks (a file read piece by piece)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
