"""Month and weekday names in English, French and Arabic (both the Levantine names used in Syria
and the names used elsewhere), as regular expressions and their numbers."""

from __future__ import annotations

import re

from carewatch_core.extraction.text import arabic_pattern
from carewatch_core.lazyre import lazy_compile

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "كانون الثاني", "يناير"),
    2: ("february", "feb", "février", "fevrier", "févr", "شباط", "فبراير"),
    3: ("march", "mar", "mars", "آذار", "اذار", "مارس"),
    4: ("april", "apr", "avril", "avr", "نيسان", "أبريل", "ابريل", "إبريل"),
    5: ("may", "mai", "أيار", "ايار", "مايو"),
    6: ("june", "jun", "juin", "حزيران", "يونيو", "يونيه"),
    7: ("july", "jul", "juillet", "juil", "تموز", "يوليو", "يوليه"),
    8: ("august", "aug", "août", "aout", "آب", "اب", "أغسطس", "اغسطس"),
    9: ("september", "sept", "sep", "septembre", "أيلول", "ايلول", "سبتمبر"),
    10: ("october", "oct", "octobre", "تشرين الأول", "تشرين الاول", "أكتوبر", "اكتوبر"),
    11: ("november", "nov", "novembre", "تشرين الثاني", "نوفمبر"),
    12: ("december", "dec", "décembre", "decembre", "déc", "كانون الأول", "كانون الاول", "ديسمبر"),
}

_WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("monday", "lundi", "الاثنين", "الإثنين"),
    1: ("tuesday", "mardi", "الثلاثاء"),
    2: ("wednesday", "mercredi", "الأربعاء", "الاربعاء"),
    3: ("thursday", "jeudi", "الخميس"),
    4: ("friday", "vendredi", "الجمعة"),
    5: ("saturday", "samedi", "السبت"),
    6: ("sunday", "dimanche", "الأحد", "الاحد"),
}


def _alternation(table: dict[int, tuple[str, ...]]) -> tuple[str, dict[str, int]]:
    names = sorted({n for group in table.values() for n in group}, key=len, reverse=True)
    parts = []
    for name in names:
        if re.search(r"[\u0600-\u06ff]", name):
            parts.append(r"\s+".join(arabic_pattern(w) for w in name.split()))
        else:
            parts.append(re.escape(name) + (r"\.?" if len(name) <= 4 else ""))
    lookup = {n.lower(): k for k, group in table.items() for n in group}
    return "(?:" + "|".join(parts) + ")", lookup


MONTH, _MONTH_LOOKUP = _alternation(_MONTHS)
WEEKDAY, _WEEKDAY_LOOKUP = _alternation(_WEEKDAYS)
_MONTH_ALONE = lazy_compile(rf"(?<![\w]){MONTH}(?![\w])", re.I)
_WEEKDAY_ALONE = lazy_compile(rf"(?<![\w]){WEEKDAY}(?![\w])", re.I)
_MARKS = re.compile("[\u064b-\u0652\u0640]")


def _key(name: str) -> str:
    key = re.sub(r"\s+", " ", _MARKS.sub("", name.lower())).rstrip(".")
    for a in "أإآ":
        key = key.replace(a, "ا")
    return key


_MONTH_KEYS = {_key(k): v for k, v in _MONTH_LOOKUP.items()}
_WEEKDAY_KEYS = {_key(k): v for k, v in _WEEKDAY_LOOKUP.items()}


def month_number(name: str) -> int | None:
    return _MONTH_KEYS.get(_key(name))


def weekday_number(name: str) -> int | None:
    return _WEEKDAY_KEYS.get(_key(name))


def months_in(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Month names in ``text[start:end]``; "may", "mar" and "jan" count only when capitalised
    (they are words too)."""
    found = []
    for match in _MONTH_ALONE.finditer(text, start, len(text) if end is None else end):
        word = match.group(0)
        if (
            word.lower().rstrip(".") in {"may", "mar", "jan", "sep", "dec", "mai"}
            and not word[0].isupper()
        ):
            continue
        found.append(match)
    return found


def weekdays_in(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    return list(_WEEKDAY_ALONE.finditer(text, start, len(text) if end is None else end))
