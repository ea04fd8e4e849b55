"""What the public dashboard shows, computed through the statistics service as the anonymous
public (verified incidents, probable or confirmed) and cached as one unit until the data changes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from carewatch.stats.cache import cached
from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.models import NamedPeriod
from carewatch.stats.query import StatsQuery
from carewatch.stats.service import Comparison, Ranking, Series, around, compare, counts
from carewatch_core.stats import rank

PUBLIC = AnonymousUser()
HEADLINE_MEASURES = (
    Measure.INCIDENTS,
    Measure.FACILITIES,
    Measure.KILLED_HEALTH_WORKERS,
    Measure.INJURED_HEALTH_WORKERS,
    Measure.ABDUCTED_HEALTH_WORKERS,
    Measure.DETAINED_HEALTH_WORKERS,
    Measure.KILLED_PATIENTS,
    Measure.KILLED_OTHERS,
)
COMPARISON_DAYS = 90
MAX_RANKED_YEARS = 8


@dataclass(frozen=True)
class Period:
    slug: str
    name_en: str
    name_fr: str
    name_ar: str
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class DashboardData:
    headlines: tuple[Series, ...]
    monthly_incidents: Series
    monthly_killed: Series
    by_place: Series | None
    by_attack_type: Series
    by_facility_type: Series
    rankings: tuple[tuple[int, Ranking, Ranking], ...]  # (year, most attacks, deadliest)
    comparisons: tuple[tuple[Period, Comparison], ...]
    periods: tuple[Period, ...]


def map_level() -> int:
    """The public map's level: the generalisation level of public locations (district by default)."""
    return min(int(settings.CAREWATCH_PUBLIC_LOCATION_LEVEL), 2)


def dashboard_data(filters: dict[str, Any]) -> DashboardData:
    return cached("dashboard", {"filters": filters, "level": map_level()}, lambda: _build(filters))


def _build(filters: dict[str, Any]) -> DashboardData:
    base = StatsQuery(**filters)
    periods = tuple(
        Period(p.slug, p.name_en, p.name_fr, p.name_ar, p.start, p.end)
        for p in NamedPeriod.objects.all()
    )

    def q(measure: str, by: str) -> StatsQuery:
        return StatsQuery(**{**base.params(), "measure": measure, "by": by})

    headlines = tuple(counts(PUBLIC, q(m, Dimension.YEAR)) for m in HEADLINE_MEASURES)
    level = map_level()
    by_place = (
        counts(
            PUBLIC,
            q(Measure.INCIDENTS, Dimension.DISTRICT if level == 2 else Dimension.GOVERNORATE),
        )
        if level
        else None
    )
    years = [int(r.key) for r in headlines[0].rows if r.low][-MAX_RANKED_YEARS:]
    monthly_incidents = counts(PUBLIC, q(Measure.INCIDENTS, Dimension.MONTH))
    monthly_deaths = counts(PUBLIC, q(Measure.KILLED, Dimension.MONTH))
    return DashboardData(
        headlines=headlines,
        monthly_incidents=monthly_incidents,
        monthly_killed=counts(PUBLIC, q(Measure.KILLED_HEALTH_WORKERS, Dimension.MONTH)),
        by_place=by_place,
        by_attack_type=counts(PUBLIC, q(Measure.INCIDENTS, Dimension.ATTACK_TYPE)),
        by_facility_type=counts(PUBLIC, q(Measure.INCIDENTS, Dimension.FACILITY_TYPE)),
        rankings=tuple((y, _rank(monthly_incidents, y), _rank(monthly_deaths, y)) for y in years),
        comparisons=tuple((p, _compare(base, p)) for p in periods),
        periods=periods,
    )


def _rank(monthly: Series, year: int) -> Ranking:
    """The months of ``year`` ranked, from the monthly series already computed (no further query)."""
    rows = tuple(r for r in monthly.rows if r.key.startswith(f"{year}-"))
    return Ranking(replace(monthly, rows=rows), tuple(rank({r.key: r.low for r in rows})))


def _compare(base: StatsQuery, period: Period) -> Comparison:
    before, after = around(period.start, period.end, COMPARISON_DAYS)
    query = StatsQuery(**{**base.params(), "date_from": None, "date_to": None})
    return compare(PUBLIC, query, before, after)
