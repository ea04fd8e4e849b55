"""Content-addressed evidence storage: files are named by their SHA-256 and never modified."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings


class EvidenceCorrupted(Exception):
    """A stored file no longer matches the digest it was stored under."""


class FileTooLarge(ValueError):
    pass


def evidence_path(sha256: str) -> Path:
    return Path(settings.EVIDENCE_DIR) / sha256[:2] / sha256[2:4] / sha256


def store_chunks(
    chunks: Iterable[bytes], max_bytes: int, check: Callable[[Path], None] | None = None
) -> tuple[str, int]:
    """Stream ``chunks`` to a temporary file while hashing; move it into place by digest.

    Raises ``FileTooLarge`` (and keeps nothing) past ``max_bytes``; ``check`` may refuse the
    complete temporary file by raising (nothing is kept either). Storing the same content twice
    keeps one file.
    """
    root = Path(settings.EVIDENCE_DIR)
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(size)
                digest.update(chunk)
                handle.write(chunk)
        if check is not None:
            check(Path(tmp_name))
        sha = digest.hexdigest()
        target = evidence_path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
            os.chmod(target, 0o440)
        return sha, size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def read_verified(sha256: str) -> bytes:
    """The stored bytes, after checking they still hash to ``sha256``."""
    data = evidence_path(sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceCorrupted(sha256)
    return data
