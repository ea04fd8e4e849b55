"""Where a text states a quantity: digits with any separator, number words (English and French
through ``text2num``, Arabic by the rules below), Arabic duals ("طبيبين": two doctors), vague
quantities ("dozens", "des dizaines", "عشرات") and ranges ("between 10 and 20", "من 10 إلى 20").
Works on ``text.prepared`` text, whose digits are ASCII already."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from text_to_num import text2num  # type: ignore[import-untyped]  # no stubs

from carewatch_core.extraction.text import ARABIC_LETTER, ARABIC_MARKS, arabic_pattern


@dataclass(frozen=True, slots=True)
class Mention:
    """A quantity at ``start``..``end``: exact (``value``), or between ``low`` and ``high``
    (a range, or a vague quantity with no upper bound)."""

    start: int
    end: int
    value: int | None
    low: int | None = None
    high: int | None = None
    kind: str = "digits"  # digits, words, dual, vague, range
    total: int | None = None  # "2 of the 4 largest hospitals": 4
    dual_noun: str = ""  # the noun a dual counts ("طبيبين" -> "طبيب")


_DIGITS = re.compile(r"\d{1,3}(?:([,. ])\d{3})(?:\1\d{3})*(?!\d)|\d+(?:[.,]\d+)?")
_SCALE = re.compile(
    r"\s*(?:(millions?|milliards?|billions?|thousand|mille|مليون|ملايين|مليار|ألف|آلاف|الف|الاف)\b"
    r"|([km])\b)",
    re.I,
)
_SCALES = {
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "thousand": 1000,
    "mille": 1000,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "ألف": 1000,
    "آلاف": 1000,
    "الف": 1000,
    "الاف": 1000,
    "k": 1000,
    "m": 10**6,
}


def digit_mentions(text: str) -> list[Mention]:
    found = []
    for match in _DIGITS.finditer(text):
        number = _digits_value(match.group(0))
        end = match.end()
        scale = _SCALE.match(text, end)
        if scale:
            number *= _SCALES[(scale.group(1) or scale.group(2)).lower()]
            end = scale.end()
        if number != int(number):
            continue  # a decimal that no scale made whole: a rate, not a count
        found.append(Mention(match.start(), end, int(number)))
    return found


def _digits_value(raw: str) -> float:
    """ "1,600" "1.600" "78 240" -> 1600, 1600, 78240; "1,5" "2.5" -> 1.5, 2.5 (a separator
    followed by exactly three digits groups thousands; otherwise it is a decimal point)."""
    groups = re.split(r"[,. ]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    return float(raw.replace(",", "."))


# --- number words: English and French -------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_EN = {
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
}
_FR = {
    "zéro",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "vingts",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "cents",
    "mille",
    "million",
    "millions",
    "milliard",
    "milliards",
}
_ALONE_NOT = {"un", "une", "one", "cent", "mille"}  # an article, or a word with other senses
_JOIN = {"en": {"and"}, "fr": {"et"}}


def _is_number_word(word: str, language: str) -> bool:
    vocabulary = _EN if language == "en" else _FR
    parts = word.lower().split("-")
    return all(p in vocabulary or p in {"un", "une", "et", "one"} for p in parts) and any(
        p in vocabulary for p in parts
    )


def word_mentions(text: str, language: str) -> list[Mention]:
    """Runs of number words ("two hundred and fifty", "quatre-vingt-dix", "cinq")."""
    if language not in ("en", "fr"):
        return []
    found: list[Mention] = []
    run: list[re.Match[str]] = []
    for match in [*_WORD.finditer(text), None]:
        word = match.group(0).lower() if match else ""
        joins = match is not None and bool(run) and word in _JOIN[language]
        adjacent = match is not None and (
            not run or not text[run[-1].end() : match.start()].strip()
        )
        if match is not None and adjacent and (_is_number_word(word, language) or joins):
            run.append(match)
            continue
        found.extend(_run_mention(text, run, language))
        run = [match] if match is not None and _is_number_word(word, language) else []
    return found


def _run_mention(text: str, run: list[re.Match[str]], language: str) -> list[Mention]:
    while run and run[-1].group(0).lower() in _JOIN[language]:
        run = run[:-1]
    if not run or (len(run) == 1 and run[0].group(0).lower() in _ALONE_NOT - {"one"}):
        return []
    phrase = text[run[0].start() : run[-1].end()]
    try:
        value = text2num(phrase.lower(), language)
    except ValueError:
        return []
    return [Mention(run[0].start(), run[-1].end(), int(value), kind="words")]


# --- number words and duals: Arabic ---------------------------------------------------------

_AR_UNITS = {
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثة": 3,
    "أربع": 4,
    "أربعة": 4,
    "خمس": 5,
    "خمسة": 5,
    "ستة": 6,
    "سبعة": 7,
    "ثماني": 8,
    "ثمانية": 8,
    "تسع": 9,
    "تسعة": 9,
    "عشر": 10,
    "عشرة": 10,
    "أحد": 1,
    "إحدى": 1,
}
_AR_TENS = {
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "أربعون": 40,
    "أربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
}
_AR_HUNDREDS = {
    "مئة": 100,
    "مائة": 100,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    **{f"{u}مئة": v * 100 for u, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6))},
    **{f"{u}مائة": v * 100 for u, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6))},
    **{f"{u}مئة": v * 100 for u, v in (("سبع", 7), ("ثمان", 8), ("تسع", 9))},
    **{f"{u}مائة": v * 100 for u, v in (("سبع", 7), ("ثمان", 8), ("تسع", 9))},
}
_AR_SCALES = {"ألف": 1000, "آلاف": 1000, "ألفا": 1000, "مليون": 10**6, "ملايين": 10**6}
_AR_PAIRS = {"ألفان": 2000, "ألفين": 2000, "مليونان": 2 * 10**6, "مليونين": 2 * 10**6}
#: Duals of the nouns reports count: the word is the number and the noun at once.
AR_DUALS = {
    "طبيبين": "طبيب",
    "طبيبان": "طبيب",
    "طبيبتين": "طبيب",
    "مستشفيين": "مستشفى",
    "مستشفيان": "مستشفى",
    "طفلين": "طفل",
    "طفلان": "طفل",
    "ممرضتين": "ممرض",
    "ممرضتان": "ممرض",
    "شخصين": "شخص",
    "شخصان": "شخص",
    "مركزين": "مركز",
    "مركزان": "مركز",
    "منشأتين": "منشأة",
    "منشأتان": "منشأة",
    "هجومين": "هجوم",
    "هجومان": "هجوم",
    "غارتين": "غارة",
    "غارتان": "غارة",
    "سيارتي": "سيارة",
    "سيارتا": "سيارة",
}
#: Words that are not a quantity by themselves: "one of", "thousands", "millions".
_NOT_ALONE = {"احد", "احدي", "الاف", "ملايين"}
_AR_WORD = re.compile(f"[{ARABIC_LETTER}{ARABIC_MARKS}]+")
_MARKS = re.compile(f"[{ARABIC_MARKS}]")


def _plain_arabic(word: str) -> str:
    word = _MARKS.sub("", word)
    for a in "أإآ":
        word = word.replace(a, "ا")
    return word.replace("ى", "ي").replace("ة", "ه")


def _table(words: dict[str, int]) -> dict[str, int]:
    return {_plain_arabic(k): v for k, v in words.items()}


_UNITS, _TENS, _HUNDREDS = _table(_AR_UNITS), _table(_AR_TENS), _table(_AR_HUNDREDS)
_SCALE_AR, _PAIRS_AR = _table(_AR_SCALES), _table(_AR_PAIRS)
_DUALS = {_plain_arabic(k): v for k, v in AR_DUALS.items()}


def _arabic_value(word: str) -> tuple[str, int] | None:
    """(kind, value) of one Arabic word: unit, ten, hundred, scale, pair (2000) or None."""
    plain = _plain_arabic(word)
    for stripped in (plain, plain[1:] if plain[:1] == "و" else ""):
        for kind, table in (
            ("unit", _UNITS),
            ("ten", _TENS),
            ("hundred", _HUNDREDS),
            ("scale", _SCALE_AR),
            ("pair", _PAIRS_AR),
        ):
            if stripped and stripped in table:
                return kind, table[stripped]
    return None


def arabic_mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    words = list(_AR_WORD.finditer(text))
    i = 0
    while i < len(words):
        dual = _DUALS.get(_plain_arabic(words[i].group(0)).removeprefix("و"))
        if dual is None and _plain_arabic(words[i].group(0))[:1] in "وبلف":
            dual = _DUALS.get(_plain_arabic(words[i].group(0))[1:])
        if dual is not None:
            found.append(Mention(words[i].start(), words[i].end(), 2, kind="dual", dual_noun=dual))
            i += 1
            continue
        j, total, current = i, 0, 0
        while j < len(words) and (value := _arabic_value(words[j].group(0))) is not None:
            if j > i and text[words[j - 1].end() : words[j].start()].strip():
                break
            kind, number = value
            if kind == "scale":
                total += max(current, 1) * number
                current = 0
            elif kind == "unit" and number == 10 and current and current < 10:
                current += 10  # "ثلاثة عشر" = 13
            else:
                current += number
            j += 1
        alone = j == i + 1 and _plain_arabic(words[i].group(0)) in _NOT_ALONE
        if j > i and not alone:
            found.append(
                Mention(words[i].start(), words[j - 1].end(), total + current, kind="words")
            )
            i = j
        else:
            i += 1
    return found


# --- vague quantities and ranges ------------------------------------------------------------

_VAGUE = [
    (re.compile(r"\b(?:dozens|scores)\b", re.I), 24, None),
    (re.compile(r"\bhundreds\b", re.I), 200, None),
    (re.compile(r"\bthousands\b", re.I), 2000, None),
    (re.compile(r"\bdes\s+dizaines\b", re.I), 20, None),
    (re.compile(r"\bdes\s+centaines\b", re.I), 200, None),
    (re.compile(r"\bdes\s+milliers\b", re.I), 2000, None),
    (re.compile(r"\bune\s+dizaine\b", re.I), 8, 12),
    (re.compile(r"\bune\s+vingtaine\b", re.I), 15, 25),
    (re.compile(r"\bune\s+trentaine\b", re.I), 25, 35),
    (re.compile(r"\bune\s+cinquantaine\b", re.I), 45, 55),
    (re.compile(r"\bune\s+centaine\b", re.I), 80, 120),
    (re.compile(arabic_pattern("عشرات")), 20, None),
    (re.compile(arabic_pattern("مئات")), 200, None),
    (re.compile(arabic_pattern("آلاف")), 2000, None),
]


def vague_mentions(text: str) -> list[Mention]:
    found = []
    for pattern, low, high in _VAGUE:
        for match in pattern.finditer(text):
            found.append(Mention(match.start(), match.end(), None, low, high, kind="vague"))
    return found


_RANGE_JOIN = re.compile(
    r"\s*(?:-|–|—|to|à|et|and|إلى|الى|و)\s*",
    re.I,
)
_RANGE_OPEN = re.compile(r"(?:between|entre|from|de|بين|من)\s+\Z", re.I)
_OF_TOTAL = re.compile(
    r"\s+(?:of|out of|sur|parmi|من أصل|من)\s+(?:the\s+|les\s+|l'|des\s+)?$", re.I
)


def merged(text: str, mentions: list[Mention]) -> list[Mention]:
    """Ranges ("10 to 20", "بين 10 و20") and totals ("2 of the 4") made one mention each."""
    result: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        joined = _joined(text, result[-1], mention) if result else None
        if joined is not None:
            result[-1] = joined
        elif not result or mention.start >= result[-1].end:  # not inside the one before
            result.append(mention)
    return result


def _joined(text: str, previous: Mention, mention: Mention) -> Mention | None:
    first, second = previous.value, mention.value
    if first is None or second is None:
        return None
    between = text[previous.end : mention.start]
    opened = _RANGE_OPEN.search(text, max(0, previous.start - 12), previous.start)
    dash = between.strip() in {"-", "–", "—"} and len(between) <= 3
    if (opened or dash) and _RANGE_JOIN.fullmatch(between) and second > first:
        start = opened.start() if opened else previous.start
        return Mention(start, mention.end, None, first, second, kind="range")
    if _OF_TOTAL.fullmatch(" " + between.rstrip() + " ") and first <= second:
        return replace(previous, total=second, end=mention.end)
    return None


def mentions(text: str, language: str) -> list[Mention]:
    """Every quantity in ``text`` (prepared), ranges and totals merged, in text order."""
    found = digit_mentions(text) + vague_mentions(text)
    found += arabic_mentions(text) if language == "ar" else word_mentions(text, language)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return merged(text, found)
