"""Text prepared for reading figures: the same length as the original (so every offset found in
it is an offset in the original), digits made ASCII, odd spaces made plain; split into lines and
sentences; its language guessed when not given."""

from __future__ import annotations

import re
from dataclasses import dataclass

from carewatch_core.digits import ARABIC_INDIC, EASTERN_ARABIC_INDIC

# One character for one character: Arabic-Indic and Persian digits, the Arabic thousands and
# decimal separators, and the spaces that separate thousands in French (no-break, narrow
# no-break, thin, figure space).
_SAME_LENGTH = str.maketrans(
    ARABIC_INDIC + EASTERN_ARABIC_INDIC + "٬٫\u00a0\u202f\u2009\u2007\u2002\u2003’",
    "0123456789" * 2 + ",.      '",
)

ARABIC_LETTER = "\u0621-\u064a\u0671-\u06d3"
ARABIC_MARKS = "\u064b-\u0652\u0670\u0640"  # short vowels, shadda, sukun, dagger alef, tatweel


def prepared(text: str) -> str:
    """``text`` with ASCII digits, plain spaces and straight apostrophes, offsets unchanged."""
    return text.translate(_SAME_LENGTH)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_LINE_BREAK = re.compile(r"\n|\r|[•▪●◦·]\s|\s[-*]\s(?=\d)")
_SENTENCE_END = re.compile(rf"[.!?؟][\"»”')]*(?=\s+[\"«“(A-ZÀ-Ý{ARABIC_LETTER}0-9])")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:Dr|Pr|Mr|Ms|Mrs|St|Mt|No|Nr|vs|p|pp|M|Mme|Mgr|Prof|Gen|Col|Jr|Sr|etc|[A-Z])$"
)


def lines(text: str) -> list[Span]:
    """Non-empty lines, bullets counted as line starts."""
    spans, start = [], 0
    for found in _LINE_BREAK.finditer(text):
        spans.append(Span(start, found.start()))
        start = found.end()
    spans.append(Span(start, len(text)))
    return [s for s in spans if text[s.start : s.end].strip()]


def sentences(text: str, line: Span) -> list[Span]:
    """The sentences of one line."""
    spans, start = [], line.start
    for found in _SENTENCE_END.finditer(text, line.start, line.end):
        if _ABBREVIATION.search(text, max(line.start, found.start() - 6), found.start()):
            continue  # "Dr. Bakri", "Pr. Pitti", "Bloor St. E"
        spans.append(Span(start, found.end()))
        start = found.end()
    spans.append(Span(start, line.end))
    return [s for s in spans if text[s.start : s.end].strip()]


_FRENCH = re.compile(
    r"\b(?:le|la|les|des|du|est|et|pour|dans|une|sont|ont|été|selon|au|aux|qui)\b", re.I
)
_ENGLISH = re.compile(r"\b(?:the|and|of|to|is|in|for|have|has|was|were|are|by|with)\b", re.I)
_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def guess_language(text: str) -> str:
    """ "ar" when most letters are Arabic, else "fr" or "en" by their commonest small words."""
    arabic = len(_ARABIC.findall(text))
    if arabic > len(_LATIN.findall(text)):
        return "ar"
    return "fr" if len(_FRENCH.findall(text)) > len(_ENGLISH.findall(text)) else "en"


def arabic_pattern(word: str) -> str:
    """A regular expression for an Arabic word that tolerates its short vowels and tatweel and
    the usual spelling variants of alef, ya and ta marbuta."""
    variants = {
        "ا": "[اأإآ]",
        "أ": "[اأإآ]",
        "إ": "[اأإآ]",
        "آ": "[اأإآ]",
        "ي": "[يى]",
        "ى": "[يى]",
        "ة": "[ةه]",
        "ه": "[ةه]",
    }
    marks = f"[{ARABIC_MARKS}]*"
    return marks.join(variants.get(c, re.escape(c)) for c in word)
