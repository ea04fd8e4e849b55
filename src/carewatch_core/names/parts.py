"""The parts of an Arabic name (given, father, grandfather, family) and one key per part.

Syrian names usually have three or four parts: a given name, the father's and the
grandfather's given names, and a family name (``محمد عبد الرحمن الحلبي``: Muhammad, son of
Abd al-Rahman, of the Halabi family). Some parts are written as several words and must
stay one part: "Abd al-Rahman" (servant of the Merciful), "Abu Bakr", "Nur al-Din",
"Salah ad-Din". "bin", "ibn" and "bint" (son/daughter of) only join parts.

Both scripts go through one Latin spelling first (``fold_latin`` for Latin text,
``romanise_arabic`` for Arabic script), so the same rules cut both, and every part gets a
key (``part_key``): its consonant skeleton without the article, so that
``محمد عبد الرحمن الحلبي`` and "Muhammed Abd Al Rahman Halaby" have the same keys.
Keys are for matching only: never show them as a name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from carewatch_core.names.arabic import ARABIC_CLASS, romanise_arabic
from carewatch_core.names.latin import fold_latin, latin_skeleton
from carewatch_core.names.titles import without_titles

#: The article, as both spellings write it once it stands apart.
ARTICLE = "al"
#: Words that join a name to the father's name: son of, daughter of.
CONNECTORS = frozenset({"bin", "bn", "ibn", "bint", "bnt"})
#: Words that open a compound with the next word: servant of, father of.
OPENERS = frozenset({"abd", "abu", "abo"})
#: The second half of "Nur al-Din", "Salah ad-Din", "Nour-Eddin", "Alaeddin" written apart.
_DIN = re.compile(r"(?:[aeu]l|[aeu])?din")
#: The same written as one word (Salahuddin, Alauddin, Nureddin; as ``forms.FORM_RULES`` reads it).
_GLUED_DIN = re.compile(r"(?<=\w\w)(?:[aeu]l|[aeu]d|[aeu])din$")
#: A letter of the Arabic script, and a letter of any other script: ``is_arabic`` as two
#: regular-expression searches (a character loop costs too much on a million names).
_ARABIC_LETTER = re.compile(f"(?=[^\\W\\d_])[{ARABIC_CLASS}]")
_OTHER_LETTER = re.compile(f"(?![{ARABIC_CLASS}])[^\\W\\d_]")
_HAMZA_LAM = frozenset({"\u0623\u0644", "\u0625\u0644", "\u0622\u0644"})
#: A family name with its article glued on (Alhalabi, Elmasri): cut when 4+ letters remain; only
#: at the start (Salameh and Salahudin keep their "al").
_GLUED_ARTICLE = re.compile(r"^[ae]l(?=[a-z]{4,}$)")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name cut into parts (each part a tuple of folded words) and read by position:
    the first part is the given name, the last (when there are two or more) the family
    name, the second and third (when there are three or four) the father's and the
    grandfather's names. ``keys`` holds ``part_key`` of every part, in order."""

    parts: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]

    @property
    def given(self) -> str:
        return self.keys[0] if self.keys else ""

    @property
    def family(self) -> str:
        return self.keys[-1] if len(self.keys) >= 2 else ""

    @property
    def father(self) -> str:
        return self.keys[1] if len(self.keys) >= 3 else ""

    @property
    def grandfather(self) -> str:
        return self.keys[2] if len(self.keys) >= 4 else ""


@functools.lru_cache(maxsize=1 << 16)
def _romanise_word(word: str) -> str:
    """أل/إل at the start of a word is a hamza, not the article (ألويس is Alois)."""
    if word[:2] in _HAMZA_LAM:
        return "a" + romanise_arabic(word[1:]).replace(" ", "")
    return romanise_arabic(word)


@functools.lru_cache(maxsize=1 << 16)
def _fold_chunk(chunk: str) -> str:
    return fold_latin(chunk)


def _chunks(text: str) -> list[str]:
    """Whitespace-separated words, joined to the next word when they may be a particle
    that the folding rules read together with it (al, ar, Abd, Abdul, Abu, bin): folding
    chunk by chunk gives what folding the whole text gives, and chunks repeat, so their
    folding is cached (a million names are keyed in seconds)."""
    chunks: list[str] = []
    pending: list[str] = []
    for word in text.split():
        pending.append(word)
        bare = word.casefold()
        if len(bare) > 4 and not bare.startswith("ab"):
            chunks.append(" ".join(pending))
            pending = []
    if pending:
        chunks.append(" ".join(pending))
    return chunks


def latin_words(text: str) -> list[str]:
    """The name in one Latin spelling, as words: romanised word by word if written in
    Arabic script, folded otherwise."""
    if _OTHER_LETTER.search(text) or not _ARABIC_LETTER.search(text):
        return " ".join(map(_fold_chunk, _chunks(text))).split()
    return " ".join(_romanise_word(word) for word in text.split()).split()


def _group(words: list[str]) -> list[list[str]]:
    """Cut words into parts: connectors are dropped, an opener takes the next word (and
    the article before it), a -din word joins the part before it."""
    parts: list[list[str]] = []
    pending: list[str] = []
    for word in words:
        if word in CONNECTORS and not pending:
            continue
        pending.append(word)
        if word in OPENERS or word == ARTICLE:
            continue
        if _DIN.fullmatch(word) and parts and len(pending) <= 2:
            parts[-1].extend(pending)
        else:
            parts.append(pending)
        pending = []
    if pending:
        parts.append(pending)
    return parts


def without_article(words: tuple[str, ...], *, family: bool = False) -> list[str]:
    """The words of one part without the article; a family name of one word also loses a glued
    article when four letters or more remain ("alhalabi" is "halabi", "alwan" stays), unless it
    is a compound with al-Din ("alaudin" is Ala al-Din)."""
    kept = [word for word in words if word != ARTICLE]
    if family and len(kept) == 1 and not _GLUED_DIN.search(kept[0]):
        kept = [_GLUED_ARTICLE.sub("", kept[0])]
    return kept


@functools.lru_cache(maxsize=1 << 16)
def part_key(words: tuple[str, ...], *, family: bool = False) -> str:
    """The key of one part: the consonant skeleton of its words without the article,
    run together ("abd al rahman" and "abdulrahman" are both "abdrhmn"); "-eddin" is
    "din", written apart or glued ("salahudin" is "salah din", as "salah al din"). A family
    name also loses a glued article ("alhalabi" is "hlb")."""
    kept = without_article(words, family=family)
    tail = ("din" if _DIN.fullmatch(word) else word for word in kept[1:])
    return "".join(_skeleton(word) for word in _unglued([*kept[:1], *tail]) if word)


def _unglued(words: list[str]) -> list[str]:
    """A compound with al-Din written as one word, as two ("salahudin": "salah", "din")."""
    split: list[str] = []
    for word in words:
        glued = _GLUED_DIN.search(word)
        split.extend((word[: glued.start()], "din") if glued else (word,))
    return split


@functools.lru_cache(maxsize=1 << 16)
def _skeleton(word: str) -> str:
    return latin_skeleton(word)


def name_parts(text: str) -> NameParts:
    """Cut a name (either script) into parts: ``name_parts("محمد عبد الرحمن الحلبي")``
    has the keys ``("mhmd", "abdrhmn", "hlb")`` and so has "Mohammad Abdulrahman
    al-Halabi"; ``given`` is "mhmd", ``father`` "abdrhmn", ``family`` "hlb". Titles before the
    name and bracketed notes are not parts (``names.titles``)."""
    parts = [tuple(part) for part in _group(latin_words(without_titles(text)))]
    last = len(parts) - 1
    keys = [part_key(part, family=0 < index == last) for index, part in enumerate(parts)]
    if all(keys):
        return NameParts(tuple(parts), tuple(keys))
    kept = [(part, key) for part, key in zip(parts, keys, strict=True) if key]
    return NameParts(tuple(part for part, _ in kept), tuple(key for _, key in kept))


def name_key(text: str) -> str:
    """One key for a whole name, in either script: its part keys, space-separated."""
    return " ".join(name_parts(text).keys)
