"""Import runs: the list, one run's progress (polled with htmx) and result, its error report."""

from __future__ import annotations

import time
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import page_of, require
from carewatch.imports.choices import RunStatus
from carewatch.imports.errors_csv import stored_errors_csv
from carewatch.imports.forms import MappingForm
from carewatch.imports.housekeeping import import_runs_reap, worker_gone
from carewatch.imports.jobs import read_progress
from carewatch.imports.models import ImportRowError, ImportRun
from carewatch.imports.run_mapping import run_preview
from carewatch.imports.selectors import run_errors, runs_for
from carewatch.incidents.models import IncidentRecord
from carewatch.lib.lookups import row_or_404


def _run(request: HttpRequest, pk: int) -> ImportRun:
    return row_or_404(runs_for(request.user), pk)


@require("import.run")
def run_list(request: HttpRequest) -> HttpResponse:
    import_runs_reap(user=request.user)
    reader = ShownReader(request.user)
    page = reader.show_page(page_of(request, runs_for(request.user)))
    return render_shown(request, reader, "imports/list.html", {"page": page})


def run_context(request: HttpRequest, run: ImportRun) -> dict[str, object]:
    running = run.status == RunStatus.RUNNING and not worker_gone(run)
    context: dict[str, object] = {
        "run": ShownReader(request.user).show(run),
        "running": running,
        "interrupted": run.status == RunStatus.RUNNING and not running,
    }
    if running:
        progress = read_progress(run.pk)
        context["progress"] = progress
        context["elapsed"] = max(time.time() - run.started_at.timestamp(), 0.0)
        context["percent"] = round(progress.fraction * 100) if progress else 0
    else:
        context["errors"] = page_of(request, run_errors(run), per_page=50)
        context["flow"] = _flow(run)
        preview = run_preview(run)
        if preview.unknown:
            context["run_mapping_form"] = MappingForm(
                profile=run.profile,
                preview=preview,
                mapping=run.mapping,
                initial={"name": run.mapping.name if run.mapping else ""},
            )
    return context


def _flow(run: ImportRun) -> dict[str, int] | None:
    """Where the run's new rows are now: given an incident to verify, or still waiting for the
    background linking (``linkage.jobs``)."""
    if run.status != RunStatus.SUCCEEDED or not run.rows_new or run.source_id is None:
        return None
    records = IncidentRecord.objects.filter(
        report__source_id=run.source_id, report__received_at__gte=run.started_at
    )
    linked = records.filter(incident__isnull=False).count()
    return {"linked": linked, "waiting": records.count() - linked, "source": run.source_id}


@require("import.run")
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status == RunStatus.RUNNING and worker_gone(run):
        import_runs_reap(user=request.user)
        run.refresh_from_db()
    return render(request, "imports/run.html", run_context(request, run))


@require("import.run")
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress (or, once finished, the result) block alone, for htmx polling."""
    return render(request, "imports/_run_body.html", run_context(request, _run(request, pk)))


@require("import.run")
def run_errors_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The row-by-row report as CSV, in the reader's language when every problem is stored;
    beyond 10,000 problems, the full file written during the run (in the run's language)."""
    run = _run(request, pk)
    stored = run_errors(run).count()
    path = Path(run.error_report) if run.error_report else None
    name = f"carewatch-import-{run.pk}-errors.csv"
    if stored >= ImportRowError.MAX_STORED and path is not None and path.is_file():
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="text/csv; charset=utf-8",
        )
    response = HttpResponse(
        stored_errors_csv(run_errors(run)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
