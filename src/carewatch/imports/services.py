"""``import_file``: a dataset file into reports and incident records, all or nothing by default.

Audit: one ``carewatch.import.completed`` entry per run summarises it (file SHA-256, profile,
source, counts, the range of report IDs written). Auditing each of a million rows one by one
would serialise the import on the audit chain's lock; every row stays traceable to its run
through ``IncidentRecord.values["import"]`` (run, file SHA-256, sheet, row number).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from carewatch.audit.services import entries_at_the_end, log_action
from carewatch.imports.bulk import BulkInserter
from carewatch.imports.choices import RunStatus
from carewatch.imports.messages import describe
from carewatch.imports.models import ImportRowError, ImportRun, SavedMapping
from carewatch.imports.report import ErrorReport
from carewatch.imports.writer import BatchWriter, Tally
from carewatch.sources.models import Report, Source
from carewatch.sources.services import source_get_or_create
from carewatch.sources.signals import reports_imported
from carewatch_core.collection import fewer_collections
from carewatch_core.hashing import sha256_chunks
from carewatch_core.imports import elsewhere, xlsx_pieces
from carewatch_core.imports.elsewhere import Job, mapped_elsewhere
from carewatch_core.imports.errors import FileError, Issue
from carewatch_core.imports.mapping import Known, Mapper
from carewatch_core.imports.prepared import Batch, Preparer, prepared_batches
from carewatch_core.imports.profile import Profile
from carewatch_core.imports.profiles import PROFILES
from carewatch_core.imports.rows import Overrides
from carewatch_core.imports.tables import Table, open_table

BATCH = 2000
_ROW_ERROR_FIELDS = ("run_id", "row", "column", "value", "code", "severity", "params")
_SOURCE_LOCK = 4_729_202  # PostgreSQL advisory lock namespace: one import per source at a time


class ImportRefused(Exception):
    """The file cannot be imported at all; ``message`` is in the user's language."""

    def __init__(self, code: str, message: str, run: ImportRun | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.run = run


class _Discard(Exception):
    """Raised inside the data transaction to roll it back (trial runs, rejected rows)."""


@dataclass(frozen=True)
class ImportOptions:
    profile: str
    source_name: str | None = None
    dry_run: bool = False
    valid_rows_only: bool = False
    language: str = "en"
    sheet: str | None = None
    encoding: str | None = None
    mapping: SavedMapping | None = None
    batch_size: int = BATCH


Progress = Callable[[int, float], None]


def import_file(
    *,
    user: Any,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import ``path`` with ``options``; returns the finished run (status, counts, error report).

    ``run``: a run already started with ``import_run_start`` (the web starts it before handing
    the file to a background worker, so that the page can follow it). Raises ``ImportRefused``
    when the file as a whole cannot be read (the run is kept, failed).
    """
    profile = PROFILES.get(options.profile)
    if profile is None:
        raise ImportRefused(
            "unknown_profile", describe("unknown_profile", {"profile": options.profile})
        )
    run = run or import_run_start(user=user, path=path, options=options)
    try:
        table = open_table(path, sheet=options.sheet or profile.sheet, encoding=options.encoding)
        mapper = Mapper(profile, table, _overrides(options.mapping))
    except FileError as exc:
        raise _refuse(run, exc.code, exc.params) from None
    try:
        return _run(run, user, profile, path, table, mapper, options, progress)
    finally:
        table.close()


def import_run_start(*, user: Any, path: Path, options: ImportOptions) -> ImportRun:
    """The run's row, written before any data (status ``running``, the worker process recorded)."""
    with path.open("rb") as handle:
        digest = sha256_chunks(iter(lambda: handle.read(1 << 20), b""))
    return ImportRun.objects.create(
        file_name=path.name[:255],
        file_sha256=digest,
        file_size=path.stat().st_size,
        profile=options.profile,
        mapping=options.mapping,
        user=user if getattr(user, "is_authenticated", False) else None,
        language=options.language,
        dry_run=options.dry_run,
        valid_rows_only=options.valid_rows_only,
        worker=worker_id(),
    )


def worker_id() -> str:
    """``host:pid`` of this process (how a later look tells whether the run's worker is gone)."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def _overrides(mapping: SavedMapping | None) -> Overrides:
    return Overrides(dict(mapping.columns), dict(mapping.values)) if mapping else Overrides()


def _refuse(run: ImportRun, code: str, params: dict[str, Any]) -> ImportRefused:
    from django.utils import translation

    with translation.override(run.language):
        message = describe(code, params)
    run.status, run.message, run.finished_at = RunStatus.FAILED, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return ImportRefused(code, message, run)


def _run(
    run: ImportRun,
    user: Any,
    profile: Profile,
    path: Path,
    table: Table,
    mapper: Mapper,
    options: ImportOptions,
    progress: Progress | None,
) -> ImportRun:
    report = ErrorReport(run.pk, options.language)
    stored: list[Issue] = []
    first_report = Report.objects.order_by("-id").values_list("id", flat=True).first() or 0
    tally = Tally()
    source: Source | None = None
    try:
        # Its audit entries (a source it creates) at its end: the chain is locked from an entry
        # to the commit, and the rows take minutes (carewatch.audit.services).
        with transaction.atomic(), entries_at_the_end():
            # The header, with the data: a report keeps only its row's cells (decision 0010).
            run.columns = list(mapper.layout.header)
            run.save(update_fields=["columns"])
            source = _source(user, profile, options)
            _lock(source)
            writer = _writer(run, user, profile, table, source, tally, mapper)
            batches = _batches(path, table, mapper, writer, options)
            with fewer_collections(), closing(batches):  # millions of short-lived objects
                try:
                    _stream(batches, writer, options, report, stored, progress)
                except BaseException:
                    writer.settle(quiet=True)  # the connection is free before the rollback
                    raise
                writer.close()
            if options.dry_run or (tally.rejected and not options.valid_rows_only):
                raise _Discard
    except _Discard:
        pass
    except BaseException:
        # Interrupted or crashed: the data transaction is rolled back; say so on the run.
        report.close()
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), rows_read=tally.read
        )
        raise
    _finish(run, table, tally, report, stored, options, source)
    if run.status == RunStatus.SUCCEEDED:
        _audit(run, user, first_report)
        if run.rows_new and not options.dry_run:
            _announce(run, user)
    return run


def _announce(run: ImportRun, user: Any) -> None:
    """Tell whoever links imported rows on (``linkage``) that new reports are there."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    transaction.on_commit(
        lambda: reports_imported.send(
            sender=ImportRun, source_id=run.source_id, user_id=user_id, run_id=run.pk
        )
    )


def _source(user: Any, profile: Profile, options: ImportOptions) -> Source:
    info = profile.source
    return source_get_or_create(
        user=user,
        name=options.source_name or info.name,
        source_type=info.source_type,
        reliability=info.reliability,
        url=info.url,
        description=info.citation,
    )


def _writer(
    run: ImportRun,
    user: Any,
    profile: Profile,
    table: Table,
    source: Source,
    tally: Tally,
    mapper: Mapper,
) -> BatchWriter:
    provenance = {"run": run.pk, "file_sha256": run.file_sha256, "profile": profile.name}
    if table.sheet:
        provenance["sheet"] = table.sheet
    return BatchWriter(
        source=source,
        user=user,
        title=profile.label,
        language=profile.language,
        provenance=provenance,
        tally=tally,
        header=list(mapper.layout.header),
        day_first=mapper.day_first,
        keys_unique=mapper.keys_unique,
    )


def _lock(source: Source) -> None:
    """Two imports into one source at once could both find an ID new: take them in turn."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SOURCE_LOCK, source.pk])


def _stream(
    batches: Iterator[Batch],
    writer: BatchWriter,
    options: ImportOptions,
    report: ErrorReport,
    stored: list[Issue],
    progress: Progress | None,
) -> None:
    tally = writer.tally
    for batch in batches:
        tally.read += batch.read
        tally.rejected += batch.rejected
        tally.flagged += batch.flagged
        if batch.issues:
            report.add(batch.issues)
            stored.extend(batch.issues[: max(ImportRowError.MAX_STORED - len(stored), 0)])
        # All or nothing: after the first rejected row, keep reading (to report every problem)
        # but stop writing; the transaction is rolled back at the end.
        writing = not options.dry_run and (options.valid_rows_only or not tally.rejected)
        writer.write(batch.rows, dry=not writing)
        if progress:
            progress(tally.read, batch.progress)


def _batches(
    path: Path, table: Table, mapper: Mapper, writer: BatchWriter, options: ImportOptions
) -> Generator[Batch, None, None]:
    """The file's rows mapped and prepared in batches: by child processes for a large CSV file
    or workbook (``carewatch_core.imports.elsewhere``), while this one stores them; here for a
    small one, and for a JSON file, which its reader holds whole in memory (a copy in each
    process would multiply it; a large worksheet is read a piece at a time)."""
    threshold = settings.CAREWATCH_IMPORT_CHILD_BYTES
    large = threshold and path.stat().st_size >= threshold
    if large and table.format in ("csv", "xlsx") and elsewhere.AVAILABLE:
        mapping = options.mapping
        job = Job(
            path=path,
            profile=options.profile,
            shape=writer.shape,
            batch_size=options.batch_size,
            sheet=table.sheet or options.sheet,
            facts=table.facts,
            encoding=options.encoding,
            columns=dict(mapping.columns) if mapping else {},
            values=dict(mapping.values) if mapping else {},
            pieces=table.in_pieces,
            least=xlsx_pieces.PIECE_BYTES,
            known=Known(mapper.layout, mapper.day_first),
        )
        return mapped_elsewhere(job, settings.CAREWATCH_IMPORT_MAPPING_PROCESSES, mapper.duplicate)
    preparer = Preparer(writer.shape)
    return prepared_batches(mapper, preparer, options.batch_size, table.progress)


def _finish(
    run: ImportRun,
    table: Table,
    tally: Tally,
    report: ErrorReport,
    stored: list[Issue],
    options: ImportOptions,
    source: Source | None,
) -> None:
    failed = bool(tally.rejected) and not options.valid_rows_only
    run.status = (
        RunStatus.DRY_RUN
        if options.dry_run
        else RunStatus.FAILED
        if failed
        else RunStatus.SUCCEEDED
    )
    run.source = source if run.status == RunStatus.SUCCEEDED else None
    run.sheet, run.encoding = table.sheet[:120], table.encoding
    run.rows_read, run.rows_new, run.rows_changed = tally.read, tally.new, tally.changed
    run.rows_unchanged, run.rows_flagged, run.rows_rejected = (
        tally.unchanged,
        tally.flagged,
        tally.rejected,
    )
    run.error_report = report.close()
    run.message = "; ".join(describe(n) for n in table.notes)
    run.finished_at = timezone.now()
    # One transaction: a page that sees the run finished sees its stored errors too.
    with transaction.atomic():
        run.save()
        # Through the driver's bulk path: up to MAX_STORED rows, each built cheaply.
        BulkInserter(ImportRowError, _ROW_ERROR_FIELDS).insert(
            [
                (
                    run.pk,
                    i.row,
                    i.column[:200],
                    i.value,
                    i.code,
                    i.severity.value,
                    json.dumps(i.params, default=str),
                )
                for i in stored
            ]
        )


def run_failed(*, run: ImportRun, user: Any, message: str = "") -> bool:
    """Mark a run that is still running as failed (nothing of it kept), audited as
    ``carewatch.import.failed``; ``False`` if the run had already ended."""
    changed = ImportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), message=message
    )
    if changed:
        log_action(
            action="carewatch.import.failed",
            actor=user,
            obj=run,
            before={"status": run.status},
            after={"status": RunStatus.FAILED, "message": message},
        )
    return bool(changed)


@transaction.atomic
def run_claimed(*, run: ImportRun, user: Any, attempt: int = 1) -> bool:
    """A worker takes the run (``attempt``: how many workers have taken its job, this one
    included): it records itself, and a run whose last worker died runs again from the start
    (audited as ``carewatch.import.resumed``). ``False`` if the run had ended: nothing to do."""
    resumable = [RunStatus.RUNNING, RunStatus.INTERRUPTED]
    changed = ImportRun.objects.filter(pk=run.pk, status__in=resumable).update(
        status=RunStatus.RUNNING, worker=worker_id(), finished_at=None
    )
    if changed and (attempt > 1 or run.status == RunStatus.INTERRUPTED):
        log_action(
            action="carewatch.import.resumed",
            actor=user,
            obj=run,
            before={"status": run.status, "worker": run.worker},
            after={"status": RunStatus.RUNNING, "worker": worker_id(), "attempt": attempt},
        )
    return bool(changed)


def _audit(run: ImportRun, user: Any, first_report: int) -> None:
    written = Report.objects.filter(id__gt=first_report, source=run.source)
    ids = written.order_by("id").values_list("id", flat=True)
    log_action(
        action="carewatch.import.completed",
        actor=user,
        obj=run,
        after={
            **run.summary(),
            "file_sha256": run.file_sha256,
            "file_name": run.file_name,
            "profile": run.profile,
            "source": run.source_id,
            "first_report": ids.first(),
            "last_report": ids.last(),
        },
    )
