"""Spelling forms: one part of a name with its vowels, to compare two spellings in one script.

``part_key`` (parts.py) keeps consonants only, so that a Latin spelling and an Arabic one of the
same name meet: Arabic writes no short vowel. The price is that different names meet too: Amna
and Ayman are both "amn", Hasan and Husayn "hsn", Ahmad and Hamid "hmd" once the first vowel goes,
Mahmoud and Muhammad "mhmd". Between two spellings in the same script there is more to go on, and
the spelling form keeps it: consonants merged as sources confuse them (q/k, dh/z, ch/sh, kh/k),
every run of vowels one "a" (so Hamid/Hamed, Khalid/Khaled, Omar/Umar, Qasim/Kassem are one form),
but a vowel where the other spelling has none, and a diphthong (ay, ai, ei), kept apart:

- Amna "amna", Ayman "ayman"; آمنة "amn", أيمن "aymn";
- Hasan "hasan", Husayn and Hussein "hasayn"; حسن "hsn", حسين "hsan";
- Ahmad "ahmad", Hamid "hamad"; Mahmoud "mahmad", Muhammad and Mohamed "mahamad".

A form compares spellings of one script only: an Arabic form never equals a Latin one.
"""

from __future__ import annotations

import functools
import re

from carewatch_core.names import parts as parts_module
from carewatch_core.names.parts import ARTICLE

#: (pattern, replacement, why), applied in order to a part's folded words run together.
FORM_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, why)
    for pattern, replacement, why in (
        (r"(?<=\w\w)(?:[aeu]l|[aeu]d|[aeu])din$", "din", "-eddin glued is al-Din (Nureddin)"),
        ("ch", "sh", "French ch is ش (Chadi)"),
        ("dj", "j", "French dj is ج (Djamal)"),
        ("dh", "z", "ذ and ظ are said and often written z (Mundhir, Munzer)"),
        ("q", "k", "ق is written q or k (Qasim, Kasem)"),
        ("kh", "k", "خ is kh or k"),
        ("gh", "g", "غ is gh or g"),
        ("(?<![sct])h$", "", "a final h is not written by every source (Fatimah, Saleh)"),
        ("[aeiou]*(?:ay|ai|ei|ey)(?![aeiou])", "ay", "a diphthong (Husayn, Hussein; حسين)"),
        ("[aeiou]+", "a", "which short vowel a source writes is its habit, not the name's"),
        (r"(.)\1+", r"\1", "double letters are single (Hassan, Mohammad)"),
    )
)


@functools.lru_cache(maxsize=1 << 16)
def spelling_form(words: tuple[str, ...], *, family: bool = False) -> str:
    """The spelling form of one part (``NameParts.parts`` gives each part's folded words):
    ``spelling_form(("husein",)) == "hasayn"``; the article is left out (a family name's glued
    one too, as its key does: AlShaykh is ash-Shaykh), a compound is run together
    (``("abd", "al", "rahman")`` is "abdrahman")."""
    text = "".join(parts_module.without_article(words, family=family))
    for pattern, replacement, _why in FORM_RULES:
        text = pattern.sub(replacement, text)
    return text


#: Vowel classes as bits: a, i, u.
_A, _I, _U = 1, 2, 4
#: The vowel classes a Latin letter may write (e is a in Ahmed, i in Hamed; w and o are u).
_LATIN_BITS = {"a": _A, "e": _A | _I, "i": _I, "y": _I, "o": _U, "u": _U, "w": _U}
_ARABIC_BITS = {"a": _A, "i": _I, "u": _U}
#: The long vowels an Arabic spelling surely writes: ي and و. An "a" of the romanisation may be ا or
#: ع (which Latin spellings write as a vowel, as an apostrophe or not at all: az-Zoubi, الزعبي).
_ARABIC_SURE = {"i": _I, "u": _U}


def _joined(words: tuple[str, ...]) -> str:
    return "".join(word for word in words if word != ARTICLE)


_DIPHTHONG = re.compile("[aeiou]*(?:ay|ai|ei|ey)(?![aeiou])")


@functools.lru_cache(maxsize=1 << 16)
def long_vowels(words: tuple[str, ...]) -> int:
    """The long vowels an Arabic spelling surely writes (ي and و as i and u; bits of ``_I`` and
    ``_U``), after its first letter; a final i is left out (ى is an a, and a final ي is written by
    every Latin spelling anyway). A Latin spelling of the same name writes a vowel of each class:
    حسين needs an i, which Hasan lacks and Husayn has."""
    text = _joined(words)
    inner = text[1:-1] + (text[-1] if text[-1:] == "u" and len(text) > 1 else "")
    return _bits(inner, _ARABIC_SURE)


@functools.lru_cache(maxsize=1 << 16)
def written_long_vowels(words: tuple[str, ...]) -> int:
    """Every long vowel an Arabic spelling writes after its first letter, the last included."""
    return _bits(_joined(words)[1:], _ARABIC_BITS)


@functools.lru_cache(maxsize=1 << 16)
def written_vowels(words: tuple[str, ...]) -> int:
    """The vowel classes a Latin spelling writes, its first letter included (Iman writes the i of
    إيمان) (bits as ``long_vowels``)."""
    return _bits(_joined(words), _LATIN_BITS)


@functools.lru_cache(maxsize=1 << 16)
def diphthongs(words: tuple[str, ...]) -> int:
    """The long vowel a Latin spelling surely writes: a diphthong (Husayn, Hussein, Ayman) is an
    ي in Arabic, which حسن and آمنة lack (bits as ``long_vowels``)."""
    return _I if _DIPHTHONG.search(_joined(words)[1:]) else 0


def _bits(text: str, table: dict[str, int]) -> int:
    bits = 0
    for letter in text:
        bits |= table.get(letter, 0)
    return bits


#: The caches of this module and of ``parts`` (for a linker to empty once a list's names are keyed).
NAME_CACHES = (
    spelling_form,
    long_vowels,
    written_long_vowels,
    written_vowels,
    diphthongs,
    parts_module._romanise_word,
    parts_module._fold_chunk,
    parts_module.part_key,
    parts_module._skeleton,
)
