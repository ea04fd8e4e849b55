"""Where the header and the HXL hashtag row are, and which column holds which field."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import as_text, key
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.hxl import Hashtag, find_column, is_hashtag_row, parse_hashtag
from carewatch_core.imports.tables import RawRow

#: How many rows from the top are searched for the header and the hashtag row.
SCAN_ROWS = 25


@dataclass(frozen=True)
class Column:
    """Where a field may be found: header names (any spelling case) or HXL hashtag specs."""

    names: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    header: tuple[str, ...]
    header_row: int
    hashtags: tuple[Hashtag | None, ...] | None
    hashtag_row: int | None


def find_layout(
    rows: Iterator[RawRow],
    columns: Mapping[str, Column],
    required: Sequence[str],
    requires_hxl: bool,
) -> tuple[Layout, Iterator[RawRow]]:
    """The layout and the remaining (data) rows. Raises ``FileError`` when it cannot be found."""
    top = list(itertools.islice(rows, SCAN_ROWS))
    if not any(_filled(r.cells) for r in top):
        raise FileError(E.EMPTY_SHEET, sheet="")
    tag_at = next((i for i, r in enumerate(top) if is_hashtag_row(r.cells)), None)
    if tag_at is None and requires_hxl:
        raise FileError(E.HXL_MISSING, rows=SCAN_ROWS)
    head_at = _header_index(top, columns, required, tag_at)
    if tag_at is not None and tag_at != head_at + 1:
        raise FileError(E.HXL_MISPLACED, row=top[tag_at].number, header_row=top[head_at].number)
    _refuse_data_above(top, head_at)
    layout = _layout(top, head_at, tag_at)
    start = (tag_at if tag_at is not None else head_at) + 1
    return layout, itertools.chain(top[start:], rows)


def _filled(cells: Sequence[object]) -> int:
    return sum(1 for c in cells if c is not None and as_text(c).strip())


def _header_index(
    top: list[RawRow], columns: Mapping[str, Column], required: Sequence[str], tag_at: int | None
) -> int:
    for index, row in enumerate(top):
        names = {key(as_text(c)) for c in row.cells}
        if required and all(_named(columns[f], names) for f in required):
            return index
    if tag_at is not None and tag_at > 0:
        return tag_at - 1  # the row above the hashtags; the fields are then found by hashtag
    if not required:
        return next(i for i, r in enumerate(top) if _filled(r.cells))
    wanted = [columns[f].names[0] for f in required if columns[f].names]
    raise FileError(E.HEADER_MISSING, columns=", ".join(wanted), rows=SCAN_ROWS)


def _named(column: Column, names: set[str]) -> bool:
    return any(key(n) in names for n in column.names)


def _refuse_data_above(top: list[RawRow], head_at: int) -> None:
    """Title lines above a header are fine; rows that look like data mean a misplaced header."""
    for row in top[:head_at]:
        if _filled(row.cells) > 2:
            raise FileError(E.HEADER_MISPLACED, row=top[head_at].number, data_row=row.number)


def _layout(top: list[RawRow], head_at: int, tag_at: int | None) -> Layout:
    header = _unique(as_text(c).strip() for c in top[head_at].cells)
    if tag_at is None:
        return Layout(header, top[head_at].number, None, None)
    tags = tuple(parse_hashtag(c) for c in top[tag_at].cells)
    return Layout(header, top[head_at].number, tags, top[tag_at].number)


def _unique(names: Iterator[str] | itertools.chain[str]) -> tuple[str, ...]:
    """Column names made unique (a repeated or blank header gets its position appended)."""
    seen: set[str] = set()
    out: list[str] = []
    for position, name in enumerate(names, start=1):
        label = name or f"column {position}"
        if label in seen:
            label = f"{label} ({position})"
        seen.add(label)
        out.append(label)
    return tuple(out)


def resolve_columns(
    layout: Layout, columns: Mapping[str, Column], user: Mapping[str, str]
) -> dict[str, int]:
    """field → column index: the user's mapping first, then header names, then hashtags."""
    by_name = {key(h): i for i, h in reversed(list(enumerate(layout.header)))}
    found: dict[str, int] = {}
    for field, column in columns.items():
        index = _index_of(field, column, by_name, layout, user)
        if index is not None:
            found[field] = index
    for field, header in user.items():
        if field not in columns and key(header) in by_name:
            found[field] = by_name[key(header)]
    return found


def _index_of(
    field: str, column: Column, by_name: dict[str, int], layout: Layout, user: Mapping[str, str]
) -> int | None:
    if field in user:
        return by_name.get(key(user[field]))
    for name in column.names:
        if key(name) in by_name:
            return by_name[key(name)]
    if layout.hashtags is not None:
        for spec in column.tags:
            index = find_column(layout.hashtags, spec)
            if index is not None:
                return index
    return None
