"""Mapped rows put in the form the database stores them, batch by batch, ready for the writer.

Everything about a row that does not depend on what the database already holds is done here:
its report's title and original text (``stored.encode_row``), its incident record's columns
(place id, date, fields, JSON, the ``values`` with the import's provenance) and the batch's
tally of rejected and flagged rows. What is left to the writer is what needs the database:
whether the row is new, changed or unchanged, and the ids. So the work can be done in another
process (``carewatch_core.imports.elsewhere``) while the writer stores the batch before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports.errors import Issue
from carewatch_core.imports.mapping import Mapper
from carewatch_core.imports.rows import MappedRow
from carewatch_core.imports.stored import decode_row, encode_row, row_values

_COMPACT = json.JSONEncoder(separators=(",", ":"), default=str).encode
#: Extras not kept (made once: a literal in the comprehension would build the list and dict per value).
_NOTHING: tuple[Any, ...] = (None, [], {})


#: One accepted row: (dataset ID, content digest, typed — some cells are not text, so the row may
#: have an older fingerprint —, its report's title, its report's original text, its record's
#: columns after the two ids). A plain tuple: a million cross the pipe from the mapping process,
#: and a named tuple costs two and a half times as much to send.
Prepared = tuple[str, str, bool, str, str, tuple[Any, ...]]


def prepared_values(original_text: str, header: list[str]) -> dict[str, Any]:
    """Column → value of a prepared row's non-blank cells (``MappedRow.values``)."""
    return row_values(decode_row(original_text)[1], header)


def legacy_digest(original_text: str, typed: bool, header: list[str]) -> str | None:
    """``MappedRow.legacy_digest``: for a typed row, the fingerprint of its values' JSON."""
    return sha256_text(canonical_json(prepared_values(original_text, header))) if typed else None


@dataclass
class Batch:
    """Rows read together: how many, which were refused or flagged and why, the accepted ones."""

    read: int
    rejected: int
    flagged: int
    issues: list[Issue]
    rows: list[Prepared]
    #: How far through the file reading is (``Table.progress``).
    progress: float = 0.0
    #: The dataset IDs its rows took (``Mapper.taken``), when mapped apart from the rows before.
    taken: list[tuple[int, str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Shape:
    """What every record of one import shares, and how its fields are stored."""

    run: int
    #: The reports' title, before each row's dataset ID.
    title: str
    #: Put into every record's ``values["import"]`` (run, file, profile, sheet).
    provenance: Mapping[str, Any]
    #: Place code → place id (the gazetteer).
    places: Mapping[str, int]
    #: (field, what it is stored as when the row leaves it out), in column order.
    plain: tuple[tuple[str, Any], ...]
    #: (field, its empty JSON), in column order after ``plain``.
    jsons: tuple[tuple[str, str], ...]


@dataclass
class Preparer:
    """Turns batches of mapped rows of one import into ``Batch``es."""

    shape: Shape
    _prefix: str = field(init=False)
    _json: _JsonCache = field(init=False, default_factory=lambda: _JsonCache())

    def __post_init__(self) -> None:
        # Every record's provenance starts the same: encoded once, the row's own part appended.
        provenance = json.dumps(dict(self.shape.provenance), separators=(",", ":"), default=str)
        self._prefix = '{"import":' + provenance[:-1] + ","

    def batch(self, rows: list[MappedRow], progress: float = 0.0) -> Batch:
        noted = [r for r in rows if r.issues]  # most rows have no issue at all
        good = [r for r in rows if not r.issues or not r.rejected] if noted else rows
        rejected = len(rows) - len(good)
        return Batch(
            read=len(rows),
            rejected=rejected,
            flagged=len(noted) - rejected,
            issues=[i for r in noted for i in r.issues],
            rows=[self.row(r) for r in good],
            progress=progress,
        )

    def row(self, row: MappedRow) -> Prepared:
        shape = self.shape
        return (
            row.key,
            row.digest,
            row.typed,
            f"{shape.title} {row.key}"[:300],
            encode_row(shape.run, row.cells, row.encoded),
            self._record(row),
        )

    def _record(self, row: MappedRow) -> tuple[Any, ...]:
        # Comprehensions rather than a call per field: this runs once for each of a million rows.
        get = row.record.get
        pcode = get("place_pcode")
        day = get("date")
        encode = self._json
        return (
            self.shape.places.get(pcode) if pcode else None,
            day.isoformat() if day is not None else None,
            *[blank if (value := get(name)) is None else value for name, blank in self.shape.plain],
            *[
                empty if (value := get(name)) is None else encode(value)
                for name, empty in self.shape.jsons
            ],
            self._values(row),
        )

    def _values(self, row: MappedRow) -> str:
        """``{"import": {<provenance>, "row": n, <extras>, "flags": [...]}}`` as JSON text."""
        meta: dict[str, Any] = {
            "row": row.number,
            **{k: v for k, v in row.extra.items() if v not in _NOTHING},
        }
        if row.issues:
            meta["flags"] = sorted({i.code for i in row.issues})
        return self._prefix + _COMPACT(meta)[1:] + "}"


def prepared_batches(
    mapper: Mapper,
    preparer: Preparer,
    size: int,
    progress: Callable[[], float],
    share: int = 0,
    shares: int = 1,
) -> Generator[Batch, None, None]:
    """The file's batches of ``size`` rows mapped by ``mapper`` (of ``shares`` processes mapping
    it together, this one's ``share``: ``Mapper.in_shares``), prepared; ``progress`` says how far
    through the file reading is."""
    for rows in mapper.in_shares(share, shares, size):
        yield preparer.batch(rows, progress())


class _JsonCache:
    """JSON of the records' code lists and counts, for one import.

    Most are the very objects the mapper's step caches give every row with the same cells, so
    they are found by identity first; the cache keeps them, so an identity cannot be reused by
    another object while it is here. Others (built for each row) are found by content.
    """

    LIMIT = 8192

    def __init__(self) -> None:
        self.by_id: dict[int, tuple[Any, str]] = {}

    def __call__(self, value: Any) -> str:
        hit = self.by_id.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        found = _encoded(value)
        if len(self.by_id) < self.LIMIT:
            self.by_id[id(value)] = (value, found)
        return found


#: JSON of the few distinct code lists and counts a dataset has (a million rows, a few thousand values).
_ENCODED: dict[Any, str] = {}
_ENCODED_LIMIT = 65_536


def _encoded(value: Any) -> str:
    """``value`` as compact JSON; code lists and ``{measure: [low, high]}`` counts from a cache."""
    if type(value) is list and all(type(v) is str for v in value):
        key: Any = tuple(value)
    elif type(value) is dict and all(type(v) is list for v in value.values()):
        # Counts are whole numbers or None (``Count``), so equal keys mean equal JSON.
        key = (
            tuple((k, *v) for k, v in value.items()),
            dict,
        )  # told apart from a list of the same items
    else:
        return _COMPACT(value)
    found = _ENCODED.get(key)
    if found is None:
        found = _COMPACT(value)
        if len(_ENCODED) < _ENCODED_LIMIT:
            _ENCODED[key] = found
    return found
