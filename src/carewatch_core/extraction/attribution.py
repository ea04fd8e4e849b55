"""Who a text credits a figure to: "– White Helmets" at the end of its line, "according to
UNICEF", "selon l'OMS", "d'après MSF", "بحسب منظمة الصحة العالمية", "وفقاً لـ الدفاع المدني"."""

from __future__ import annotations

import re

from carewatch_core.extraction.text import ARABIC_LETTER, ARABIC_MARKS, arabic_pattern

_NAME = r"(?:[A-Z][\w&.'-]*|&)(?:\s+(?:[A-Z][\w&.'-]*|&|of|de|du|des|for|pour|sans))*"
_TRAILING = re.compile(r"[-–—]\s*(?P<name>[A-Z][\w&.'-]*(?:\s+[A-Z&][\w&.'-]*){0,3})\s*[.)]?\s*$")
_LATIN = re.compile(
    rf"(?i:according\s+to|reported\s+by|figures\s+from|data\s+from|source:|citing|selon|"
    rf"d'après|de\s+source|sources?\s*:|rapportés?\s+par)\s*"
    rf"(?i:the\s+|le\s+|la\s+|les\s+|l')?(?P<name>{_NAME})",
)
_AR_WORDS = rf"[{ARABIC_LETTER}{ARABIC_MARKS}]+"
_ARABIC = re.compile(
    "(?:"
    + "|".join(
        arabic_pattern(w)
        for w in (
            "بحسب",
            "حسب",
            "وفقا ل",
            "وفقا لـ",
            "وفق",
            "نقلا عن",
            "أفادت",
            "أفاد",
            "ذكرت",
            "ذكر",
            "قالت",
            "قال",
        )
    )
    + rf")\s*ـ?\s*(?P<name>{_AR_WORDS}(?:\s+{_AR_WORDS}){{0,3}})"
)
_NOT_A_SOURCE = {
    "One",
    "The",
    "A",
    "An",
    "Le",
    "La",
    "Les",
    "Un",
    "Une",
    "Il",
    "Elle",
    "We",
    "Our",
    "They",
    "He",
    "She",
    "It",
    "This",
    "Nous",
}
_STOP_AR = re.compile(
    "|".join(
        rf"(?<!\S){arabic_pattern(w)}(?!\S)"
        for w in ("في", "خلال", "منذ", "إن", "أن", "بأن", "إنه", "أنه")
    )
)


_SAID = re.compile(
    rf"(?P<name>{_NAME})\s+(?:said|says|reported|reports|stated|(?:has|have)\s+(?:documented|recorded|"
    rf"reported|counted)|documented|recorded|a\s+(?:déclaré|indiqué|recensé|documenté|rapporté)|"
    rf"ont\s+(?:recensé|documenté))\b"
)


def source_in(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The source named in ``text[start:end]`` (a sentence) and where, or ``None``."""
    said = _SAID.search(text, start, end)
    if said and said.group("name").split()[0] not in _NOT_A_SOURCE:
        return _clean(said.group("name")), said.start("name")
    for pattern in (_LATIN, _ARABIC):
        match = pattern.search(text, start, end)
        if match:
            return _clean(match.group("name")), match.start("name")
    return None


def trailing_source(text: str, start: int, end: int) -> tuple[str, int] | None:
    """A source given after a dash at the end of a line ("1600 injured – White Helmets")."""
    match = _TRAILING.search(text, start, end)
    if match is None or match.group("name").split()[0] in _NOT_A_SOURCE:
        return None
    return _clean(match.group("name")), match.start("name")


def _clean(name: str) -> str:
    name = re.sub(r"^(?:ONG|NGO|l'ONG|the NGO)\s+", "", name.strip(" .,:;)"))
    stop = _STOP_AR.search(name)
    if stop and stop.start() > 0:
        name = name[: stop.start()].strip()
    return re.sub(r"\s+", " ", name)


def same_organisation(name: str, issuer: str | None) -> bool:
    """Whether a named source is the issuer itself ("UOSSM" in "UOSSM Canada")."""
    if not issuer:
        return False
    a, b = name.casefold(), issuer.casefold()
    return a == b or a in b.split() or b in a.split()
