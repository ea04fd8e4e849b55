"""Reading sources, reports and figures through the access rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from carewatch.accounts.permissions import can
from carewatch.sources.models import Attachment, Figure, Report, Source


def sources_for(user: Any) -> QuerySet[Source]:
    qs = Source.objects.annotate(report_count=Count("reports")).order_by("name")
    return qs if can(user, "source.view") else qs.none()


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
    """Figures stated publicly by a source (press releases, newsletters, datasets), for public pages."""
    return Figure.objects.select_related("report__source", "attributed_to", "place").exclude(report__kind="field_form")


def attachments_for(user: Any) -> QuerySet[Attachment]:
    """Files of the reports ``user`` may see."""
    return Attachment.objects.filter(report__in=reports_for(user)).select_related("report")
