"""CSV files of person or incident records, for analysts' own lists: read, check, write.

Reading checks every row before anything is linked: a file with a bad row is refused as a
whole, with one ``RowError`` per problem (row number as a spreadsheet shows it, column,
what is wrong, the value), so that nothing partial is ever written, unless the analyst asks
for the valid rows only (``valid_only``): then the refused rows are left out and every problem
is kept, to be written beside the output (``write_errors``). The messages are codes with
parameters; the command line translates them.

Real lists write "unknown" in many ways: ``-1`` for an age, ``?``, ``NA``, ``غير معروف``. A value
that is one of the ``Unknowns`` markers of its column is read as empty; any other value that is
not valid is still a problem. Digits may be Arabic-Indic (``٣٥``).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from carewatch_core.digits import ascii_digits
from carewatch_core.exports.cells import neutralise
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
SEXES = {"m": "m", "male": "m", "f": "f", "female": "f", "ذكر": "m", "أنثى": "f", "انثى": "f"}
PRECISIONS = {"": DAY, "1": DAY, "day": DAY, "2": WEEK, "week": WEEK, "3": MONTH, "month": MONTH}
MAX_ERRORS = 50


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: ``code`` is one of missing_columns, not_utf8, empty, required,
    duplicate_id, sex, age, date, precision, latitude, longitude, coordinates_pair,
    count; ``row`` is 1 for the header."""

    row: int
    column: str
    code: str
    value: str = ""


class BadFile(ValueError):
    """The file cannot be linked; ``errors`` says why (at most ``MAX_ERRORS``)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


class _Row:
    """One CSV row being checked; problems are collected, not raised."""

    def __init__(
        self,
        number: int,
        values: Mapping[str, str | None],
        errors: list[RowError],
        unknowns: Unknowns,
    ) -> None:
        self.number, self.values, self.errors, self.unknowns = number, values, errors, unknowns

    def raw(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def text(self, column: str) -> str:
        """The value, or "" where it is empty or an unknown marker (identifiers excepted)."""
        value = self.raw(column)
        if column not in REQUIRED and self.unknowns.is_unknown(column, value):
            return ""
        return value

    def fail(self, column: str, code: str) -> None:
        self.errors.append(RowError(self.number, column, code, self.text(column)))

    def number_or_none(
        self, column: str, parse: Callable[[str], float], low: float, high: float, code: str
    ) -> float | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = parse(ascii_digits(text))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.fail(column, code)
            return None
        return value

    def integer(self, column: str, high: int, code: str) -> int | None:
        value = self.number_or_none(column, int, 0, high, code)
        return None if value is None else int(value)

    def day(self, column: str) -> date | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return date.fromisoformat(ascii_digits(text))
        except ValueError:
            self.fail(column, "date")
            return None


def _rows(path: Path, errors: list[RowError], unknowns: Unknowns) -> Iterator[_Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            errors.append(RowError(1, ", ".join(missing), "missing_columns"))
            return
        for number, values in enumerate(reader, start=2):
            yield _Row(number, values, errors, unknowns)


#: Problems that concern the whole file: no row can be linked.
FILE_PROBLEMS = frozenset({"missing_columns", "not_utf8", "empty"})


@dataclass(frozen=True)
class ReadFile:
    """The records read and, with ``valid_only``, every problem of the rows left out."""

    records: list[Any]
    errors: list[RowError]


def _checked(
    path: Path, build: Callable[[_Row], object], unknowns: Unknowns, valid_only: bool
) -> ReadFile:
    errors: list[RowError] = []
    records: list[object] = []
    seen: set[str] = set()
    try:
        for row in _rows(path, errors, unknowns):
            before = len(errors)
            for column in REQUIRED:
                if not row.text(column):
                    row.fail(column, "required")
            if row.text("record_id") in seen:
                row.fail("record_id", "duplicate_id")
            seen.add(row.text("record_id"))
            record = build(row)
            if len(errors) == before:
                records.append(record)
            if len(errors) >= MAX_ERRORS and not valid_only:
                break
    except UnicodeDecodeError:
        errors.append(RowError(0, "", "not_utf8"))
    if not records and not any(error.code in FILE_PROBLEMS for error in errors):
        errors.append(RowError(1, "", "empty"))
    fatal = any(error.code in FILE_PROBLEMS for error in errors)
    if errors and (fatal or not valid_only):
        raise BadFile(errors[:MAX_ERRORS])
    return ReadFile(records, errors)


def _person(row: _Row) -> PersonRecord:
    sex = row.text("sex").casefold()
    if sex and sex not in SEXES:
        row.fail("sex", "sex")
    return PersonRecord(
        record_id=row.text("record_id"),
        source=row.text("source"),
        name_ar=row.text("name_ar"),
        name_latin=row.text("name_latin"),
        sex=SEXES.get(sex, ""),
        age=row.integer("age", 120, "age"),
        date_of_death=row.day("date_of_death"),
        place=row.text("place"),
        profession=row.text("profession"),
        facility=row.text("facility"),
    )


def _incident(row: _Row) -> IncidentRecord:
    precision = PRECISIONS.get(row.text("date_precision").casefold())
    if precision is None:
        row.fail("date_precision", "precision")
    lat = row.number_or_none("lat", float, -90, 90, "latitude")
    lon = row.number_or_none("lon", float, -180, 180, "longitude")
    if (lat is None) != (lon is None) and not [e for e in row.errors if e.row == row.number]:
        row.fail("lat" if lat is None else "lon", "coordinates_pair")
    types = frozenset(
        t.strip() for t in row.text("attack_types").replace(";", ",").split(",") if t.strip()
    )
    return IncidentRecord(
        record_id=row.text("record_id"),
        source=row.text("source"),
        date=row.day("date"),
        date_precision=precision or DAY,
        place=row.text("place"),
        lat=lat,
        lon=lon,
        facility=row.text("facility"),
        attack_types=types,
        killed=row.integer("killed", 1_000_000, "count"),
        injured=row.integer("injured", 1_000_000, "count"),
    )


def read_persons(
    path: Path, unknowns: Unknowns | None = None, valid_only: bool = False
) -> ReadFile:
    """Person records of a CSV with ``PERSON_COLUMNS`` (any of them but the identifiers may be
    absent; plus optional profession, facility); raises ``BadFile`` listing every problem, or
    with ``valid_only`` leaves the rows with problems out and returns their problems."""
    return _checked(path, _person, unknowns or Unknowns(), valid_only)


def read_incidents(
    path: Path, unknowns: Unknowns | None = None, valid_only: bool = False
) -> ReadFile:
    """Incident records of a CSV with ``INCIDENT_COLUMNS`` (any may be absent but the
    identifiers); attack types separated by commas or semicolons; as ``read_persons``."""
    return _checked(path, _incident, unknowns or Unknowns(), valid_only)


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
