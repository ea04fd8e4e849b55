"""API: sources, their reports (with the records each holds) and the figures they state.

Every figure comes with the source it is credited to, its report and its quote: a figure
without attribution is never shown.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from carewatch.access.api import caller, reads, writes
from carewatch.access.shape import many, one
from carewatch.access.slots import incidents_for
from carewatch.lib.api.checks import Problems, check_order, merged, visible_or_404, visible_row
from carewatch.lib.api.pagination import PageParams, page_schema, paginate
from carewatch.lib.api.types import BLANK_IS_NONE, Id, Text200
from carewatch.places.api import require_place
from carewatch.sources import services
from carewatch.sources.api_schemas import (
    FIGURE,
    REPORT,
    REPORT_DETAIL,
    SOURCE,
    FigureIn,
    ReportIn,
    SourceIn,
    SourcePatch,
)
from carewatch.sources.choices import (
    FigureMeasure,
    FigurePopulation,
    Language,
    ReportKind,
    SourceType,
)
from carewatch.sources.selectors import figures_for, reports_for, sources_for, sources_with_counts

sources = Router(tags=["sources"])
reports = Router(tags=["reports"])
figures = Router(tags=["figures"])


# Sources


class SourceFilters(Schema):
    q: Annotated[Text200 | None, BLANK_IS_NONE] = Field(None, description="Part of the name.")
    source_type: Annotated[SourceType | None, BLANK_IS_NONE] = None


@sources.get(
    "",
    response=page_schema(SOURCE.schema, "SourcePage"),
    summary="List sources",
    **reads("source.view"),
)
def source_list(
    request: HttpRequest, filters: Query[SourceFilters], page: Query[PageParams]
) -> Any:
    """Sources (HQ staff) with their grade and number of reports."""
    user = caller(request)
    qs = sources_with_counts(user)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.source_type:
        qs = qs.filter(source_type=filters.source_type)
    return paginate(
        request,
        qs.order_by("name", "pk"),
        page,
        lambda rows: many(SOURCE, rows, user, request.path),
    )


@sources.get(
    "/{int:source_id}", response=SOURCE.schema, summary="One source", **reads("source.view")
)
def source_detail(request: HttpRequest, source_id: int) -> Any:
    """One source."""
    user = caller(request)
    return one(SOURCE, visible_or_404(sources_with_counts(user), source_id), user, request.path)


def _check_unique_name(user: Any, name: str | None, exclude: int | None = None) -> None:
    problems = Problems()
    same = sources_for(user).filter(name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if name and same.exists():
        problems.add("name", _("A source with this name already exists."))
    problems.raise_if_any()


@sources.post("", response={201: SOURCE.schema}, summary="Add a source", **writes("source.manage"))
def source_create(request: HttpRequest, payload: SourceIn) -> Any:
    """Add a source (``source.manage``); names are unique, whatever their case."""
    user = caller(request)
    _check_unique_name(user, payload.name)
    source = services.source_create(user=user, **payload.model_dump())
    return one(SOURCE, visible_or_404(sources_with_counts(user), source.pk), user, request.path)


@sources.patch(
    "/{int:source_id}",
    response=SOURCE.schema,
    summary="Change a source (with its version)",
    **writes("source.manage"),
)
def source_update(request: HttpRequest, source_id: int, payload: SourcePatch) -> Any:
    """Change a source's type, grade, link or description; ``version`` must be current."""
    user = caller(request)
    source = visible_or_404(sources_for(user), source_id)
    _check_unique_name(user, payload.name, exclude=source.pk)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})
    current = {name: getattr(source, name) for name in services.SOURCE_FIELDS}
    values = merged(SourceIn, current, changes).model_dump()
    services.source_update(
        source=source, user=user, expected_version=payload.version, reason=payload.reason, **values
    )
    return one(SOURCE, visible_or_404(sources_with_counts(user), source.pk), user, request.path)


# Reports


class ReportFilters(Schema):
    source: Annotated[Id | None, BLANK_IS_NONE] = None
    kind: Annotated[ReportKind | None, BLANK_IS_NONE] = None
    language: Annotated[Language | None, BLANK_IS_NONE] = None


@reports.get(
    "",
    response=page_schema(REPORT.schema, "ReportPage"),
    summary="List reports",
    **reads("report.view"),
)
def report_list(
    request: HttpRequest, filters: Query[ReportFilters], page: Query[PageParams]
) -> Any:
    """Reports as received, newest first (field documenters: their own)."""
    user = caller(request)
    qs = reports_for(user)
    if filters.source:
        qs = qs.filter(source_id=filters.source)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.language:
        qs = qs.filter(language=filters.language)
    qs = qs.order_by("-received_at", "-pk")
    return paginate(request, qs, page, lambda rows: many(REPORT, rows, user, request.path))


def _report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = caller(request)
    qs = reports_for(user).prefetch_related(
        "attachments",
        "incident_records__place",
        "person_records",
        "figures__report__source",
        "figures__attributed_to",
        "figures__place",
    )
    return one(REPORT_DETAIL, visible_or_404(qs, report_id), user, request.path)


@reports.get(
    "/{int:report_id}",
    response=REPORT_DETAIL.schema,
    summary="One report with its records",
    **reads("report.view"),
)
def report_detail(request: HttpRequest, report_id: int) -> Any:
    """One report with the incident records, person records and figures it holds."""
    return _report_detail(request, report_id)


@reports.post(
    "",
    response={201: REPORT_DETAIL.schema},
    summary="Record a report as received",
    **writes("report.record"),
)
def report_create(request: HttpRequest, payload: ReportIn) -> Any:
    """Keep a report exactly as received; a correction is a new report (``corrects``)."""
    user = caller(request)
    problems = Problems()
    source = visible_row(problems, sources_for(user), payload.source, "source")
    corrects = visible_row(problems, reports_for(user), payload.corrects, "corrects")
    problems.raise_if_any()
    values = payload.model_dump(exclude={"source", "corrects"})
    report = services.report_create(user=user, source=source, corrects=corrects, **values)
    return _report_detail(request, report.pk)


# Figures


class FigureFilters(Schema):
    measure: Annotated[FigureMeasure | None, BLANK_IS_NONE] = None
    population: Annotated[FigurePopulation | None, BLANK_IS_NONE] = None
    source: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="The source a figure is credited to."
    )
    report: Annotated[Id | None, BLANK_IS_NONE] = None
    incident: Annotated[Id | None, BLANK_IS_NONE] = None


def _figure_listing(user: Any, filters: FigureFilters) -> Any:
    qs = figures_for(user)
    if filters.measure:
        qs = qs.filter(measure=filters.measure)
    if filters.population:
        qs = qs.filter(population=filters.population)
    if filters.source:
        qs = qs.filter(
            Q(attributed_to_id=filters.source)
            | Q(attributed_to__isnull=True, report__source_id=filters.source)
        )
    if filters.report:
        qs = qs.filter(report_id=filters.report)
    if filters.incident:
        qs = qs.filter(incident_id=filters.incident)
    return qs.order_by("-period_end", "-pk")


@figures.get(
    "",
    response=page_schema(FIGURE.schema, "FigurePage"),
    summary="List figures with their attribution",
    **reads("figure.view"),
)
def figure_list(
    request: HttpRequest, filters: Query[FigureFilters], page: Query[PageParams]
) -> Any:
    """Figures, each with the source it is credited to, its report and its quote."""
    user = caller(request)
    return paginate(
        request,
        _figure_listing(user, filters),
        page,
        lambda rows: many(FIGURE, rows, user, request.path),
    )


@figures.get(
    "/{int:figure_id}", response=FIGURE.schema, summary="One figure", **reads("figure.view")
)
def figure_detail(request: HttpRequest, figure_id: int) -> Any:
    """One figure with its attribution."""
    user = caller(request)
    return one(FIGURE, visible_or_404(figures_for(user), figure_id), user, request.path)


def _figure_scope(user: Any, payload: FigureIn, problems: Problems) -> dict[str, Any]:
    high = payload.quantity_high
    if high is not None and high < payload.quantity:
        problems.add("quantity_high", _("The upper bound is below the lower bound."))
    check_order(problems, payload.period_start, payload.period_end, "period_end")
    return {
        "quantity_high": high if high != payload.quantity else None,
        "place_text": payload.place_text,
        "period_start": payload.period_start,
        "period_end": payload.period_end,
        "attributed_to": visible_row(
            problems, sources_for(user), payload.attributed_to, "attributed_to"
        ),
        "incident": visible_row(problems, incidents_for(user), payload.incident, "incident"),
        "publication": payload.publication,
    }


@figures.post(
    "",
    response={201: FIGURE.schema},
    summary="Record a figure a report states",
    **writes("figure.record"),
)
def figure_create(request: HttpRequest, payload: FigureIn) -> Any:
    """Record a figure a report states, with its scope and its exact quote."""
    user = caller(request)
    problems = Problems()
    report = visible_row(problems, reports_for(user), payload.report, "report")
    scope = _figure_scope(user, payload, problems)
    problems.raise_if_any()
    scope["place"] = require_place(payload.place, "place") if payload.place else None
    figure = services.figure_record(
        user=user,
        report=report,
        quantity=payload.quantity,
        measure=payload.measure,
        population=payload.population,
        quote=payload.quote,
        **scope,
    )
    return one(FIGURE, visible_or_404(figures_for(user), figure.pk), user, request.path)
