# Arabic script in strings is intended, not confusables.
"""Place names as lists and reports write them around a gazetteer's names.

Two habits a name-by-name lookup misses:

- **The countryside of a governorate**: "ريف حماة", "Hama countryside", "rural Idlib", "campagne
  d'Alep". The places outside a governorate's chief town are its governorate: the name is read as
  the governorate. Rif Dimashq is itself a governorate (its name is "ريف دمشق", "Rural Damascus"),
  so "the countryside of Damascus" is Rif Dimashq, not Damascus: where the gazetteer holds a
  governorate named as the countryside of the one found, that one is taken.
- **A place with what contains it**: "Aleppo - Al-Bab", "الباب، حلب", "Homs: Talbiseh", "Idlib /
  Saraqib". Each part is resolved, the widest first, and the others within it: the finest place
  found inside the widest is the answer. A hyphen separates only with spaces around it ("Al-Bab"
  is one name).

Before these readings, "Hama countryside" met "Damascus countryside" by edit distance and was read
as Rif Dimashq; "حلب - الباب" was read as nothing.
"""

from __future__ import annotations

import re

#: Words that make a name "the countryside of" a place (normalised, as ``normalise_name`` gives
#: them: before or after the name).
COUNTRYSIDE_BEFORE = ("ريف", "rural", "countryside of", "campagne de", "campagne d", "rif")
COUNTRYSIDE_AFTER = ("countryside", "rural", "suburbs", "province countryside")
#: What separates a place from what contains it.
SEPARATORS = re.compile(r"\s[-–—]\s|[,،:;/|()\[\]]")


def countryside_key(key: str) -> str | None:
    """The name inside "the countryside of …" (``key`` normalised), or ``None``."""
    for word in COUNTRYSIDE_BEFORE:
        if key.startswith(word + " ") and len(key) > len(word) + 1:
            return key[len(word) + 1 :]
    for word in COUNTRYSIDE_AFTER:
        if key.endswith(" " + word) and len(key) > len(word) + 1:
            return key[: -len(word) - 1]
    return None


def parts_of(text: str) -> list[str]:
    """The parts of a compound name ("Aleppo - Al-Bab": "Aleppo", "Al-Bab"), or one part."""
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]
