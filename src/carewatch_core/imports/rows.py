"""One data row seen through a profile's column mapping, and what the profile made of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carewatch_core.counts import UNKNOWN, Count
from carewatch_core.geo.resolve import in_country_bounds
from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import as_float, as_text, count_once, key, lookup
from carewatch_core.imports.dates import ParsedDate, parse_date_once
from carewatch_core.imports.errors import Issue, Severity
from carewatch_core.imports.tables import Cell

JSONValue = str | int | float | bool | None

#: Issues a saved mapping answers (a value the profile does not know, a place not found).
MAPPABLE = (E.UNKNOWN_VALUE, E.UNKNOWN_PLACE)


@dataclass(frozen=True)
class Overrides:
    """A user's saved mapping: field → column header, and field → {value → code}."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: ``values`` with the labels in :func:`key` form, made once rather than for every cell.
    keyed: Mapping[str, Mapping[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keyed = {name: {key(k): v for k, v in pairs.items()} for name, pairs in self.values.items()}
        object.__setattr__(self, "keyed", keyed)


@dataclass
class MappedRow:
    """A row ready to become a report and its incident record (unless rejected)."""

    number: int
    key: str
    #: The row's content fingerprint (``carewatch_core.imports.fingerprint``).
    digest: str
    #: The file's header (one list shared by all its rows).
    header: Sequence[str]
    record: dict[str, Any] = field(default_factory=dict)
    #: The row's cells as read, in file order, JSON-safe (what its report keeps; see ``stored``).
    cells: Sequence[JSONValue] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    #: Some cells are not text (a workbook's numbers, dates, booleans).
    typed: bool = False
    #: The cells as JSON strings, when all are text (``Fingerprint.of_text``); else ``None``.
    encoded: Sequence[str] | None = None

    @property
    def values(self) -> dict[str, JSONValue]:
        """Column → value of the row's non-blank cells."""
        from carewatch_core.imports.stored import row_values

        return row_values(self.cells, self.header)

    def legacy_digest(self) -> str | None:
        """For a typed row, the fingerprint such rows had before their cells were fingerprinted as
        text (the canonical JSON of ``values``): a row imported then is still found unchanged."""
        return sha256_text(canonical_json(self.values)) if self.typed else None

    @property
    def rejected(self) -> bool:
        return any(i.severity is Severity.REJECTED for i in self.issues)

    @property
    def flagged(self) -> bool:
        return not self.rejected and bool(self.issues)


class RowView:
    """Typed access to a row's cells by field name; problems are collected as issues."""

    def __init__(
        self,
        number: int,
        cells: Sequence[Cell],
        columns: Mapping[str, int],
        header: Sequence[str],
        overrides: Overrides,
        day_first: bool | None = None,
    ) -> None:
        self.number = number
        #: The profile's reading of a date whose day and month could be either way round.
        self.day_first = day_first
        self.cells = cells
        self.columns = columns
        self.header = header
        self.overrides = overrides
        self.issues: list[Issue] = []
        self._counts: dict[str, Count] = {}

    def has(self, name: str) -> bool:
        return name in self.columns

    def cell(self, name: str) -> Cell:
        index = self.columns.get(name)
        if index is None:
            return None
        cells = self.cells
        return cells[index] if index < len(cells) else None

    def text(self, name: str) -> str:
        cell = self.cell(name)
        return cell.strip() if type(cell) is str else as_text(cell).strip()

    def text_length(self, names: Sequence[str]) -> int:
        """Characters of text in the cells of ``names``."""
        return sum(len(c) for c in map(self.cell, names) if type(c) is str)

    def column(self, name: str) -> str:
        index = self.columns.get(name)
        return self.header[index] if index is not None else name

    def add(self, name: str, code: str, severity: Severity, **params: Any) -> None:
        value = as_text(self.cell(name)) if name else ""
        if code in MAPPABLE:  # the field it belongs to: a run's page maps it afterwards
            params = {**params, "field": name}
        self.issues.append(
            Issue(
                self.number, self.column(name) if name else "", value[:500], code, severity, params
            )
        )

    def flag(self, name: str, code: str, **params: Any) -> None:
        self.add(name, code, Severity.FLAGGED, **params)

    def reject(self, name: str, code: str, **params: Any) -> None:
        self.add(name, code, Severity.REJECTED, **params)

    def date(
        self, name: str, *, day_first: bool | None, required: bool = True
    ) -> ParsedDate | None:
        """The parsed date; a bad or missing one rejects the row (a record needs its date)."""
        parsed, error = parse_date_once(self.cell(name), day_first)
        if error:
            self.reject(name, error)
            return None
        if parsed is None and required:
            self.reject(name, E.MISSING_DATE)
        return parsed

    def count(self, name: str) -> Count:
        """A count; blank stays unknown. A malformed one is flagged and recorded as unknown (the
        source's text stays in the record's values), so one bad cell never costs the whole row."""
        known = self._counts.get(name)
        if known is not None:
            return known
        index = self.columns.get(name)
        if index is None:
            return UNKNOWN
        cells = self.cells
        count, flag = count_once(cells[index] if index < len(cells) else None)
        if flag:
            self.flag(name, flag)
        self._counts[name] = count
        return count

    def code(self, name: str, vocabulary: Mapping[str, str | None], kind: str) -> str | None:
        """The vocabulary code of a single-valued cell; an unknown value is kept and flagged."""
        text = self.text(name)
        return self.code_of(name, text, vocabulary, kind) if text else None

    def codes(
        self,
        name: str,
        vocabulary: Mapping[str, str | None],
        kind: str,
        split: Callable[[str], list[str]],
    ) -> list[str]:
        """Codes of a multi-valued cell, in order, without repeats."""
        found = (self.code_of(name, part, vocabulary, kind) for part in split(self.text(name)))
        return list(dict.fromkeys(c for c in found if c))

    def code_of(
        self, name: str, text: str, vocabulary: Mapping[str, str | None], kind: str
    ) -> str | None:
        users = self.overrides.keyed.get(name)
        if users and key(text) in users:
            return users[key(text)] or None
        found, code = lookup(text, vocabulary)
        if not found:
            self.flag(name, E.UNKNOWN_VALUE, vocabulary=kind, label=text[:200])
        return code

    def coordinates(
        self, lat: str, lon: str, country: str | None
    ) -> tuple[float | None, float | None]:
        """Checked coordinates, or (None, None) with a flag: the source's text stays in the values."""
        try:
            y, x = as_float(self.cell(lat)), as_float(self.cell(lon))
        except ValueError:
            self.flag(lat, E.BAD_COORDINATE)
            return None, None
        if y is None or x is None:
            if (y is None) != (x is None):
                self.flag(lat if y is None else lon, E.HALF_COORDINATE)
            return None, None
        return self._checked(lat, y, x, country)

    def _checked(
        self, lat: str, y: float, x: float, country: str | None
    ) -> tuple[float | None, float | None]:
        if not (-90 <= y <= 90 and -180 <= x <= 180):
            self.flag(lat, E.BAD_COORDINATE)
        elif y == 0 and x == 0:
            self.flag(lat, E.ZERO_COORDINATE)
        elif country and not in_country_bounds(y, x, country):
            self.flag(
                lat,
                E.OUTSIDE_COUNTRY,
                lat=y,
                lon=x,
                country=country,
                swapped=in_country_bounds(x, y, country),
            )
        else:
            return y, x
        return None, None
