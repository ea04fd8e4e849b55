"""Where a figure is: a place named after "in", "à", "في"… that the gazetteer knows exactly (a
fuzzy match is not taken: "Paris" is not a Syrian village)."""

from __future__ import annotations

import re

from carewatch_core.extraction.text import ARABIC_LETTER, ARABIC_MARKS, Span
from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.resolve import resolve

_LATIN = re.compile(
    r"(?:\bin|\binside|\bat|\bnear|\bacross|\bthroughout|\bà|\ben|\bdans|\bprès\s+de|\bde|\bd'|\bof"
    r"|\bà\s+travers(?:\s+toute)?|\bdans\s+toute)\s*"
    r"(?:the\s+|la\s+|le\s+|l')?(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
_ARABIC = re.compile(
    rf"(?<![{ARABIC_LETTER}])(?:في|ب|بمدينة|بريف|ريف|مدينة|محافظة)\s*"
    rf"(?P<name>[{ARABIC_LETTER}{ARABIC_MARKS}]+(?:\s+[{ARABIC_LETTER}{ARABIC_MARKS}]+)?)"
)
_COUNTRY = {"syria", "syrie", "سوريا", "سورية", "السورية"}


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self._known: dict[str, str | None] = {}

    def nearest(self, text: str, sentence: Span, at: int) -> str | None:
        """The p-code of the place named nearest to ``at`` in the sentence, or ``None``."""
        if self.gazetteer is None:
            return None
        found = []
        for pattern in (_LATIN, _ARABIC):
            for match in pattern.finditer(text, sentence.start, sentence.end):
                pcode = self._pcode(match.group("name"), self.gazetteer)
                if pcode:
                    found.append((abs(match.start() - at), pcode))
        return min(found)[1] if found else None

    def _pcode(self, name: str, gazetteer: Gazetteer) -> str | None:
        if name not in self._known:
            self._known[name] = _lookup(name, gazetteer)
        return self._known[name]


def _lookup(name: str, gazetteer: Gazetteer) -> str | None:
    words = name.split()
    for candidate in (name, words[0]) if len(words) > 1 else (name,):
        if candidate.casefold() in _COUNTRY:
            return "SY"
        found = resolve(candidate, gazetteer)
        if found is not None and found.method in ("exact", "normalised"):
            return found.pcode
    return None
