"""What an upload will look like once imported: columns → fields, the first rows as they will
be read, and the values the profile (with the chosen mapping) does not know.

Nothing is written: the preview reads the top of the file through the same mapper the import uses.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from carewatch.imports.labels import code_name, measure_name
from carewatch.imports.messages import describe
from carewatch.imports.models import SavedMapping
from carewatch.imports.vocab import PLACE, vocabulary_of
from carewatch_core.imports import errors as E
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.mapping import Mapper
from carewatch_core.imports.profile import Profile
from carewatch_core.imports.profiles import PROFILES
from carewatch_core.imports.rows import MappedRow, Overrides
from carewatch_core.imports.tables import open_table

SHOWN_ROWS = 10
SCANNED_ROWS = 2000


@dataclass(frozen=True)
class ColumnUse:
    field: str
    column: str
    required: bool


@dataclass(frozen=True)
class Unknown:
    field: str
    column: str
    vocabulary: str
    value: str
    rows: int


@dataclass
class Preview:
    columns: list[ColumnUse]
    headers: list[str]
    rows: list[MappedRow]
    unknown: list[Unknown]
    scanned: int
    complete: bool
    notes: list[str] = field(default_factory=list)
    #: Why the import would refuse the file as it is (a required column not found), if it would.
    missing: str = ""


def overrides_of(mapping: SavedMapping | None) -> Overrides:
    return Overrides(dict(mapping.columns), dict(mapping.values)) if mapping else Overrides()


def build_preview(path: Path, profile_name: str, mapping: SavedMapping | None) -> Preview:
    """Raises ``FileError`` (as the import would) when the file cannot be read at all.

    When only required columns are missing, the preview is still built (from the first filled
    row as the header) with ``missing`` set, so that the user can map them to the file's columns."""
    profile = PROFILES[profile_name]
    try:
        return _read(path, profile, profile_name, mapping)
    except FileError as exc:
        if exc.code not in (E.COLUMN_MISSING, E.HEADER_MISSING):
            raise
        preview = _read(path, replace(profile, required=()), profile_name, mapping)
        preview.missing = describe(exc.code, exc.params)
        return preview


def _read(path: Path, profile: Profile, profile_name: str, mapping: SavedMapping | None) -> Preview:
    table = open_table(path, sheet=profile.sheet)
    try:
        mapper = Mapper(profile, table, overrides_of(mapping))
        rows = list(itertools.islice(mapper, SCANNED_ROWS + 1))
    finally:
        table.close()
    complete = len(rows) <= SCANNED_ROWS
    rows = rows[:SCANNED_ROWS]
    return Preview(
        columns=_columns(mapper, PROFILES[profile_name].required),
        headers=list(mapper.layout.header),
        rows=rows[:SHOWN_ROWS],
        unknown=_unknown(mapper, profile_name, rows),
        scanned=len(rows),
        complete=complete,
        notes=[describe(n) for n in table.notes],
    )


def _columns(mapper: Mapper, required_fields: tuple[str, ...]) -> list[ColumnUse]:
    header = mapper.layout.header
    required = set(required_fields)
    return [
        ColumnUse(
            name, header[mapper.columns[name]] if name in mapper.columns else "", name in required
        )
        for name in mapper.profile.columns
    ]


def _unknown(mapper: Mapper, profile_name: str, rows: list[MappedRow]) -> list[Unknown]:
    """Unknown values of mappable fields, most frequent first (each counted once per row)."""
    fields = {mapper.layout.header[i]: name for name, i in mapper.columns.items()}
    found: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        seen = set()
        for issue in row.issues:
            name = fields.get(issue.column, "")
            vocabulary = vocabulary_of(profile_name, name)
            if not vocabulary or issue.code not in (E.UNKNOWN_VALUE, E.UNKNOWN_PLACE):
                continue
            value = (
                str(issue.params.get("label") or issue.value)
                if vocabulary != PLACE
                else issue.value
            )
            seen.add((name, issue.column, vocabulary, value.strip()))
        found.update(seen)
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [Unknown(*k, rows=n) for k, n in ordered]


def row_cells(row: MappedRow) -> dict[str, Any]:
    """What the preview table shows of a row (the record's main fields)."""
    record = row.record
    return {
        "key": row.key,
        "date": record.get("date"),
        "place_text": record.get("place_text", ""),
        "place_pcode": record.get("place_pcode", ""),
        "attack_types": [code_name(c) for c in record.get("attack_types") or []],
        "weapons": [code_name(c) for c in record.get("weapons") or []],
        "counts": [(measure_name(m), pair) for m, pair in (record.get("counts") or {}).items()],
        "issues": [describe(i.code, i.params) for i in row.issues],
        "rejected": row.rejected,
    }
