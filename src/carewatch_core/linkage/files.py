"""Analysts' lists of person or incident records (CSV, XLSX or JSON): read, check, write.

Reading checks every row before anything is linked: a file with a bad row is refused as a
whole, with one ``RowError`` per problem (row number as a spreadsheet shows it, column,
what is wrong, the value), so that nothing partial is ever written, unless the analyst asks
for the valid rows only (``valid_only``): then the refused rows are left out and every problem
is kept, to be written beside the output (``write_errors``). The messages are codes with
parameters; the command line translates them.

Real lists write "unknown" in many ways: ``-1`` for an age, ``?``, ``NA``, ``غير معروف``. A value
that is one of the ``Unknowns`` markers of its column is read as empty; any other value that is
not valid is still a problem. The file is read as the import reads one
(``carewatch_core.imports``: any common encoding, a comma, semicolon, tab or bar between
columns, a workbook's first visible sheet), its header names compared without case, spaces or
punctuation, and each cell as real lists write it (``linkage.cells``).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from carewatch_core.exports.cells import neutralise
from carewatch_core.imports.cells import as_float
from carewatch_core.imports.dates import DAY as PARSED_DAY
from carewatch_core.imports.dates import date_order, parse_date_once
from carewatch_core.imports.errors import AMBIGUOUS_DATE, IMPRECISE_DATE, FileError
from carewatch_core.imports.tables import RawRow, open_table
from carewatch_core.linkage.cells import (
    HEADER_ALIASES,
    age_of,
    cell_text,
    header_name,
    sex_of,
    unidentified,
    whole_number,
)
from carewatch_core.linkage.records import DAY, MONTH, WEEK, IncidentRecord, PersonRecord
from carewatch_core.linkage.result import LinkResult
from carewatch_core.linkage.unknowns import Unknowns

PERSON_COLUMNS = (
    "record_id",
    "source",
    "name_ar",
    "name_latin",
    "sex",
    "age",
    "date_of_death",
    "place",
)
PERSON_EXTRA = ("profession", "facility")
INCIDENT_COLUMNS = (
    "record_id",
    "source",
    "date",
    "date_precision",
    "place",
    "lat",
    "lon",
    "facility",
    "attack_types",
    "killed",
    "injured",
)
OUTPUT_COLUMNS = ("record_id", "cluster_id", "score")
REQUIRED = ("record_id", "source")
PRECISIONS = {"": DAY, "1": DAY, "day": DAY, "2": WEEK, "week": WEEK, "3": MONTH, "month": MONTH}
MAX_ERRORS = 50


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: ``code`` is one of missing_columns, file (``value`` the import's file
    problem, ``params`` its details), empty, required, duplicate_id, sex, age, date,
    ambiguous_date, precision, latitude, longitude, coordinates_pair, count; ``row`` is the
    row's number in the file (the header's for a missing column, 0 for the whole file)."""

    row: int
    column: str
    code: str
    value: str = ""
    params: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ReadNote:
    """Something the reading did that the analyst should know: ``code`` is ``encoding``
    (``value`` the encoding read, when it was not UTF-8), ``imprecise`` (``count`` dates of
    ``column`` gave no day and were read as unknown), ``age_ranges`` (``count`` ages given as a
    range, read as its middle), ``unidentified`` (``count`` names saying the person was not
    identified, read as no name), ``sheet`` (the workbook's sheet read) or ``alias`` (the header
    ``value`` read as ``column``), ``header_row`` (the header found on row ``count``, below a
    title or notes) or ``one_source`` (no source column: every row is of the list
    ``value``, the file's name)."""

    code: str
    column: str = ""
    value: str = ""
    count: int = 0


class BadFile(ValueError):
    """The file cannot be linked; ``errors`` says why (at most ``MAX_ERRORS``)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass(frozen=True)
class ReadOptions:
    """How to read a list: the markers of unknown, the workbook's sheet (its first visible one
    when ``None``), and whether slashed dates put the day first (``None``: as the file shows)."""

    unknowns: Unknowns = field(default_factory=Unknowns)
    sheet: str | None = None
    day_first: bool | None = None


class _Row:
    """One row being checked; problems are collected, not raised."""

    def __init__(self, number: int, values: Mapping[str, str], reading: _Reading) -> None:
        self.number, self.values, self.reading = number, values, reading
        self.errors = reading.errors
        #: What this row's values were read as, counted for the notes if the row is kept.
        self.counted: Counter[str] = Counter()

    def text(self, column: str) -> str:
        """The value, or "" where it is empty or an unknown marker (identifiers excepted:
        ``_rows`` read the markers as empty)."""
        return self.values.get(column, "")

    def fail(self, column: str, code: str) -> None:
        self.errors.append(RowError(self.number, column, code, self.text(column)))

    def number_or_none(
        self, column: str, parse: Callable[[str], float], low: float, high: float, code: str
    ) -> float | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value: float | None = parse(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.fail(column, code)
            return None
        return value

    def integer(self, column: str, high: int, code: str) -> int | None:
        text = self.text(column)
        if not text:
            return None
        value = whole_number(text)
        if value is None or value > high:
            self.fail(column, code)
            return None
        return value

    def name(self, column: str) -> str:
        """The name, or "" where it says the person was not identified (counted)."""
        text = self.text(column)
        if text and unidentified(text):
            self.counted["unidentified"] += 1
            return ""
        return text

    def age(self) -> int | None:
        """The age in whole years (0 to 120); a range is read as its middle and counted."""
        text = self.text("age")
        if not text:
            return None
        value, ranged = age_of(text)
        if value is None or value > 120:
            self.fail("age", "age")
            return None
        if ranged:
            self.counted["age_ranges"] += 1
        return value

    def day(self, column: str) -> tuple[date | None, int]:
        """The date and its precision (``DAY``, ``MONTH``); a date that gives no day where one is
        needed is read as unknown and counted (``imprecise``)."""
        text = self.text(column)
        if not text:
            return None, DAY
        parsed, code = parse_date_once(text, self.reading.day_first.get(column))
        if code == IMPRECISE_DATE:
            self.counted[f"imprecise:{column}"] += 1
            return None, DAY
        if parsed is None:
            self.fail(column, "ambiguous_date" if code == AMBIGUOUS_DATE else "date")
            return None, DAY
        return parsed.date, DAY if parsed.precision == PARSED_DAY else MONTH


@dataclass
class _Reading:
    """What reading one file has found so far."""

    unknowns: Unknowns
    day_first: dict[str, bool | None]
    errors: list[RowError] = field(default_factory=list)
    #: What the kept rows' values were read as (``_Row.counted``), for the notes.
    counted: Counter[str] = field(default_factory=Counter)
    notes: list[ReadNote] = field(default_factory=list)


def _open(path: Path, options: ReadOptions, reading: _Reading) -> Iterator[RawRow]:
    table = open_table(path, sheet=options.sheet)
    if table.encoding and table.encoding_reason not in {"valid_utf8", "bom"}:
        reading.notes.append(ReadNote("encoding", value=table.encoding))
    if table.sheet:
        reading.notes.append(ReadNote("sheet", value=table.sheet))
    try:
        yield from table.rows
    finally:
        table.close()


#: How far down a sheet the header is looked for (a title and notes above it are left out).
HEADER_ROWS = 20


def _header(rows: Iterator[RawRow], notes: list[ReadNote]) -> tuple[int, dict[str, int]]:
    """The header: the first row, among the first ``HEADER_ROWS`` that are not blank, that names
    ``record_id`` (by its own name, else by another name lists give it, noted: ``HEADER_ALIASES``);
    its number and where each column is. Without one, the first row that is not blank (whose lack
    of ``record_id`` is then the problem)."""
    first: tuple[int, dict[str, int], list[ReadNote]] | None = None
    seen = 0
    for row in rows:
        names = [header_name(cell) for cell in row.cells]
        if not any(names):
            continue
        where, aliases = _columns(names, row.cells)
        if "record_id" in where:
            notes.extend(aliases)
            if seen:
                notes.append(ReadNote("header_row", count=row.number))
            return row.number, where
        first = first or (row.number, where, aliases)
        seen += 1
        if seen >= HEADER_ROWS:
            break
    if first is None:
        return 1, {}
    notes.extend(first[2])
    return first[0], first[1]


def _columns(names: list[str], cells: tuple[Any, ...]) -> tuple[dict[str, int], list[ReadNote]]:
    """Where each named column is, the first of a name winning, and other names lists give the
    columns read as theirs (each noted)."""
    where = {name: i for i, name in reversed(list(enumerate(names))) if name}
    aliases = []
    for alias, column in HEADER_ALIASES.items():
        if alias in where and column not in where:
            where[column] = where[alias]
            aliases.append(ReadNote("alias", column=column, value=str(cells[where[alias]])))
    return where, aliases


def _rows(
    path: Path, columns: tuple[str, ...], options: ReadOptions, reading: _Reading
) -> Iterator[_Row]:
    rows = _open(path, options, reading)
    header_row, where = _header(rows, reading.notes)
    if "record_id" in where and "source" not in where:
        # One list, its own duplicates to find: every row is of one source, named after the file.
        reading.notes.append(ReadNote("one_source", value=path.stem))
    missing = [column for column in REQUIRED if column not in where and column != "source"]
    if missing:
        reading.errors.append(RowError(header_row, ", ".join(missing), "missing_columns"))
        return
    known = [
        (column, where[column], column not in REQUIRED) for column in columns if column in where
    ]
    unknown = reading.unknowns.is_unknown
    source = {} if "source" in where else {"source": path.stem}
    for row in rows:
        cells, values = row.cells, {}
        for column, i, markable in known:
            value = cell_text(cells[i]) if i < len(cells) else ""
            values[column] = "" if value and markable and unknown(column, value) else value
        if any(values.values()):
            yield _Row(row.number, values | source, reading)


def _date_orders(
    path: Path, columns: tuple[str, ...], options: ReadOptions
) -> dict[str, bool | None]:
    """Day or month first in the date column's dates written with numbers only: as the analyst
    said, else as the column's own dates show (``21/12/2013``), else ``None`` (those that could
    be either are refused)."""
    dated = next((column for column in ("date", "date_of_death") if column in columns), "")
    if options.day_first is not None or not dated:
        return {dated: options.day_first} if dated else {}
    rows = _open(path, options, _Reading(options.unknowns, {}))
    _header_row, where = _header(rows, [])
    if dated not in where:
        return {}
    i = where[dated]
    cells = (row.cells[i] for row in rows if i < len(row.cells))
    return {dated: date_order(cells, None)}


#: Problems that concern the whole file: no row can be linked.
FILE_PROBLEMS = frozenset({"missing_columns", "file", "empty"})


@dataclass(frozen=True)
class ReadFile:
    """The records read, with ``valid_only`` every problem of the rows left out, and what the
    reading notes (``ReadNote``)."""

    records: list[Any]
    errors: list[RowError]
    notes: list[ReadNote] = field(default_factory=list)


def _checked(
    path: Path,
    columns: tuple[str, ...],
    build: Callable[[_Row], object],
    options: ReadOptions,
    valid_only: bool,
) -> ReadFile:
    reading = _Reading(options.unknowns, {})
    records: list[object] = []
    seen: set[str] = set()
    try:
        reading.day_first = _date_orders(path, columns, options)
        for row in _rows(path, columns, options, reading):
            before = len(reading.errors)
            for column in REQUIRED:
                if not row.text(column):
                    row.fail(column, "required")
            if row.text("record_id") in seen:
                row.fail("record_id", "duplicate_id")
            seen.add(row.text("record_id"))
            record = build(row)
            if len(reading.errors) == before:
                records.append(record)
                reading.counted.update(row.counted)
            if len(reading.errors) >= MAX_ERRORS and not valid_only:
                break
    except FileError as problem:
        params = tuple(sorted(problem.params.items()))
        reading.errors.append(RowError(0, "", "file", problem.code, params))
    errors = reading.errors
    if not records and not any(error.code in FILE_PROBLEMS for error in errors):
        errors.append(RowError(1, "", "empty"))
    fatal = any(error.code in FILE_PROBLEMS for error in errors)
    if errors and (fatal or not valid_only):
        raise BadFile(errors[:MAX_ERRORS])
    notes = reading.notes + [_counted_note(key, count) for key, count in reading.counted.items()]
    return ReadFile(records, errors, notes)


def _counted_note(key: str, count: int) -> ReadNote:
    """``imprecise:<column>``, ``age_ranges`` or ``unidentified`` as a note."""
    code, _, column = key.partition(":")
    return ReadNote(code, column=column or ("age" if code == "age_ranges" else ""), count=count)


def _person(row: _Row) -> PersonRecord:
    sex = sex_of(row.text("sex"))
    if sex is None:
        row.fail("sex", "sex")
    died, precision = row.day("date_of_death")
    if died is not None and precision != DAY:
        row.counted["imprecise:date_of_death"] += 1
        died = None
    return PersonRecord(
        record_id=row.text("record_id"),
        source=row.text("source"),
        name_ar=row.name("name_ar"),
        name_latin=row.name("name_latin"),
        sex=sex or "",
        age=row.age(),
        date_of_death=died,
        place=row.text("place"),
        profession=row.text("profession"),
        facility=row.text("facility"),
    )


def _coordinate(text: str) -> float:
    """A latitude or longitude as the import reads one (``35,91``, Arabic-Indic digits)."""
    return as_float(text) or 0.0


def _incident(row: _Row) -> IncidentRecord:
    given = row.text("date_precision").casefold()
    precision = PRECISIONS.get(given)
    if precision is None:
        row.fail("date_precision", "precision")
    day, read_precision = row.day("date")
    lat = row.number_or_none("lat", _coordinate, -90, 90, "latitude")
    lon = row.number_or_none("lon", _coordinate, -180, 180, "longitude")
    if (lat is None) != (lon is None) and not [e for e in row.errors if e.row == row.number]:
        row.fail("lat" if lat is None else "lon", "coordinates_pair")
    types = frozenset(
        t.strip() for t in row.text("attack_types").replace(";", ",").split(",") if t.strip()
    )
    return IncidentRecord(
        record_id=row.text("record_id"),
        source=row.text("source"),
        date=day,
        # A date written as a month ("2013-05") is that month, whatever the column says.
        date_precision=max(precision or DAY, read_precision),
        place=row.text("place"),
        lat=lat,
        lon=lon,
        facility=row.text("facility"),
        attack_types=types,
        killed=row.integer("killed", 1_000_000, "count"),
        injured=row.integer("injured", 1_000_000, "count"),
    )


def read_persons(
    path: Path, options: ReadOptions | None = None, valid_only: bool = False
) -> ReadFile:
    """Person records of a list with ``PERSON_COLUMNS`` (any of them but the identifiers may be
    absent; plus optional profession, facility); raises ``BadFile`` listing every problem, or
    with ``valid_only`` leaves the rows with problems out and returns their problems."""
    columns = PERSON_COLUMNS + PERSON_EXTRA
    return _checked(path, columns, _person, options or ReadOptions(), valid_only)


def read_incidents(
    path: Path, options: ReadOptions | None = None, valid_only: bool = False
) -> ReadFile:
    """Incident records of a list with ``INCIDENT_COLUMNS`` (any may be absent but the
    identifiers); attack types separated by commas or semicolons; as ``read_persons``."""
    return _checked(path, INCIDENT_COLUMNS, _incident, options or ReadOptions(), valid_only)


def errors_path(out: Path) -> Path:
    """Where the refused rows' problems go: beside the output (``links.csv``:
    ``links.errors.csv``)."""
    return out.with_name(f"{out.stem}.errors.csv")


def write_errors(path: Path, errors: list[RowError], describe: Callable[[RowError], str]) -> None:
    """``row, column, problem, value, message`` per problem, atomically."""
    _atomic_csv(
        path,
        ("row", "column", "problem", "value", "message"),
        ((e.row, e.column, e.code, neutralise(e.value), describe(e)) for e in errors),
    )


def _atomic_csv(path: Path, header: tuple[str, ...], rows: Iterable[Iterable[object]]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".link-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_clusters(path: Path, record_ids: list[str], result: LinkResult) -> int:
    """Write ``record_id, cluster_id, score`` in input order (clusters numbered 1, 2, …
    in order of first appearance; score empty for a record alone), atomically: the file
    appears complete or not at all. Returns the number of clusters."""
    numbers: dict[str, int] = {}

    def rows() -> Iterator[tuple[object, ...]]:
        for record_id in record_ids:
            cluster = numbers.setdefault(result.cluster_of[record_id], len(numbers) + 1)
            score = result.score.get(record_id)
            yield (record_id, cluster, "" if score is None else f"{score:.4f}")

    _atomic_csv(path, OUTPUT_COLUMNS, rows())
    return len(numbers)
