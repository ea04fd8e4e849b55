"""Digits as people type them on Arabic keyboards: one table for the whole project.

Arabic-Indic digits (٠–٩, U+0660–U+0669) and Eastern Arabic-Indic ones (۰–۹, U+06F0–U+06F9, the
Persian and Urdu forms) become ASCII digits; nothing else changes. Forms, the API, imports, name
matching and one-time codes all read numbers through :func:`ascii_digits`.
"""

from __future__ import annotations

ARABIC_INDIC = "".join(chr(0x0660 + n) for n in range(10))
EASTERN_ARABIC_INDIC = "".join(chr(0x06F0 + n) for n in range(10))
_TABLE = str.maketrans(ARABIC_INDIC + EASTERN_ARABIC_INDIC, "0123456789" * 2)


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Eastern Arabic-Indic digits written as ASCII digits."""
    return text.translate(_TABLE)
