"""Pages for sources, their reports (kept as received) and the figures they state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import can, clearance_of
from carewatch.audit.history import history_response
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.sources import services
from carewatch.sources.choices import FigureMeasure, ReportKind
from carewatch.sources.evidence import ImageTooLarge, UnsupportedFileType, refusal_message
from carewatch.sources.forms import FigureForm, ReportForm, SourceForm
from carewatch.sources.models import Report, Source
from carewatch.sources.proposals import text_of_upload
from carewatch.sources.rows import dataset_row_values
from carewatch.sources.selectors import (
    figures_for,
    reports_for,
    sources_for,
    with_report_counts,
)
from carewatch.sources.storage import FileTooLarge


def _source(request: HttpRequest, pk: int) -> Source:
    return row_or_404(sources_for(request.user), pk)


def _report(request: HttpRequest, pk: int) -> Report:
    return row_or_404(reports_for(request.user), pk)


@require("source.view")
def source_list(request: HttpRequest) -> HttpResponse:
    reader = ShownReader(request.user)
    page = page_of(request, sources_for(request.user))
    page.object_list = with_report_counts(list(page.object_list))
    return render_shown(request, reader, "sources/list.html", {"page": reader.show_page(page)})


@require("source.view")
def source_view(request: HttpRequest, pk: int) -> HttpResponse:
    reader = ShownReader(request.user)
    source = _source(request, pk)
    reports = page_of(request, reports_for(request.user).filter(source=source), per_page=25)
    shown = reader.show_page(reports)
    context = {
        "source": reader.show(source),
        "reports": shown,
        "rows": list(
            zip(shown.object_list, event_dates(request.user, shown.object_list), strict=True)
        ),
    }
    return render_shown(request, reader, "sources/detail.html", context)


def event_dates(user: Any, reports: list[Any]) -> list[Any]:
    """The date of the event each report describes (the first of its incident records), for the
    reports without a date of their own — a dataset's rows have only that. One query for the
    page's rows only (a source may hold a million)."""
    ids = [r.pk for r in reports if not r.published_on]
    found: dict[int, Any] = {}
    pairs = reports_for(user).filter(pk__in=ids).values_list("pk", "incident_records__date")
    for pk, day in pairs.order_by("incident_records__date"):
        found.setdefault(pk, day)
    return [None if r.published_on else found.get(r.pk) for r in reports]


@require("source.manage")
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        source = services.source_create(user=request.user, **data)
        messages.success(request, _("Source saved."))
        return redirect("source-detail", pk=source.pk)
    return render(request, "sources/form.html", {"form": form})


@require("source.manage")
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    initial = {k: getattr(source, k) for k in services.SOURCE_FIELDS} | {"version": source.version}
    form = SourceForm(request.POST or None, initial=initial, instance=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.source_update(
                source=source,
                user=request.user,
                expected_version=data["version"] or source.version,
                **{k: data[k] for k in services.SOURCE_FIELDS},
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else saved this source while you were editing it. Your changes "
                    "were NOT saved; they are still in the form below."
                ),
            )
            return _source_form(request, form, source, status=409)
        messages.success(request, _("Source saved."))
        return redirect("source-detail", pk=source.pk)
    return _source_form(request, form, source)


def _source_form(
    request: HttpRequest, form: SourceForm, source: Source, status: int = 200
) -> HttpResponse:
    reader = ShownReader(request.user)
    context = {"form": form, "source": reader.show(source)}
    return render_shown(request, reader, "sources/form.html", context, status=status)


@require("report.view")
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    reader = ShownReader(request.user)
    report = _report(request, pk)
    context = {
        "report": reader.show(report),
        "figures": reader.show(list(report.figures.select_related("attributed_to", "place"))),
        "incident_records": reader.show(
            list(report.incident_records.select_related("incident", "place"))
        ),
        "can_record_figure": can(request.user, "figure.record"),
        "row_values": _row_values(report),
    }
    return render_shown(request, reader, "sources/report.html", context)


@require("report.view", reads="report.informant_name")
def report_informant(request: HttpRequest, pk: int) -> HttpResponse:
    """Who reported it and how to reach them: restricted, fetched on purpose and audited."""
    reader = ShownReader(
        request.user,
        reveal={"report.informant_name", "report.informant_contact"},
        verb="informant_viewed",
    )
    context = {"report": reader.show(_report(request, pk))}
    return render_shown(request, reader, "sources/_informant.html", context)


@require("report.record")
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"source": request.GET.get("source")},
        sources=sources_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = _save_report(request, form)
        except (FileTooLarge, UnsupportedFileType, ImageTooLarge) as exc:
            form.add_error("attachment", refusal_message(exc))
        else:
            messages.success(request, _("Report kept as received."))
            return redirect("report-detail", pk=report.pk)
    return render(request, "sources/report_form.html", {"form": form})


@transaction.atomic
def _save_report(request: HttpRequest, form: ReportForm) -> Report:
    data = dict(form.cleaned_data)
    upload = data.pop("attachment")
    if upload and not data["original_text"].strip():  # a press release sent as a file
        data["original_text"] = text_of_upload(upload)
    report = services.report_create(user=request.user, **data)
    if upload:
        services.attachment_add(
            user=request.user,
            report=report,
            filename=upload.name,
            content_type=upload.content_type or "",
            chunks=upload.chunks(),
        )
    return report


@require("figure.record")
def figure_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = FigureForm(request.POST or None, sources=sources_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.figure_record(
            user=request.user,
            report=report,
            quantity=data["quantity"],
            measure=data["measure"],
            population=data["population"],
            quote=data["quote"],
            **form.scope(),
        )
        messages.success(request, _("Figure recorded."))
        return redirect("report-detail", pk=report.pk)
    reader = ShownReader(request.user)
    context = {"form": form, "report": reader.show(report)}
    return render_shown(request, reader, "sources/figure_form.html", context)


@require("figure.view")
def figure_list(request: HttpRequest) -> HttpResponse:
    """Figures grouped by measure, each with its source: different sources side by side, never summed."""
    measure = request.GET.get("measure", "")
    qs = figures_for(request.user)
    if measure in FigureMeasure.values:
        qs = qs.filter(measure=measure)
    reader = ShownReader(request.user)
    context = {
        "page": reader.show_page(page_of(request, qs.order_by("measure", "period_start", "id"))),
        "measures": FigureMeasure.choices,
        "measure": measure,
    }
    return render_shown(request, reader, "sources/figures.html", context)


def _row_values(report: Report) -> dict[str, object] | None:
    """An imported row's columns and values, shown as a table (its original text is the row's cells)."""
    if report.kind != ReportKind.DATASET_ROW:
        return None
    return dataset_row_values(report.original_text)


@require("history.view")
def source_history(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    return history_response(
        request,
        source,
        entity="source",
        clearance=clearance_of(request.user),
        name=source.name,
        back_url=reverse("source-detail", args=[pk]),
    )


@require("history.view")
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return history_response(
        request,
        report,
        entity="report",
        clearance=clearance_of(request.user),
        name=_("Report #%(id)s") % {"id": report.pk},
        back_url=reverse("report-detail", args=[pk]),
    )
