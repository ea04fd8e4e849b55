# Arabic script and apostrophe look-alikes in strings are intended, not confusables.
"""Resolve free-text place names (English or Arabic, any spelling) to gazetteer p-codes.

Matching happens in four steps, each weaker than the one before:

1. ``exact``: the trimmed text is, verbatim, a name or alias of a place.
2. ``normalised``: equal after :func:`normalise_name` (case, diacritics, Arabic letter
   forms, articles, punctuation, generic words such as "governorate").
3. What lists write around a name (``compound``): "the countryside of" a governorate is the
   governorate ("ريف حماة", "Hama countryside"), and a place written with what contains it
   ("Aleppo - Al-Bab", "الباب، حلب") is the finest place found inside the widest.
4. ``fuzzy``: the closest normalised name by edit similarity (rapidfuzz ``ratio``),
   above :data:`FUZZY_THRESHOLD`.

Tie rule: when one spelling names several places, the highest administrative level wins
(governorate before district before sub-district) unless ``level`` is given. In Syria
this happens because a governorate's centre district and centre sub-district carry its
name ("Idleb" is SY07, SY0700 and SY070000). When every other candidate lies inside the
chosen place the answer is right at a coarser precision, so confidence drops only to
0.95; when unrelated places share the name ("Suran" in Aleppo and in Hama) it is a guess,
so confidence is divided by the number of places in play and the others are listed in
``alternatives``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from carewatch_core.geo.compound import countryside_key, parts_of
from carewatch_core.geo.gazetteer import Gazetteer, Place

Method = Literal["exact", "normalised", "fuzzy"]

#: Minimum rapidfuzz ``ratio`` (0-100) for a fuzzy match.
FUZZY_THRESHOLD = 80.0
#: Fuzzy confidence is ``score / 100 * FUZZY_CEILING`` so that it stays below any exact hit.
FUZZY_CEILING = 0.9
#: Fuzzy candidates this close (in score points) to the best one count as rivals.
FUZZY_RIVAL_MARGIN = 5.0
#: Confidence for an exact hit whose name is shared only with places nested inside it.
NESTED_TIE_CONFIDENCE = 0.95
#: Very short strings match almost anything by edit distance, so they only match exactly.
FUZZY_MIN_LENGTH = 4

# Arabic letter variants that writers use interchangeably; hamza seats and tashkeel are
# removed separately as combining marks after NFKD.
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ء": None,
        "ـ": None,
    }
)
# Transliterations write the ayn/hamza as any of these (Dar'a, Darʿa, Dar`a): drop them.
_APOSTROPHES = re.compile(r"['’‘`´ʼʻʿʾ′]")
_NON_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")
_SUB_DISTRICT = re.compile(r"\bsub ?district\b")
# Latin spellings of the Arabic article, dropped wherever they stand before another word
# so that "Ras al-Ain" and "Ras Ain", "Deir ez-Zor" and "Deir Zor" meet.
_ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "as",
        "es",
        "ar",
        "er",
        "ad",
        "ed",
        "ash",
        "esh",
        "az",
        "ez",
        "an",
        "en",
        "at",
        "et",
        "ath",
        "adh",
    }
)
# Words that say what kind of unit a name is, not which one (already in normalised form).
_GENERIC = frozenset(
    {
        "governorate",
        "governorates",
        "province",
        "muhafazah",
        "muhafazat",
        "mohafaza",
        "district",
        "districts",
        "mantiqa",
        "mantiqat",
        "subdistrict",
        "nahiya",
        "nahia",
        "محافظه",
        "منطقه",
        "ناحيه",
    }
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place a text was resolved to, and how sure the match is (0..1)."""

    pcode: str
    level: int
    confidence: float
    matched: str
    method: Method
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Hit:
    place: Place
    matched: str
    score: float


@dataclass(frozen=True)
class _Index:
    verbatim: dict[str, list[tuple[Place, str]]]
    normalised: dict[str, list[tuple[Place, str]]]
    keys: list[str]


@dataclass(frozen=True)
class _Accept:
    """Candidate filter for the ``level`` and ``within`` arguments."""

    gazetteer: Gazetteer
    level: int | None
    within: str | None

    def __call__(self, place: Place) -> bool:
        if self.level is not None and place.level != self.level:
            return False
        return self.within is None or self.gazetteer.is_within(place.pcode, self.within)


def normalise_name(text: str) -> str:
    """Reduce a place name to a comparison key shared by its common spellings.

    Casefolds, strips Latin diacritics and Arabic tashkeel/tatweel, unifies Arabic letter
    forms (alef variants → ا, ة → ه, ى → ي), removes apostrophes, turns other punctuation
    into spaces, drops articles (al-, el-, as-, ... and ال), generic words ("governorate",
    "محافظة", ...) and collapses doubled letters (Lattakia/Latakia, Daraa/Dar'a).
    """
    text = _strip_marks(unicodedata.normalize("NFKD", text)).casefold()
    text = _APOSTROPHES.sub("", text.translate(_ARABIC_LETTERS))
    text = _SUB_DISTRICT.sub("subdistrict", _NON_WORD.sub(" ", text))
    words = _drop_generic(text.split())
    return _REPEATS.sub(r"\1", " ".join(_drop_articles(words)))


def _strip_marks(text: str) -> str:
    # After NFKD, accents and Arabic diacritics (incl. hamza above/below) are marks.
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _drop_generic(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in _GENERIC]
    return kept or words  # "Governorate" alone stays a (useless) name, not an empty key


def _drop_articles(words: list[str]) -> list[str]:
    kept: list[str] = []
    for i, word in enumerate(words):
        is_last = i == len(words) - 1
        if word in _ARTICLES and not is_last:
            continue
        kept.append(_drop_arabic_article(word))
    return kept


def _drop_arabic_article(word: str) -> str:
    # Only strip ال from words long enough to keep a stem of two letters or more.
    return word[2:] if word.startswith("ال") and len(word) >= 4 else word


def resolve(
    text: str,
    gazetteer: Gazetteer,
    level: int | None = None,
    within: str | None = None,
) -> Resolution | None:
    """Resolve ``text`` to a place, or ``None`` when nothing is close enough.

    ``level`` restricts the answer to one administrative level (0 country ... 3
    sub-district). ``within`` restricts it to places strictly inside that p-code. See the
    module docstring for the tie rule and how confidence is computed.
    """
    if within is not None and gazetteer.get(within) is None:
        raise KeyError(f"unknown p-code for within: {within!r}")
    index = _index(gazetteer)
    accept = _Accept(gazetteer, level, within)
    verbatim = _lookup(index.verbatim, text.strip(), accept)
    if verbatim:
        return _decide(verbatim, gazetteer, "exact", 1.0, 0.0)
    key = normalise_name(text)
    normalised = _lookup(index.normalised, key, accept)
    if normalised:
        return _decide(normalised, gazetteer, "normalised", 1.0, 0.0)
    read = _countryside(key, index, gazetteer, accept) or _compound(text, gazetteer, accept)
    return read or _resolve_fuzzy(key, index, gazetteer, accept)


def _countryside(
    key: str, index: _Index, gazetteer: Gazetteer, accept: _Accept
) -> Resolution | None:
    """The countryside of a governorate ("ريف حماة", "Hama countryside"): the governorate
    (``compound``); Rif Dimashq for Damascus."""
    inner = countryside_key(key)
    if inner is None:
        return None
    hits = _lookup(index.normalised, inner, _Accept(gazetteer, 1, None))
    if not hits:
        return None
    found = _decide(hits, gazetteer, "normalised", 1.0, 0.0)
    pcode = _rural(found.pcode, index, gazetteer)
    place = gazetteer.get(pcode)
    if place is None or not accept(place):
        return None
    return Resolution(pcode, 1, found.confidence, found.matched, "normalised", found.alternatives)


def _rural(pcode: str, index: _Index, gazetteer: Gazetteer) -> str:
    """The governorate named as the countryside of governorate ``pcode``, or ``pcode``."""
    place = gazetteer.get(pcode)
    for name in place.names if place else ():
        for word in ("ريف", "rural"):
            for other, _name in index.normalised.get(f"{word} {normalise_name(name)}", ()):
                if other.level == 1 and other.pcode != pcode:
                    return other.pcode
    return pcode


def _compound(text: str, gazetteer: Gazetteer, accept: _Accept) -> Resolution | None:
    """A place with what contains it ("Aleppo - Al-Bab", "الباب، حلب"): the finest place named
    inside the widest (``compound``)."""
    parts = parts_of(text)
    if not 2 <= len(parts) <= 4:
        return None
    found = [(part, resolve(part, gazetteer)) for part in parts]
    named = [(part, r) for part, r in found if r is not None]
    if not named:
        return None
    widest_part, widest = min(named, key=lambda pair: (pair[1].level, -pair[1].confidence))
    if any(
        r.level == widest.level
        and r.pcode != widest.pcode
        and not _nested(gazetteer, r.pcode, widest.pcode)
        for _, r in named
    ):
        return None  # "Hama, Homs": two places, neither inside the other
    best = widest
    for part, _ in named:
        if part is widest_part:
            continue
        inner = resolve(part, gazetteer, within=widest.pcode)
        if inner is not None and inner.level > best.level:
            best = inner
    for candidate in (best, widest):
        place = gazetteer.get(candidate.pcode)
        if place is not None and accept(place):
            return candidate
    return None


def _lookup(table: dict[str, list[tuple[Place, str]]], key: str, accept: _Accept) -> list[_Hit]:
    return [_Hit(p, name, 100.0) for p, name in table.get(key, ()) if accept(p)]


def _resolve_fuzzy(
    key: str, index: _Index, gazetteer: Gazetteer, accept: _Accept
) -> Resolution | None:
    if len(key.replace(" ", "")) < FUZZY_MIN_LENGTH:
        return None
    matches = process.extract(
        key, index.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
    )
    hits = [
        _Hit(place, name, score)
        for found, score, _ in matches
        for place, name in index.normalised[found]
        if accept(place)
    ]
    if not hits:
        return None
    best = max(h.score for h in hits)
    return _decide(hits, gazetteer, "fuzzy", best / 100 * FUZZY_CEILING, FUZZY_RIVAL_MARGIN)


def _decide(
    hits: list[_Hit], gazetteer: Gazetteer, method: Method, base: float, margin: float
) -> Resolution:
    """Pick the best hit (score, then higher admin level, then p-code) and rate it."""
    best = min(hits, key=lambda h: (-h.score, h.place.level, h.place.pcode))
    close = {h.place.pcode for h in hits if h.score >= best.score - margin} - {best.place.pcode}
    rivals = sorted(p for p in close if not _nested(gazetteer, p, best.place.pcode))
    return Resolution(
        pcode=best.place.pcode,
        level=best.place.level,
        confidence=round(base * _tie_factor(rivals, close), 4),
        matched=best.matched,
        method=method,
        alternatives=tuple(rivals),
    )


def _nested(gazetteer: Gazetteer, a: str, b: str) -> bool:
    return gazetteer.is_within(a, b) or gazetteer.is_within(b, a)


def _tie_factor(rivals: list[str], close: set[str]) -> float:
    if rivals:
        return 1.0 / (1 + len(rivals))
    return NESTED_TIE_CONFIDENCE if close else 1.0


@lru_cache(maxsize=8)
def _index(gazetteer: Gazetteer) -> _Index:
    # Gazetteers are immutable and few (one per country), so caching by identity is safe.
    verbatim: dict[str, list[tuple[Place, str]]] = {}
    normalised: dict[str, list[tuple[Place, str]]] = {}
    for place in gazetteer:
        for name in place.names:
            _add_once(verbatim, name, place, name)
            _add_once(normalised, normalise_name(name), place, name)
    return _Index(verbatim, normalised, sorted(normalised))


def _add_once(table: dict[str, list[tuple[Place, str]]], key: str, place: Place, name: str) -> None:
    entries = table.setdefault(key, [])
    if all(p.pcode != place.pcode for p, _ in entries):
        entries.append((place, name))


def in_country_bounds(lat: float, lon: float, country: str = "SY") -> bool:
    """True when (lat, lon) lies inside the country's bounding box (from admin level 0).

    A cheap plausibility check for importers: it catches swapped or mistyped coordinates,
    not points just across a border.
    """
    west, south, east, north = Gazetteer.load(country).bbox
    return south <= lat <= north and west <= lon <= east
