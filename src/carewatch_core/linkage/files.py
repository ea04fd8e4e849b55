"""CSV files of person or incident records, for analysts' own lists: read, check, write.

Reading checks every row before anything is linked: a file with a bad row is refused as a
whole, with one ``RowError`` per problem (row number as a spreadsheet shows it, column,
what is wrong, the value), so that nothing partial is ever written. The messages are codes
with parameters; the command line translates them.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carewatch_core.linkage.records import DAY, MONTH, WEEK, IncidentRecord, PersonRecord
from carewatch_core.linkage.result import LinkResult

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
        self, number: int, values: Mapping[str, str | None], errors: list[RowError]
    ) -> None:
        self.number, self.values, self.errors = number, values, errors

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, code: str) -> None:
        self.errors.append(RowError(self.number, column, code, self.text(column)))

    def number_or_none(
        self, column: str, parse: Callable[[str], float], low: float, high: float, code: str
    ) -> float | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = parse(text)
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
            return date.fromisoformat(text)
        except ValueError:
            self.fail(column, "date")
            return None


def _rows(path: Path, errors: list[RowError]) -> Iterator[_Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            errors.append(RowError(1, ", ".join(missing), "missing_columns"))
            return
        for number, values in enumerate(reader, start=2):
            yield _Row(number, values, errors)


def _checked(path: Path, build: Callable[[_Row], object]) -> list[object]:
    errors: list[RowError] = []
    records: list[object] = []
    seen: set[str] = set()
    try:
        for row in _rows(path, errors):
            for column in REQUIRED:
                if not row.text(column):
                    row.fail(column, "required")
            if row.text("record_id") in seen:
                row.fail("record_id", "duplicate_id")
            seen.add(row.text("record_id"))
            records.append(build(row))
            if len(errors) >= MAX_ERRORS:
                break
    except UnicodeDecodeError:
        errors.append(RowError(0, "", "not_utf8"))
    if not errors and not records:
        errors.append(RowError(1, "", "empty"))
    if errors:
        raise BadFile(errors[:MAX_ERRORS])
    return records


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


def read_persons(path: Path) -> list[PersonRecord]:
    """Person records of a CSV with ``PERSON_COLUMNS`` (plus optional profession,
    facility); raises ``BadFile`` listing every problem."""
    return [record for record in _checked(path, _person) if isinstance(record, PersonRecord)]


def read_incidents(path: Path) -> list[IncidentRecord]:
    """Incident records of a CSV with ``INCIDENT_COLUMNS``; attack types separated by
    commas or semicolons; raises ``BadFile`` listing every problem."""
    return [record for record in _checked(path, _incident) if isinstance(record, IncidentRecord)]


def write_clusters(path: Path, record_ids: list[str], result: LinkResult) -> int:
    """Write ``record_id, cluster_id, score`` in input order (clusters numbered 1, 2, …
    in order of first appearance; score empty for a record alone), atomically: the file
    appears complete or not at all. Returns the number of clusters."""
    numbers: dict[str, int] = {}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".link-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            for record_id in record_ids:
                cluster = numbers.setdefault(result.cluster_of[record_id], len(numbers) + 1)
                score = result.score.get(record_id)
                writer.writerow((record_id, cluster, "" if score is None else f"{score:.4f}"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(numbers)
