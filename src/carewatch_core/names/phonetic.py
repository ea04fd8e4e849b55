"""Phonetic keys: a part key made coarser still, for blocking and loose comparison.

``part_key`` keeps every consonant a source writes; sources still disagree on a few of
them, mostly because one romanisation marks a letter another does not: ج is j in Syria
and g in Egypt (Jamal/Gamal), غ is gh or g, خ kh or k, ث th or t; and w/y inside a word
are written as vowels by one source and as consonants by another (Adriana/أدريانا).
``phonetic_key`` merges these. Coarse on purpose: use it to find candidates, and the finer
keys to score them.
"""

from __future__ import annotations

import re

from carewatch_core.names.parts import name_parts

#: (pattern, replacement, why), applied in order to a part key.
PHONETIC_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, why)
    for pattern, replacement, why in (
        ("tsh", "sh", "تش is how Arabic writes ch (Kolchak), which Latin writes ch or sh"),
        ("gh", "g", "غ is gh or g"),
        ("kh", "k", "خ is kh or k (Khaled, Kaled)"),
        ("th", "t", "ث is th or t"),
        ("j", "g", "ج is j in Syria and g in Egypt (Jamal, Gamal)"),
        ("(?<=.)[wy]", "", "w and y inside a word are often written as vowels"),
        (r"(.)\1+", r"\1", "letters brought together by the merges above are single"),
    )
)


def phonetic_part(key: str) -> str:
    """The phonetic form of one ``part_key``."""
    for pattern, replacement, _why in PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


def phonetic_key(text: str) -> str:
    """The phonetic key of a name in either script: one phonetic form per name part,
    space-separated (``phonetic_key("Jamal Khalil") == phonetic_key("جمال خليل") == "gml kl"``)."""
    return " ".join(phonetic_part(key) for key in name_parts(text).keys)
