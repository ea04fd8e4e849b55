"""Batched writes of mapped rows as reports and incident records, idempotent by dataset ID.

A row whose dataset ID this source has never sent is *new*; one whose latest report has the
same content digest is *unchanged* (nothing is written), as is one whose every cell says what
the latest report's does, written another way (a spreadsheet's ``12/21/2023`` for
``2023-12-21``: ``carewatch_core.imports.sameness``); one whose content differs is *changed*:
a new report that ``corrects`` the previous one, with a new incident record linked to the same
consolidated incident as the previous record. Reports and records are
never edited, so the history of a dataset's releases stays readable.

The row as received is kept once, as the report's ``original_text``: its run and its cells in
file order (``carewatch_core.imports.stored``; the run keeps the header). The content digest
(``carewatch_core.imports.fingerprint``) is of the row's column → value mapping as canonical JSON,
a workbook's typed cells as the text a CSV of it holds, so it does not depend on the column order,
on how the row is stored, nor on whether the rows came as XLSX or as such a CSV. The record's
``values`` hold ``{"import": <provenance and normalised extras>}``
(docs/decisions/0008-import-storage.md, 0010-import-rows-as-cells.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from carewatch.imports.bulk import Behind, BulkInserter, prepare_connection
from carewatch.imports.rows import run_columns
from carewatch.incidents.models import IncidentRecord
from carewatch.places.models import Place
from carewatch.sources.choices import ReportKind
from carewatch.sources.models import Report, Source
from carewatch.sources.rows import dataset_row_values
from carewatch_core.imports.prepared import Prepared, Shape, legacy_digest, prepared_values
from carewatch_core.imports.sameness import same_row

#: Record fields taken from ``MappedRow.record`` as they are (JSON lists and dicts are encoded).
PLAIN_FIELDS = (
    "date_precision",
    "place_text",
    "place_confidence",
    "lat",
    "lon",
    "facility_text",
    "perpetrator_text",
    "certainty",
    "description",
)
JSON_FIELDS = ("attack_types", "weapons", "counts")
REPORT_FIELDS = (
    "source_id",
    "kind",
    "title",
    "original_text",
    "language",
    "content_sha256",
    "dataset_key",
    "corrects_id",
    "submitted_by_id",
)
RECORD_COLUMNS = (
    "report_id",
    "incident_id",
    "place_id",
    "date",
    *PLAIN_FIELDS,
    *JSON_FIELDS,
    "values",
)
#: What a field the row leaves out is stored as (the model's default).
_BLANK = {
    f.attname: f.get_default()
    for f in IncidentRecord._meta.concrete_fields
    if f.attname in PLAIN_FIELDS
}
_EMPTY_JSON = {
    f.attname: json.dumps(f.get_default())
    for f in IncidentRecord._meta.concrete_fields
    if f.attname in JSON_FIELDS
}
#: (field, what it is stored as when the row leaves it out), in column order (``Shape``).
PLAIN = tuple((name, _BLANK.get(name)) for name in PLAIN_FIELDS)
JSONS = tuple((name, _EMPTY_JSON[name]) for name in JSON_FIELDS)

Todo = tuple[Prepared, "tuple[int, str] | None"]


@dataclass
class Tally:
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    flagged: int = 0
    rejected: int = 0


@dataclass
class BatchWriter:
    """Writes batches for one run; ``provenance`` goes into every record's ``values["import"]``."""

    source: Source
    user: Any
    title: str
    language: str
    provenance: dict[str, Any]
    #: The file's header (``ImportRun.columns``), for reading the cells a report keeps.
    header: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    places: dict[str, int] = field(default_factory=dict)
    #: How the file's dates whose day and month could be either way round are read (``Mapper.day_first``).
    day_first: bool | None = None
    #: No two rows of the file share a dataset ID (``Mapper.keys_unique``).
    keys_unique: bool = False
    _reports: BulkInserter = field(init=False)
    _records: BulkInserter = field(init=False)
    _columns: dict[int, list[str]] = field(init=False, default_factory=dict)
    _first: bool = field(init=False)
    _behind: Behind | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.places = dict(Place.objects.values_list("pcode", "id"))
        # Created under the import's lock on the source: when the source has no dataset rows yet
        # and the file's IDs are unique, no row can have a previous report, and the import does
        # not look for one (at a million rows, a million index probes on PostgreSQL).
        self._first = self.keys_unique and not (
            Report.objects.filter(source=self.source).exclude(dataset_key="").exists()
        )
        prepare_connection()
        if connection.vendor == "postgresql":
            self._behind = Behind()
            # Each batch's foreign keys checked as its COPY ends, in the thread, rather than all
            # at the commit while nothing else runs (``close`` puts the default back).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self._reports = BulkInserter(Report, REPORT_FIELDS)
        self._records = BulkInserter(IncidentRecord, RECORD_COLUMNS, ours=("report_id",))

    @property
    def shape(self) -> Shape:
        """How this run's rows are prepared for it (``carewatch_core.imports.prepared``)."""
        return Shape(
            run=self.provenance["run"],
            title=self.title,
            provenance=self.provenance,
            places=self.places,
            plain=PLAIN,
            jsons=JSONS,
        )

    def write(self, rows: Sequence[Prepared], *, dry: bool) -> None:
        """Classify ``rows`` (prepared, none rejected) and write the new and changed ones
        (on PostgreSQL, sent while the caller maps the next rows: ``settle`` before anything else
        uses the connection)."""
        self.settle()
        latest = self._latest([r[0] for r in rows])
        todo: list[Todo] = []
        for row in rows:
            key, digest, typed, _title, original, _record = row
            previous = latest.get(key)
            if previous is not None and (
                previous[1] == digest or previous[1] == legacy_digest(original, typed, self.header)
            ):
                self.tally.unchanged += 1
                continue
            todo.append((row, previous))
        todo = self._without_rewritten(todo)
        changed = sum(1 for t in todo if t[1] is not None)
        self.tally.changed += changed
        self.tally.new += len(todo) - changed
        if todo and not dry:
            self._insert(todo)

    def settle(self, *, quiet: bool = False) -> None:
        """Wait until the rows written so far are in the database (``quiet``: the import is already
        failing, do not raise what the database said about them)."""
        if self._behind is not None:
            self._behind.wait(quiet=quiet)

    def close(self) -> None:
        """After the last batch: wait for it, and check foreign keys at the commit again."""
        self.settle()
        if self._behind is not None:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _without_rewritten(self, todo: list[Todo]) -> list[Todo]:
        """``todo`` less the rows whose every cell says what their latest report's does, written
        another way (``carewatch_core.imports.sameness``); those are counted unchanged."""
        again = {previous[0] for _, previous in todo if previous is not None}
        if not again:
            return todo
        kept = dict(Report.objects.filter(pk__in=again).values_list("pk", "original_text"))
        left: list[Todo] = []
        for row, previous in todo:
            if previous is not None:
                values = dataset_row_values(kept.get(previous[0], ""), self._run_columns)
                mine = prepared_values(row[4], self.header)
                if values is not None and same_row(values, mine, self.day_first):
                    self.tally.unchanged += 1
                    continue
            left.append((row, previous))
        return left

    def _run_columns(self, run: int) -> list[str]:
        if run not in self._columns:
            self._columns[run] = run_columns(run)
        return self._columns[run]

    def _latest(self, keys: list[str]) -> dict[str, tuple[int, str]]:
        """dataset ID → (id, digest) of this source's latest report with it."""
        # Filtered on dataset_key alone so that the database uses that index (with source_id too,
        # SQLite may scan the source's every report for each batch); the source is checked here.
        if not keys or self._first:
            return {}
        found: dict[str, tuple[int, str]] = {}
        table = connection.ops.quote_name(Report._meta.db_table)
        marks = ", ".join(["%s"] * len(keys))
        # Placeholders only: the table name is the model's, the values are parameters.
        sql = (
            f"SELECT id, dataset_key, content_sha256, source_id FROM {table} "  # noqa: S608  # nosec B608
            f"WHERE dataset_key IN ({marks}) ORDER BY id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            for pk, key, digest, source_id in cursor.fetchall():
                if source_id == self.source.pk:
                    found[key] = (pk, digest)
        return found

    def _insert(self, todo: list[Todo]) -> None:
        user = self.user.pk if getattr(self.user, "is_authenticated", False) else None
        source, kind, language = self.source.pk, ReportKind.DATASET_ROW.value, self.language
        reports = [
            (
                source,
                kind,
                title,
                original,
                language,
                digest,
                key,
                previous[0] if previous else None,
                user,
            )
            for (key, digest, _typed, title, original, _record), previous in todo
        ]
        incidents = self._incidents_of([p[0] for _, p in todo if p is not None])
        report_ids = self._reports.insert(reports, self._behind)
        records = [
            (report_id, incidents.get(previous[0]) if previous else None, *row[5])
            for report_id, (row, previous) in zip(report_ids, todo, strict=True)
        ]
        self._records.insert(records, self._behind)
        if self._behind is not None:
            self._behind.start()

    def _incidents_of(self, report_ids: list[int]) -> dict[int, int]:
        if not report_ids:
            return {}
        pairs = IncidentRecord.objects.filter(report_id__in=report_ids, incident__isnull=False)
        return dict(pairs.values_list("report_id", "incident_id"))
