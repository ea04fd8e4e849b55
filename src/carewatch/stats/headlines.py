"""Headline figures for the public landing page: each with its certainty filter and its sources.

They are the public dashboard's headline figures for all years (the statistics service, as the
anonymous public: verified incidents, probable or confirmed), so the two pages share one cached
computation and always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.query import StatsQuery
from carewatch.stats.service import Row, counts

CERTAINTY_NOTE = _("Verified incidents whose certainty is probable or confirmed.")
LABELS = (
    (Measure.INCIDENTS, _("attacks on health care documented")),
    (Measure.KILLED_HEALTH_WORKERS, _("health workers killed in these attacks")),
    (Measure.FACILITIES, _("health facilities attacked")),
)


@dataclass
class Headline:
    label: Any
    value: str
    sources: list[str] = field(default_factory=list)
    note: Any = CERTAINTY_NOTE


def _value(total: Row, measure: str) -> str:
    """``low`` or ``low–high``; "?" when no incident states the number (unknown, not zero)."""
    if not total.known and measure == Measure.KILLED_HEALTH_WORKERS:
        return "?"
    return f"{total.low:,}" if total.low == total.high else f"{total.low:,}–{total.high:,}"


def public_headlines() -> tuple[list[Headline], bool]:
    """The landing page's figures, as the public may see them, and whether they include generated data."""
    public = AnonymousUser()
    series = [
        (measure, label, counts(public, StatsQuery(measure=measure, by=Dimension.YEAR)))
        for measure, label in LABELS
    ]
    headlines = [
        Headline(label, _value(s.total, measure), list(s.sources)) for measure, label, s in series
    ]
    return headlines, any(s.includes_generated for _m, _l, s in series)
