"""Batched writes of mapped rows as reports and incident records, idempotent by dataset ID.

A row whose dataset ID this source has never sent is *new*; one whose latest report has the
same content digest is *unchanged* (nothing is written); one whose content differs is
*changed*: a new report that ``corrects`` the previous one, with a new incident record
linked to the same consolidated incident as the previous record. Reports and records are
never edited, so the history of a dataset's releases stays readable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from carewatch.imports.bulk import BulkInserter, RawJSON
from carewatch.incidents.models import IncidentRecord
from carewatch.places.models import Place
from carewatch.sources.choices import ReportKind
from carewatch.sources.models import Report, Source
from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports.rows import MappedRow

RECORD_FIELDS = (
    "date", "date_precision", "place_text", "place_confidence", "lat", "lon", "facility_text", "attack_types",
    "weapons", "counts", "perpetrator_text", "certainty", "description",
)  # fmt: skip


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
    tally: Tally = field(default_factory=Tally)
    places: dict[str, int] = field(default_factory=dict)
    _reports: BulkInserter = field(init=False)
    _records: BulkInserter = field(init=False)

    def __post_init__(self) -> None:
        self.places = dict(Place.objects.values_list("pcode", "id"))
        self._reports = BulkInserter(Report)
        self._records = BulkInserter(IncidentRecord)

    def write(self, rows: Sequence[MappedRow], *, dry: bool) -> None:
        """Classify ``rows`` (already mapped, none rejected) and write the new and changed ones."""
        texts = [canonical_json(r.values) for r in rows]
        digests = [sha256_text(t) for t in texts]
        latest = self._latest({r.key for r in rows})
        todo: list[tuple[MappedRow, str, str, tuple[int, str] | None]] = []
        for row, text, digest in zip(rows, texts, digests, strict=True):
            previous = latest.get(row.key)
            if previous is not None and previous[1] == digest:
                self.tally.unchanged += 1
                continue
            todo.append((row, text, digest, previous))
            if previous is None:
                self.tally.new += 1
            else:
                self.tally.changed += 1
        if todo and not dry:
            self._insert(todo)

    def _latest(self, keys: set[str]) -> dict[str, tuple[int, str]]:
        """dataset ID → (id, digest) of this source's latest report with it."""
        # Filtered on dataset_key alone so that the database uses that index (with source_id too,
        # SQLite may scan the source's every report for each batch); the source is checked here.
        found: dict[str, tuple[int, str]] = {}
        query = Report.objects.filter(dataset_key__in=keys).order_by("id")
        for pk, key, digest, source_id in query.values_list("id", "dataset_key", "content_sha256", "source_id"):
            if source_id == self.source.pk:
                found[key] = (pk, digest)
        return found

    def _insert(self, todo: list[tuple[MappedRow, str, str, tuple[int, str] | None]]) -> None:
        user = self.user.pk if getattr(self.user, "is_authenticated", False) else None
        reports = [
            {"source_id": self.source.pk, "kind": ReportKind.DATASET_ROW.value, "title": f"{self.title} {row.key}"[:300],
             "original_text": text, "language": self.language, "content_sha256": digest, "dataset_key": row.key,
             "corrects_id": previous[0] if previous else None, "submitted_by_id": user}
            for row, text, digest, previous in todo
        ]  # fmt: skip
        report_ids = self._reports.insert(reports)
        incidents = self._incidents_of([p[0] for _, _, _, p in todo if p is not None])
        records = [
            self._record(report_id, row, text, incidents.get(previous[0]) if previous else None)
            for report_id, (row, text, _, previous) in zip(report_ids, todo, strict=True)
        ]
        self._records.insert(records)

    def _incidents_of(self, report_ids: list[int]) -> dict[int, int]:
        if not report_ids:
            return {}
        pairs = IncidentRecord.objects.filter(report_id__in=report_ids, incident__isnull=False)
        return dict(pairs.values_list("report_id", "incident_id"))

    def _record(self, report_id: int, row: MappedRow, text: str, incident_id: int | None) -> dict[str, Any]:
        fields = {name: row.record[name] for name in RECORD_FIELDS if row.record.get(name) is not None}
        pcode = row.record.get("place_pcode")
        flags = sorted({i.code for i in row.issues})
        meta = {**self.provenance, "row": row.number, **{k: v for k, v in row.extra.items() if v not in (None, [], {})}}
        if flags:
            meta["flags"] = flags
        return {
            "report_id": report_id, "incident_id": incident_id, "place_id": self.places.get(pcode) if pcode else None,
            # {"source": <the row as received>, "import": <provenance and normalised extras>}; the
            # row's canonical JSON (already made for the report) is embedded, not encoded again.
            "values": RawJSON('{"source":' + text + ',"import":' + json.dumps(meta, default=str) + "}"), **fields,
        }
