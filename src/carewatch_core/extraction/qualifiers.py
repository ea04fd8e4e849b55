"""How exact a stated quantity is: "at least", "more than", "about", "up to", "fewer than"."""

from __future__ import annotations

import re

from carewatch_core.extraction.text import arabic_pattern


def _any(*words: str) -> str:
    parts = []
    for word in words:
        if _arabic(word):
            parts.append(r"\s+".join(arabic_pattern(w) for w in word.split()))
        else:
            parts.append(r"(?<![\wÀ-ÿ])" + re.escape(word).replace(r"\ ", r"\s+"))
    return "|".join(parts)


def _arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in word)


_BEFORE = [
    (
        "at_least",
        _any(
            "at least",
            "no fewer than",
            "no less than",
            "au moins",
            "pas moins de",
            "au minimum",
            "ما لا يقل عن",
            "لا يقل عن",
            "ما لا يقلّ عن",
        ),
    ),
    (
        "more_than",
        _any(
            "more than",
            "over",
            "upwards of",
            "in excess of",
            "plus de",
            "au-delà de",
            "أكثر من",
            "ما يزيد عن",
            "ما يزيد على",
            "يزيد عن",
            "أزيد من",
            "ما يربو على",
        ),
    ),
    (
        "about",
        _any(
            "about",
            "around",
            "approximately",
            "roughly",
            "nearly",
            "almost",
            "some",
            "close to",
            "an estimated",
            "près de",
            "environ",
            "quelque",
            "quelques",
            "presque",
            "pratiquement",
            "approximativement",
            "nearly",
            "نحو",
            "حوالي",
            "حوالى",
            "قرابة",
            "زهاء",
            "ما يقارب",
            "ما يقرب من",
            "تقريبا",
        ),
    ),
    ("up_to", _any("up to", "as many as", "jusqu'à", "jusqu'a", "حتى")),
    ("less_than", _any("less than", "fewer than", "under", "moins de", "أقل من")),
]
_BEFORE_PATTERNS = [(code, re.compile(rf"(?:{pattern})\s*\Z", re.I)) for code, pattern in _BEFORE]
_AFTER = re.compile(
    r"[^.!?؟،,;:\n]{0,30}?(?<!\w)(?:at\s+least|au\s+moins|" + arabic_pattern("على الأقل") + ")",
    re.I,
)


def qualifier_of(text: str, start: int, end: int) -> str | None:
    """The qualifier of the quantity at ``text[start:end]``, or ``None`` when it is exact."""
    before = text[max(0, start - 30) : start]
    for code, pattern in _BEFORE_PATTERNS:
        if pattern.search(before):
            return code
    return "at_least" if _AFTER.match(text, end) else None
