"""Data inside translated plain text (notes, PDF cells, feeds, emails): each fragment isolated
with Unicode's own marks, so that a date, a code or a name in the other script keeps its order in
a sentence of either direction. In HTML, templates use ``<bdi>`` and ``dir`` for the same."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation


def ltr(text: str) -> str:
    """``text`` isolated as left to right (a date, a code): in an Arabic line, "2026-12-05" would
    otherwise show its parts in right-to-left order."""
    return f"\u2066{text}\u2069" if text else text


def isolated(text: str) -> str:
    """``text`` (a name in either script) isolated in its own direction."""
    return f"\u2068{text}\u2069" if text else text


def listed(items: Iterable[str]) -> str:
    """Names joined into one list, each isolated; with the Arabic comma in Arabic."""
    separator = "، " if translation.get_language() == "ar" else ", "
    return separator.join(isolated(item) for item in items)
