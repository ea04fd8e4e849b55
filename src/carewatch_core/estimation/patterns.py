"""Capture histories: which lists documented each person or incident, counted per pattern.

A *pattern* is a tuple of 0/1 flags, one per list (1 = this list documented the record). A
``PatternTable`` holds the number of records with each pattern. The pattern with every flag 0
is never observed: how many records have it is exactly what an estimate is for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Pattern = tuple[int, ...]

MIN_LISTS = 3
MAX_DENSE_LISTS = 16  # 2**16 cells; the log-linear and dga methods stop far earlier


@dataclass(frozen=True, eq=False)
class PatternTable:
    """Counts of records per capture pattern over ``lists``; build it with the ``from_*`` helpers.

    ``patterns`` holds one row of 0/1 flags per pattern seen at least once, ``counts`` how many
    records have it. Rows are sorted by :meth:`cell_index`, so equal data gives equal tables.
    """

    lists: tuple[str, ...]
    patterns: IntArray
    counts: IntArray

    @classmethod
    def from_counts(cls, lists: Sequence[str], counts: Mapping[Pattern, int]) -> PatternTable:
        """Build a table from ``{pattern: count}``; zero counts are allowed and dropped."""
        names = _check_list_names(lists)
        seen: dict[Pattern, int] = {}
        for pattern, count in counts.items():
            _check_pattern(pattern, len(names), where=f"pattern {pattern}")
            seen[tuple(int(v) for v in pattern)] = _check_count(count, where=f"pattern {pattern}")
        return cls._build(names, seen)

    @classmethod
    def from_records(cls, lists: Sequence[str], rows: Iterable[Sequence[int]]) -> PatternTable:
        """Build a table from one 0/1 row per record (e.g. per consolidated person)."""
        names = _check_list_names(lists)
        seen: dict[Pattern, int] = {}
        for number, row in enumerate(rows, start=1):
            pattern = _check_pattern(row, len(names), where=f"record {number}")
            if not any(pattern):
                raise ValueError(
                    f"record {number} is on no list: every record must be on at least one list"
                )
            seen[pattern] = seen.get(pattern, 0) + 1
        return cls._build(names, seen)

    @classmethod
    def _build(cls, names: tuple[str, ...], seen: Mapping[Pattern, int]) -> PatternTable:
        if seen.get(tuple(0 for _ in names), 0) > 0:
            raise ValueError(
                "the pattern with every list 0 has a count: nobody can be counted as documented by no "
                "list (that number is what the estimate is for); remove the row or set it to 0"
            )
        kept = sorted((p for p, c in seen.items() if c > 0), key=lambda p: _index(p))
        if not kept:
            raise ValueError("no records: there is no pattern with a count above 0")
        patterns = np.array(kept, dtype=np.int64).reshape(len(kept), len(names))
        counts = np.array([seen[p] for p in kept], dtype=np.int64)
        return cls(names, patterns, counts)

    def __post_init__(self) -> None:
        # Guards direct construction; the helpers above give friendlier messages first.
        if self.patterns.ndim != 2 or self.patterns.shape != (len(self.counts), len(self.lists)):
            raise ValueError("patterns must be a (number of patterns) x (number of lists) array")
        if not np.isin(self.patterns, (0, 1)).all() or (self.counts <= 0).any():
            raise ValueError("list flags must be 0 or 1 and every count above 0")

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """How many records are documented by at least one list."""
        return int(self.counts.sum())

    def list_sizes(self) -> dict[str, int]:
        """Records documented by each list."""
        sizes = self.counts @ self.patterns
        return {name: int(size) for name, size in zip(self.lists, sizes, strict=True)}

    def overlap(self, first: int, second: int) -> int:
        """Records documented by both list ``first`` and list ``second`` (by position)."""
        both = (self.patterns[:, first] == 1) & (self.patterns[:, second] == 1)
        return int(self.counts[both].sum())

    def pair_overlaps(self) -> dict[tuple[str, str], int]:
        """Records shared by each pair of lists."""
        return {
            (self.lists[a], self.lists[b]): self.overlap(a, b)
            for a, b in combinations(range(self.n_lists), 2)
        }

    def on_several_lists(self) -> int:
        """Records documented by two lists or more: the overlap every estimate rests on."""
        return int(self.counts[self.patterns.sum(axis=1) >= 2].sum())

    def as_dict(self) -> dict[Pattern, int]:
        return {
            tuple(int(v) for v in row): int(c)
            for row, c in zip(self.patterns, self.counts, strict=True)
        }

    @staticmethod
    def cell_index(pattern: Sequence[int]) -> int:
        """Position of ``pattern`` in :meth:`dense`: list ``j`` is bit ``j`` (list 0 the lowest)."""
        return _index(pattern)

    def dense(self) -> IntArray:
        """Counts for all ``2**n_lists`` patterns in :meth:`cell_index` order (cell 0 = unobserved)."""
        if self.n_lists > MAX_DENSE_LISTS:
            raise ValueError(f"{self.n_lists} lists are too many for a full table of all patterns")
        full = np.zeros(2**self.n_lists, dtype=np.int64)
        full[self.patterns @ (1 << np.arange(self.n_lists))] = self.counts
        return full

    def subset(self, keep: Sequence[int]) -> PatternTable:
        """The table restricted to the lists at positions ``keep`` (records on none are dropped)."""
        seen: dict[Pattern, int] = {}
        for row, count in zip(self.patterns[:, list(keep)], self.counts, strict=True):
            pattern = tuple(int(v) for v in row)
            seen[pattern] = seen.get(pattern, 0) + int(count)
        seen.pop(tuple(0 for _ in keep), None)
        return PatternTable._build(_check_list_names([self.lists[i] for i in keep]), seen)


def _index(pattern: Sequence[int]) -> int:
    return sum(int(v) << j for j, v in enumerate(pattern))


def _check_list_names(lists: Sequence[str]) -> tuple[str, ...]:
    names = tuple(str(name).strip() for name in lists)
    if len(names) < MIN_LISTS:
        raise ValueError(
            f"multiple systems estimation needs at least {MIN_LISTS} lists; there are {len(names)}"
            f"{' (' + ', '.join(names) + ')' if names else ''}. With two lists an estimate rests "
            "entirely on the assumption that they are independent, which the data cannot check"
        )
    if any(not name for name in names):
        raise ValueError("every list needs a name (the header has an empty column name)")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"list names must be distinct; repeated: {', '.join(duplicates)}")
    return names


def _check_pattern(values: Sequence[object], n_lists: int, where: str) -> Pattern:
    if len(values) != n_lists:
        raise ValueError(f"{where}: expected {n_lists} list flags, found {len(values)}")
    return tuple(_flag(v, where) for v in values)


def _flag(value: object, where: str) -> int:
    text = str(value).strip()
    if text not in ("0", "1"):
        raise ValueError(f"{where}: list flags must be 0 or 1, found {text!r}")
    return int(text)


def _check_count(value: object, where: str) -> int:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{where}: the count must be a number, found {text!r}") from None
    if not number.is_integer() or number < 0:
        raise ValueError(
            f"{where}: the count must be a whole number of zero or more, found {text!r}"
        )
    return int(number)


# --- CSV files ---------------------------------------------------------------------------


def read_patterns_csv(path: str | Path) -> PatternTable:
    """Read a CSV with a header, one 0/1 column per list and the count as the last column.

    Raises ``ValueError`` (with the line number) for malformed content and ``OSError`` when
    the file cannot be read.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return parse_patterns_csv(handle)


def read_records_csv(path: str | Path) -> PatternTable:
    """Read a CSV with a header naming the lists and one 0/1 row per record."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return parse_records_csv(handle)


def parse_patterns_csv(lines: Iterable[str]) -> PatternTable:
    """Parse pattern counts from CSV text lines (see :func:`read_patterns_csv`)."""
    header, rows = _csv_rows(lines)
    if len(header) < 2:
        raise ValueError("line 1: the header must name each list and end with the count column")
    names = _check_list_names(header[:-1])
    seen: dict[Pattern, int] = {}
    first_line: dict[Pattern, int] = {}
    for line, row in rows:
        _check_width(row, len(header), line)
        pattern = tuple(_cell_flag(v, header[j], line) for j, v in enumerate(row[:-1]))
        count = _check_count(row[-1], where=f"line {line}, column {header[-1]!r}")
        if pattern in first_line:
            raise ValueError(
                f"line {line}: pattern {','.join(map(str, pattern))} appears twice "
                f"(first on line {first_line[pattern]}); give each pattern once"
            )
        first_line[pattern] = line
        if not any(pattern) and count > 0:
            raise ValueError(
                f"line {line}: the pattern with every list 0 has a count of {count}: nobody can be "
                "counted as documented by no list (that number is what the estimate is for); "
                "remove the row or set it to 0"
            )
        seen[pattern] = count
    return PatternTable._build(names, seen)


def parse_records_csv(lines: Iterable[str]) -> PatternTable:
    """Parse one 0/1 row per record from CSV text lines (see :func:`read_records_csv`)."""
    header, rows = _csv_rows(lines)
    names = _check_list_names(header)
    seen: dict[Pattern, int] = {}
    for line, row in rows:
        _check_width(row, len(header), line)
        pattern = tuple(_cell_flag(v, header[j], line) for j, v in enumerate(row))
        if not any(pattern):
            raise ValueError(
                f"line {line}: the record is on no list; every record must be on at least one"
            )
        seen[pattern] = seen.get(pattern, 0) + 1
    return PatternTable._build(names, seen)


def _csv_rows(lines: Iterable[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(_without_bom(lines))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ValueError("the file is empty: expected a header line naming the lists") from None
    except csv.Error as exc:
        raise ValueError(f"line 1: not valid CSV ({exc})") from None
    if all(name in ("0", "1") or name.isdigit() for name in header):
        raise ValueError("line 1 must be a header naming the lists, but it holds numbers")
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ValueError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    return header, rows


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    # Spreadsheets saving "CSV UTF-8" start the file with a byte-order mark.
    for number, line in enumerate(lines):
        yield line.removeprefix("\ufeff") if number == 0 else line


def _check_width(row: Sequence[str], width: int, line: int) -> None:
    if len(row) != width:
        raise ValueError(f"line {line} has {len(row)} fields; the header has {width}")


def _cell_flag(value: str, column: str, line: int) -> int:
    return _flag(value, where=f"line {line}, column {column!r}")
