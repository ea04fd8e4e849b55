"""Latin-script spellings of (mostly Syrian Arabic) names: folding and a consonant skeleton.

``fold_latin`` is meant for search: it merges spellings that are clearly the same name
("Mohamed"/"Muhammad", "Abdul"/"Abd al-", "Halaby"/"Halabi") and nothing else.
``latin_skeleton`` is coarser, for comparing names across transliterations and with
``arabic_to_latin_skeleton``: it keeps consonants only and merges a few that sources
confuse. Both are keys: never show them as a name.

Every rule is a row of a table below, applied in the order of the table.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

#: Apostrophe-like marks (ayn, hamza, quotes, backtick, acute, prime): removed, so that
#: "Sa'id", "Saʿid" and "Said" are one spelling. All other punctuation, hyphens
#: included, separates words: "al-Halabi" is "al halabi".
APOSTROPHES = "'`\u00b4\u2018\u2019\u02bb\u02bc\u02be\u02bf\u2032"

_CONSONANT = "[b-df-hj-np-tv-xz]"


class Rule(NamedTuple):
    """A regular expression, its replacement, and why the rule exists."""

    pattern: re.Pattern[str]
    replacement: str
    why: str


def _rule(pattern: str, replacement: str, why: str) -> Rule:
    return Rule(re.compile(pattern), replacement, why)


#: Spelling rules, applied to the whole cleaned text.
SPELLING_RULES: tuple[Rule, ...] = (
    _rule("ph", "f", "ph is f: Arabic has no p (Mustapha)"),
    _rule("ou", "u", "French ou is u (Youssef, Mahmoud, Abou)"),
    _rule("oo", "u", "English oo is u (Mamoon)"),
    _rule("ee", "i", "English ee is i (Kareem, Abdeen)"),
    _rule(f"(?<={_CONSONANT})y\\b", "i", "a final y after a consonant is i (Halaby, Fahmy)"),
    _rule(r"([^\W\d_])\1+", r"\1", "double letters are single (Hassan, Mohammad, Saad)"),
    _rule(r"(?<=[aeiou])h\b", "", "a final h after a vowel is silent (Hamzah, Fatimah)"),
)

#: Particle rules, matched against whole words before the spelling rules (so that
#: "Abdullatif" still has its second l); the first row that matches wins and the
#: result may be several words.
PARTICLE_RULES: tuple[Rule, ...] = (
    _rule(
        "[aeu]l",
        "al",
        "the article al-/el-/-ul- written apart (al-Halabi, El Masri, Abd-ul-Rahman)",
    ),
    _rule("abd[aeiou]{0,2}l{1,2}ah?", "abd allah", "Abdullah, Abdallah, Abdulla are Abd Allah"),
    _rule(
        r"abd[aeiou]{0,2}l(\w{2,})?",
        r"abd al \1",
        "Abdul, Abdel, Abdol, Abdal alone or glued (Abdulrahman)",
    ),
    _rule(
        r"abd[aeiou]{1,2}(th|dh|sh|[tdrzsn])\1?([aeiou]\w{2,})",
        r"abd al \1\2",
        "a glued assimilated article is al (Abdurrahman, Abdussalam)",
    ),
    _rule("bin|ben|ibn|ebn|bn", "bin", "son of"),
    _rule("ab[ou]", "abu", "father of (Abou, Abo)"),
)

#: "ar-Rahman", "as-Sayed", "Abdur Rahman": an article assimilated to the sun letter
#: that starts the next word is al. Group 2 must start the next word.
ASSIMILATED_ARTICLE = re.compile(r"(abd[aeiou]{1,2}|[aeu])(th|dh|sh|[tdrzsn])")

#: Variant spellings of frequent names, matched against whole words after the spelling
#: rules (so "Mohammed" arrives as "mohamed").
NAME_RULES: tuple[Rule, ...] = (
    _rule(
        "m[ou]h[ae]m[ae]d|m[ou]?hd|mhmd",
        "muhammad",
        "Mohammad, Muhammad, Mohamed, Mohammed, Muhammed, Mhd, Mohd",
    ),
    _rule("ahmed", "ahmad", "Ahmed is Ahmad"),
    _rule("m[ou]st[ae]f[ae]", "mustafa", "Mostafa, Moustafa, Mustapha"),
    _rule("y[ou]s[eiou]f", "yusuf", "Yousef, Youssef, Yusif"),
    _rule("h[ou]s[ae][iy]n", "husein", "Hussein, Hussain, Husayn, Hossein"),
)

#: Consonants that sources confuse, merged by the skeleton (applied in this order).
#: Deliberately not merged: th (ث is also written s or t, but "th" is just as often
#: ت/ط + ه/ح, as in Fathi) and the emphatic/plain pairs that Latin does not mark anyway.
SKELETON_RULES: tuple[Rule, ...] = (
    _rule("ch", "sh", "French ch is ش (Chadi)"),
    _rule("dj", "j", "French dj is ج (Djamal)"),
    _rule("dh", "z", "ذ and ظ are said and often written z in Syria (Mundhir, Munzer)"),
    _rule("q", "k", "ق is written q or k (Qasim, Kassem)"),
    _rule("c", "k", "any other c is k (Carim)"),
    _rule("p", "b", "Arabic has no p"),
    _rule("v", "f", "Arabic has no v (ڤ)"),
    _rule(
        r"(?<=[^skgt])h\b",
        "",
        "a final h (but not of sh, kh, gh, th) is dropped: Latin cannot tell ة from ح there "
        "(Fatimah, Saleh) and Arabic writes no short vowel before it (صالح)",
    ),
)

VOWELS = frozenset("aeiou")
_DROPPED = frozenset({"Mn", "Mc", "Me", "Cf"})
_MAX_ROUNDS = 10
_DOUBLE = re.compile(r"(.)\1+")


_NO_APOSTROPHES = {ord(apostrophe): None for apostrophe in APOSTROPHES}


def _strip_marks(text: str) -> str:
    """NFKD, then drop combining marks (diacritics) and invisible format controls."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) not in _DROPPED)


def _clean(text: str) -> str:
    """Casefold, strip diacritics, drop apostrophes, turn other punctuation into spaces."""
    bare = _strip_marks(_strip_marks(text.translate(_NO_APOSTROPHES)).casefold())
    return " ".join("".join(char if char.isalnum() else " " for char in bare).split())


def _apply(rules: Iterable[Rule], text: str) -> str:
    for rule in rules:
        text = rule.pattern.sub(rule.replacement, text)
    return text


def _first_match(rules: Sequence[Rule], word: str) -> str:
    for rule in rules:
        match = rule.pattern.fullmatch(word)
        if match:
            return match.expand(rule.replacement).strip()
    return word


def _assimilated_articles(words: list[str]) -> list[str]:
    """Replace "ar" in "ar rahman" (and "abdur" in "abdur rahman") by the article al."""
    result = list(words)
    for index, (word, following) in enumerate(itertools.pairwise(words)):
        match = ASSIMILATED_ARTICLE.fullmatch(word)
        if match and following.startswith(match[2]):
            result[index] = "abd al" if word.startswith("abd") else "al"
    return result


def _fold_round(text: str) -> str:
    words = [_first_match(PARTICLE_RULES, word) for word in text.split()]
    return _apply(SPELLING_RULES, " ".join(_assimilated_articles(" ".join(words).split())))


def fold_latin(text: str) -> str:
    """A search key for a Latin-script name: lower case, no diacritics, no apostrophes,
    one space between words, and the rules of ``PARTICLE_RULES``, ``SPELLING_RULES`` and
    ``NAME_RULES``: ``fold_latin("Mohammed Abdul-Rahman el-Halaby")`` is
    ``"muhammad abd al rahman al halabi"``.

    The particle and spelling rounds repeat until nothing changes, which makes the
    function idempotent; the name rules come last.
    """
    text = _clean(text)
    for _round in range(_MAX_ROUNDS):
        folded = _fold_round(text)
        if folded == text:
            break
        text = folded
    return " ".join(_first_match(NAME_RULES, word) for word in text.split())


def _is_kept(word: str, index: int) -> bool:
    """Consonants are kept; w and y only before a vowel (Marwan, Yasser, not Shawki, Zayd)."""
    letter = word[index]
    if letter in "wy":
        return word[index + 1 : index + 2] in VOWELS
    return letter not in VOWELS


def _skeleton_word(word: str) -> str:
    """Consonants merged and doubles collapsed, then the first letter (any vowel as "a")
    and the kept consonants."""
    word = _DOUBLE.sub(r"\1", _apply(SKELETON_RULES, word))
    head = "a" if word[0] in VOWELS else word[0]
    return head + "".join(word[index] for index in range(1, len(word)) if _is_kept(word, index))


def latin_skeleton(text: str) -> str:
    """A coarse key of a Latin-script name: ``fold_latin``, the ``SKELETON_RULES``
    (consonant merges, a final h dropped), double letters collapsed, vowels dropped after
    the first letter (a first vowel becomes "a"): "Mohamed Qassem al-Halaby" is
    "mhmd ksm al hlb".

    Coarse on purpose: Muhammad and Mahmoud share "mhmd", Hasan and Husayn share "hsn".
    """
    return " ".join(_skeleton_word(word) for word in fold_latin(text).split())
