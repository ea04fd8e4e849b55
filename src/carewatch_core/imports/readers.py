"""Streaming readers: CSV (any common encoding) and JSON (workbooks: ``carewatch_core.imports.xlsx``)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from carewatch_core.imports.encoding import detect_encoding
from carewatch_core.imports.errors import BAD_JSON, FileError
from carewatch_core.imports.tables import Cell, RawRow, Table

# Large enough for any real cell (Excel's own limit is 32,767 characters); cells over the
# import's own limit are reported row by row rather than stopping the whole file.
csv.field_size_limit(16 << 20)
_DELIMITERS = ",;\t|"


def read_csv(path: Path, *, encoding: str | None = None) -> Table:
    """Rows of a delimited text file; the delimiter is the one of , ; tab | that cuts its first rows
    most regularly (``_delimiter``)."""
    found = detect_encoding(path) if encoding is None else None
    name = encoding or (found.name if found else "utf-8")
    delimiter = _delimiter(path, name)
    raw = _CountingReader(path.open("rb"))
    handle = io.TextIOWrapper(io.BufferedReader(raw), encoding=name, newline="", errors="strict")
    size = max(path.stat().st_size, 1)
    rows = _csv_rows(csv.reader(handle, delimiter=delimiter))
    return Table(
        format="csv",
        rows=rows,
        encoding=name,
        encoding_reason=found.reason if found else "given",
        close=handle.close,
        progress=lambda: min(raw.consumed / size, 1.0),
    )


#: Lines that are not blank looked through for the delimiter.
_DELIMITER_LINES = 20


def _delimiter(path: Path, encoding: str) -> str:
    """Of , ; tab |, the one that cuts the most of the first rows into one same number of cells
    (more than one), then into the most cells: a title above the header ("Attacks on health care,
    2016") is one row of its own, and commas inside quoted descriptions do not count."""
    lines: list[str] = []
    with path.open(encoding=encoding, newline="", errors="strict") as probe:
        for line in probe:
            if line.strip():
                lines.append(line)
            if len(lines) >= _DELIMITER_LINES:
                break
    sample = "".join(lines)
    best, best_score = ",", (0, 0)
    for mark in _DELIMITERS:
        try:
            widths = Counter(len(row) for row in csv.reader(io.StringIO(sample), delimiter=mark))
        except csv.Error:  # a NUL in a file read with an encoding given: the reading says so
            continue
        widths.pop(1, None)
        if not widths:
            continue
        width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (rows, width) > best_score:
            best, best_score = mark, (rows, width)
    return best


class _CountingReader(io.RawIOBase):
    """A raw file that counts the bytes read through it (the CSV progress bar's position)."""

    def __init__(self, handle: io.BufferedReader) -> None:
        self.handle = handle
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count: int = self.handle.readinto(buffer)
        self.consumed += count
        return count

    def close(self) -> None:
        self.handle.close()
        super().close()


def _csv_rows(reader: Iterable[list[str]]) -> Iterator[RawRow]:
    for number, cells in enumerate(reader, start=1):
        yield RawRow(number, tuple(cells))


def read_json(path: Path, *, encoding: str | None = None) -> Table:
    """A JSON list of objects (or an object holding one such list, as APIs return)."""
    found = detect_encoding(path) if encoding is None else None
    name = encoding or (found.name if found else "utf-8")
    try:
        with path.open(encoding=name) as handle:
            payload = json.load(handle)
    except json.JSONDecodeError as exc:
        raise FileError(BAD_JSON, line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    records = _records(payload)
    header = _keys(records)
    done = [0]
    rows = _json_rows(header, records, done)
    total = max(len(records), 1)
    return Table(
        format="json",
        rows=rows,
        encoding=name,
        encoding_reason=found.reason if found else "given",
        progress=lambda: min(done[0] / total, 1.0),
    )


def _records(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict):
        lists = [v for v in payload.values() if isinstance(v, list)]
        payload = lists[0] if len(lists) == 1 else payload
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise FileError(BAD_JSON, line=1, column=1, detail="expected a list of objects")
    return payload


def _keys(records: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(str(k) for k in record))
    return list(keys)


def _json_rows(
    header: list[str], records: list[dict[str, Any]], done: list[int]
) -> Iterator[RawRow]:
    yield RawRow(0, tuple(header))
    for number, record in enumerate(records, start=1):
        done[0] = number
        yield RawRow(number, tuple(_json_cell(record.get(key)) for key in header))


def _json_cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)
