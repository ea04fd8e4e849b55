"""The messages in a folder written by ``FolderBackend``: what ``carewatch mail outbox`` lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path


@dataclass(frozen=True)
class Written:
    path: Path
    date: str
    to: str
    subject: str
    language: str


def messages(folder: Path) -> Iterator[Written]:
    """Every ``.eml`` file of ``folder``, oldest first (their names start with the time)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.eml")):
        with open(path, "rb") as handle:
            headers = BytesHeaderParser(policy=policy.default).parse(handle)
        yield Written(
            path=path,
            date=str(headers.get("Date", "")),
            to=str(headers.get("To", "")),
            subject=str(headers.get("Subject", "")),
            language=str(headers.get("Content-Language", "")),
        )
