"""Search places as a name is typed, in Arabic or Latin script (the pickers of the staff forms).

Unlike :func:`carewatch_core.geo.resolve.resolve`, which decides on one place for a whole name,
this ranks every place a partial name may mean, best first:

0. a name (or alias) equal to the text, once both are normalised (``normalise_name``: case,
   diacritics, Arabic letter forms, articles);
1. a name beginning with it ("Idl" → Idleb; "معر" → معرة النعمان);
2. a name with a word beginning with it ("Numan" → Maarat An Numan);
3. a close spelling (edit similarity, texts of four letters or more: "Idlib" → Idleb).

Ties go to the coarser level (a governorate before its district of the same name), then by
name. Entries are plain tuples so the index can be built from the gazetteer file or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from carewatch_core.geo.resolve import normalise_name

FUZZY_MIN_LENGTH = 4
FUZZY_THRESHOLD = 80.0


@dataclass(frozen=True)
class Entry:
    """One place as the search knows it: ``key`` is the caller's (a p-code or a row id)."""

    key: object
    level: int
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    key: object
    rank: int


class PlaceIndex:
    """The normalised names of a set of places, built once and searched many times."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = [
            (entry, tuple(dict.fromkeys(k for k in map(normalise_name, entry.names) if k)))
            for entry in entries
        ]

    def search(self, text: str, *, limit: int = 10, min_level: int = 0) -> list[Hit]:
        key = normalise_name(text[:100])
        if not key:
            return []
        found: list[tuple[int, int, str, object]] = []
        for entry, names in self.entries:
            if entry.level < min_level:
                continue
            rank = _rank(key, names)
            if rank is not None:
                found.append((rank, entry.level, entry.name, entry.key))
        found.sort(key=lambda f: (f[0], f[1], f[2]))
        return [Hit(key=f[3], rank=f[0]) for f in found[:limit]]


def _rank(key: str, names: Sequence[str]) -> int | None:
    if key in names:
        return 0
    if any(name.startswith(key) for name in names):
        return 1
    if any(word.startswith(key) for name in names for word in name.split()):
        return 2
    if len(key) >= FUZZY_MIN_LENGTH and any(
        fuzz.ratio(key, name) >= FUZZY_THRESHOLD for name in names
    ):
        return 3
    return None
