"""Which text encoding a CSV or JSON file uses: decode trials, never a silent guess.

Order: a byte-order mark decides (UTF-8, UTF-16); otherwise the whole file is checked as
strict UTF-8 (streamed, so a million rows cost one fast pass); otherwise it is a single-byte
file, Windows-1256 when its non-ASCII letters read as Arabic there, else Windows-1252
(when it uses bytes 0x80-0x9F) or Latin-1. A file
whose bytes decode to control characters is refused (binary, UTF-16 without a BOM,
or an encoding we do not read). In a file that is valid UTF-8 the C1 controls (U+0080-U+009F)
are text: they are what mis-encoded quotes in published datasets become (the Insecurity
Insight workbook's descriptions hold U+009D), and the file can only be that text; in a
single-byte reading they mean the encoding is wrong.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from carewatch_core.imports.errors import UNDECODABLE, FileError

CHUNK = 1 << 20
SAMPLE = 4 << 20
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "bom"),
    (codecs.BOM_UTF16_LE, "utf-16", "bom"),
    (codecs.BOM_UTF16_BE, "utf-16", "bom"),
)
# Control characters other than tab, line feed, form feed and carriage return; with C1 (single-byte readings).
_C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16"})


@dataclass(frozen=True)
class Encoding:
    """The codec name Python reads the file with, and how it was decided."""

    name: str
    reason: (
        str  # "bom" | "valid_utf8" | "arabic_letters" | "windows_1252" | "single_byte" | "given"
    )


def detect_encoding(path: Path) -> Encoding:
    """Decide the file's encoding, or raise ``FileError(UNDECODABLE)``."""
    with path.open("rb") as handle:
        head = handle.read(4)
    for bom, name, reason in _BOMS:
        if head.startswith(bom):
            return Encoding(name, reason)
    bad_offset = _first_invalid_utf8(path)
    if bad_offset is None:
        _refuse_controls(path, "utf-8")
        return Encoding("utf-8", "valid_utf8")
    return _single_byte(path, bad_offset)


def _first_invalid_utf8(path: Path) -> int | None:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset
    return None


def _single_byte(path: Path, bad_offset: int) -> Encoding:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE)
    high = [b for b in sample if b >= 0x80]
    arabic = sum(1 for ch in bytes(high).decode("cp1256") if _is_arabic_letter(ch))
    if arabic * 2 > len(high):
        name, reason = "cp1256", "arabic_letters"
    else:
        # Bytes 0x80-0x9F are control characters in Latin-1 but quotes and dashes in
        # Windows-1252, which is what Western spreadsheet programs write.
        name, reason = (
            ("cp1252", "windows_1252")
            if any(b < 0xA0 for b in high)
            else ("latin-1", "single_byte")
        )
    _refuse_controls(path, name, bad_offset)
    return Encoding(name, reason)


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" and unicodedata.category(ch).startswith("L")


def _refuse_controls(path: Path, name: str, bad_offset: int | None = None) -> None:
    """NUL and other control bytes mean this is not text we can read in ``name``."""
    with path.open("rb") as handle:
        raw = handle.read(SAMPLE)
    try:
        sample = codecs.getincrementaldecoder(name)().decode(raw)  # a cut last character waits
    except UnicodeDecodeError as exc:
        raise FileError(UNDECODABLE, offset=exc.start, tried=name) from None
    found = (_C0_CONTROLS if name in _UNICODE else _CONTROLS).search(sample)
    if found:
        offset = len(sample[: found.start()].encode(name)) if bad_offset is None else bad_offset
        raise FileError(UNDECODABLE, offset=offset, tried=name)
