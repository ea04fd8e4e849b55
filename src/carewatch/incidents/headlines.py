"""Headline figures for the public landing page: each with its certainty filter and its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from carewatch.incidents.choices import CasualtyMeasure
from carewatch.incidents.models import CasualtyCount
from carewatch.incidents.selectors import incidents_for
from carewatch.sources.models import Source

CERTAINTY_NOTE = _("Verified incidents whose certainty is probable or confirmed.")


@dataclass
class Headline:
    label: Any
    value: str
    sources: list[str] = field(default_factory=list)
    note: Any = CERTAINTY_NOTE


def _sources_of(incidents: Any) -> list[str]:
    """Public labels of the sources behind ``incidents`` (people appear by type, once)."""
    ids = incidents.values("records__report__source").distinct()
    return sorted({s.public_label for s in Source.objects.filter(pk__in=ids)})


def _sum(incidents: Any, measure: str) -> str:
    agg = CasualtyCount.objects.filter(incident__in=incidents, measure=measure).aggregate(
        total_low=Coalesce(Sum("low"), 0), total_high=Coalesce(Sum(Coalesce("high", "low")), 0), any_known=Max("low")
    )
    if agg["any_known"] is None:
        return "?"
    low, high = agg["total_low"], agg["total_high"]
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def public_headlines() -> tuple[list[Headline], bool]:
    """The landing page's figures, computed through the public selector (anonymous rules apply)."""
    incidents = incidents_for(AnonymousUser())
    sources = _sources_of(incidents)
    count = incidents.count()
    facilities = incidents.filter(facilities__isnull=False).values("facilities").distinct().count()
    headlines = [
        Headline(_("attacks on health care documented"), f"{count:,}", sources),
        Headline(_("health workers killed in these attacks"), _sum(incidents, CasualtyMeasure.KILLED_HEALTH_WORKERS), sources),
        Headline(_("health facilities attacked"), f"{facilities:,}", sources),
    ]
    return headlines, incidents.filter(is_generated=True).exists()
