"""Reading sources, reports and figures through the access rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from carewatch.accounts.permissions import can
from carewatch.lib import changes
from carewatch.sources.choices import PUBLIC_REPORT_KINDS, QuotePublication, ReportKind
from carewatch.sources.models import Attachment, Figure, Report, Source


def sources_for(user: Any) -> QuerySet[Source]:
    qs = Source.objects.order_by("name")
    return qs if can(user, "source.view") else qs.none()


def sources_with_counts(user: Any) -> QuerySet[Source]:
    """``sources_for`` with how many reports each holds (a count over every report: for the
    sources' own list, not for a filter's choices)."""
    return sources_for(user).annotate(report_count=Count("reports"))


#: How long the sources' report counts are kept (a change makes them unreachable at once).
COUNTS_SECONDS = 600


def report_counts() -> dict[int, int]:
    """How many reports each source holds. One grouped count over every report (26 ms at 100,000
    on SQLite, on every view of the sources' page), kept until the next audited change."""

    def count() -> dict[int, int]:
        rows = Report.objects.order_by().values_list("source_id").annotate(n=Count("id"))
        return dict(rows)

    return changes.kept("source-report-counts", count, COUNTS_SECONDS)


def with_report_counts(sources: list[Source]) -> list[Source]:
    """``sources`` (a page of them), each with ``report_count`` as ``sources_with_counts`` gives."""
    counts = report_counts()
    for source in sources:
        source.report_count = counts.get(source.pk, 0)  # type: ignore[attr-defined]
    return sources


def reports_for(user: Any) -> QuerySet[Report]:
    """HQ staff see every report; field documenters see the ones they submitted."""
    qs = Report.objects.select_related("source")
    if can(user, "report.view"):
        return qs
    if can(user, "incident.view_own"):
        return qs.filter(submitted_by=user)
    return qs.none()


def figures_for(user: Any) -> QuerySet[Figure]:
    """Figures always come with their report and source: a figure without attribution is not shown."""
    qs = Figure.objects.select_related("report__source", "attributed_to", "place")
    return qs if can(user, "figure.view") else qs.none()


def public_figures() -> QuerySet[Figure]:
    """Figures that may be shown to the public with their quotes: from a report published by its
    source (press release, newsletter, news article, dataset) unless decided otherwise, or from
    another kind of report when someone decided it may be published; never from a field form."""
    published = Q(publication=QuotePublication.BY_KIND, report__kind__in=PUBLIC_REPORT_KINDS)
    decided = Q(publication=QuotePublication.PUBLIC)
    return (
        Figure.objects.select_related("report__source", "attributed_to", "place", "place__parent")
        .filter(published | decided)
        .exclude(report__kind=ReportKind.FIELD_FORM)
    )


def attachments_for(user: Any) -> QuerySet[Attachment]:
    """Files of the reports ``user`` may see."""
    return Attachment.objects.filter(report__in=reports_for(user)).select_related("report")


def source_name_taken(name: str, except_pk: int | None = None) -> bool:
    """Whether another source already has this name (whatever its case): names are unique."""
    clash = Source.objects.filter(name__iexact=name)
    return clash.exclude(pk=except_pk).exists() if except_pk is not None else clash.exists()
