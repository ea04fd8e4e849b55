"""Numbers that are not figures: dates and times, years, ages and durations, phone numbers,
addresses and postcodes, money, percentages, page and list numbers, codes ("M2", "@rpitti57")."""

from __future__ import annotations

import re

from carewatch_core.extraction.calendar_words import MONTH
from carewatch_core.extraction.numbers import Mention
from carewatch_core.extraction.text import arabic_pattern
from carewatch_core.lazyre import lazy_compile

_SPANS = [
    (
        "date",
        rf"(?<!\d)\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:de\s+|من\s+)?{MONTH}(?!\w)(?:,?\s+\d{{4}})?",
    ),
    ("date", rf"(?<!\w){MONTH}\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"),
    ("date", rf"(?<!\w){MONTH},?\s+\d{{4}}"),
    ("date", r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"),
    ("time", r"\d{1,2}(?::\d{2})?\s*(?:-|–|to|à)\s*\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)(?!\w)"),
    ("time", r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?!\w)|\d{1,2}\s*[:h]\s*\d{2}(?!\d)|\d{1,2}h(?!\w)"),
    (
        "phone",
        r"(?:\+|00)\d[\d .-]{7,}\d|(?<!\d)0\d(?:[ .-]?\d{2}){4}(?!\d)|(?<![\d,.])\d{9,}(?!\d)",
    ),
]
_SPAN_PATTERNS = [(reason, lazy_compile(pattern, re.I)) for reason, pattern in _SPANS]

_UNIT = (
    r"(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|ans?|années?|mois|semaines?|jours?|"
    r"heures?|minutes?|"
    + "|".join(
        arabic_pattern(w)
        for w in (
            "عاما",
            "عام",
            "أعوام",
            "سنة",
            "سنوات",
            "شهرا",
            "شهر",
            "أشهر",
            "شهور",
            "أسبوع",
            "أسابيع",
            "يوما",
            "يوم",
            "أيام",
            "ساعة",
            "ساعات",
            "دقيقة",
            "دقائق",
        )
    )
    + r")(?![A-Za-zÀ-ÿ])"
)
_AFTER = [
    ("duration", lazy_compile(rf"(?:-|\s)*{_UNIT}", re.I)),
    ("distance", lazy_compile(r"\s*(?:km|kilom[eè]tres?|kilometers?|miles?|m\b|كم|كيلومتر)", re.I)),
    (
        "money",
        lazy_compile(r"\s*(?:[$€£]|dollars?|euros?|usd|eur|cad|gbp|livres?|دولار|يورو|ليرة)", re.I),
    ),
    (
        "percent",
        lazy_compile(
            r"\s*(?:%|per\s?cent|pour\s?cent|بالمئة|بالمائة|في\s+المئة|في\s+المائة)", re.I
        ),
    ),
    (
        "address",
        lazy_compile(
            r"(?:\s+[A-Z][a-z]+){1,3}\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Drive|Way)\b"
            r"|\s*,?\s*(?:rue|avenue|boulevard|bd|allée|chemin|quai|impasse|place)\s",
        ),
    ),
    ("code", lazy_compile(r"[A-Za-zÀ-ÿ]")),
    ("reference", lazy_compile(r"\]")),
]
#: What follows a number written in words that makes it no figure ("five years", "cinq pour cent").
_WORDS_TOO = frozenset({"duration", "distance", "money", "percent"})
_BEFORE = [
    ("money", lazy_compile(r"(?:[$€£]|usd|eur|us\$|cad)\s*\Z", re.I)),
    ("page", lazy_compile(r"(?:\bpages?|\bpp?\.|صفحة|ص\.)\s*\Z", re.I)),
    (
        "age",
        lazy_compile(
            r"(?:\baged?|\bâgée?s?\s+de|\bage\s+of|عمره|عمرها|يبلغ\s+من\s+العمر)\s*\Z", re.I
        ),
    ),
    ("year", lazy_compile(r"(?:\bin|\ben|\bsince|\bdepuis|\bof|\bde|عام|سنة|منذ)\s+\Z", re.I)),
    ("code", lazy_compile(r"(?:[A-Za-zÀ-ÿ@#_]|[A-Za-z]-|\[)\Z")),
    ("link", lazy_compile(r"(?:https?://|www\.)\S*\Z", re.I)),
]
_LIST_NUMBER = lazy_compile(r"\s*[.)]\s")


def excluded_spans(text: str) -> list[tuple[int, int, str]]:
    """Stretches of ``text`` (prepared) where no number is a figure: dates, times, phones."""
    return [
        (m.start(), m.end(), reason)
        for reason, pattern in _SPAN_PATTERNS
        for m in pattern.finditer(text)
    ]


def why_not(text: str, mention: Mention, spans: list[tuple[int, int, str]]) -> str | None:
    """The reason ``mention`` is not a figure, or ``None`` when it may be one. A year is told
    by its context: "in 2017" is a year, "2017 attacks" may be a count (the caller decides)."""
    after = text[mention.end : mention.end + 60]
    if mention.kind not in ("digits", "range"):  # words: "five years", "cinq pour cent"
        return next((r for r, p in _AFTER if r in _WORDS_TOO and p.match(after)), None)
    for start, end, reason in spans:
        if start <= mention.start < end or start < mention.end <= end:
            return reason
    for reason, pattern in _AFTER:
        if pattern.match(after):
            return reason
    before = text[max(0, mention.start - 30) : mention.start]
    for reason, pattern in _BEFORE:
        if pattern.search(before) and (reason != "year" or _year_like(mention)):
            return reason
    line_start = text.rfind("\n", 0, mention.start) + 1
    if not text[line_start : mention.start].strip() and _LIST_NUMBER.match(after):
        return "list"
    return None


def _year_like(mention: Mention) -> bool:
    return mention.value is not None and 1900 <= mention.value <= 2099


def is_year(text: str, mention: Mention) -> bool:
    """A bare four-digit number between 1900 and 2099 written without a thousands separator."""
    return _year_like(mention) and text[mention.start : mention.end].isdigit()
