"""Files uploaded for import: each in its own private folder, kept only until its import ends.

The folder's name is a random token (the page that previews the upload carries it; the
session says whose it is). The file keeps the uploader's name (sanitised), so the run
records the name the user knows. Paths are never written to logs or to the audit log.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

#: The file types an import can read (``carewatch_core.imports.tables.open_table``).
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class UploadTooLarge(Exception):
    """The upload is over ``CAREWATCH_MAX_ATTACHMENT_BYTES``; nothing of it was kept."""


@dataclass(frozen=True)
class StagedUpload:
    token: str
    name: str

    @property
    def path(self) -> Path:
        return uploads_dir() / self.token / self.name


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports" / "uploads"


def safe_name(name: str) -> str:
    """The uploader's file name without folders or odd characters (its type suffix kept)."""
    path = Path(name.replace("\\", "/").rsplit("/", 1)[-1])
    suffix = path.suffix.lower()
    try:
        stem = get_valid_filename(path.stem)[:120]
    except SuspiciousFileOperation:
        stem = "upload"
    return f"{stem or 'upload'}{suffix}"


def stage(name: str, chunks: Iterable[bytes], limit: int) -> StagedUpload:
    """Write the upload into a new private folder; over ``limit`` bytes, keep nothing."""
    token = secrets.token_urlsafe(24)
    staged = StagedUpload(token, safe_name(name))
    staged.path.parent.mkdir(parents=True, mode=0o700)
    size = 0
    try:
        with staged.path.open("xb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge
                out.write(chunk)
    except BaseException:
        discard(token)
        raise
    return staged


def find(token: str, name: str) -> StagedUpload | None:
    """The staged upload, if the token is well formed and its file is still there."""
    if not _TOKEN.match(token or "") or safe_name(name) != name:
        return None
    staged = StagedUpload(token, name)
    return staged if staged.path.is_file() else None


def discard(token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(uploads_dir() / token, ignore_errors=True)


def discard_older_than(seconds: float) -> int:
    """Remove uploads left behind (previewed, never imported); returns how many."""
    folder = uploads_dir()
    if not folder.is_dir():
        return 0
    limit = time.time() - seconds
    old = [p for p in folder.iterdir() if p.is_dir() and p.stat().st_mtime < limit]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return len(old)
