"""Markers of "unknown" in analysts' files: real lists write ``-1`` for an unknown age, ``?``,
``NA``, ``غير معروف``. A value that is one of the markers of its column is read as empty."""

from __future__ import annotations

from dataclasses import dataclass, field

#: What lists write for "unknown", in any column (compared case-insensitively, spaces trimmed): the
#: words in three languages, dashes, what spreadsheets and data programs write for a missing value
#: (``#N/A``, ``nan``, ``null``, ``None``) and an age or count of ``-1``.
DEFAULT_UNKNOWN = (
    "-1",
    "?",
    "NA",
    "n/a",
    "#N/A",
    "nan",
    "null",
    "none",
    "unknown",
    "unspecified",
    "inconnu",
    "inconnue",
    "non précisé",
    "غير معروف",
    "غير معروفة",
    "مجهول",
    "مجهولة",
    "غير محدد",
    "-",
    "--",
    "–",
    "—",
    "",
)


@dataclass(frozen=True)
class Unknowns:
    """Markers read as empty: ``everywhere`` in every column, ``by_column`` in one column only.
    ``parse(["999", "age=0"])`` adds 999 everywhere and 0 for age to the default markers."""

    everywhere: frozenset[str] = frozenset(marker.casefold() for marker in DEFAULT_UNKNOWN)
    by_column: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, values: list[str], columns: tuple[str, ...] = ()) -> Unknowns:
        """The default markers and ``values``: ``COLUMN=VALUE`` for one of ``columns``, else
        ``VALUE`` for every column."""
        default = cls()
        everywhere, by_column = set(default.everywhere), dict[str, frozenset[str]]()
        for value in values:
            column, equals, marker = value.partition("=")
            if equals and column.strip() in columns:
                key = column.strip()
                by_column[key] = by_column.get(key, frozenset()) | {marker.strip().casefold()}
            else:
                everywhere.add(value.strip().casefold())
        return cls(frozenset(everywhere), by_column)

    def is_unknown(self, column: str, text: str) -> bool:
        folded = text.casefold()
        return folded in self.everywhere or folded in self.by_column.get(column, ())


__all__ = ["DEFAULT_UNKNOWN", "Unknowns"]
