"""A petition's count day by day, as it was shown: signatures confirmed each day, less those
invalidation jobs removed that day (each job marked on the chart with its reason). The last day's
total is the verified count."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from carewatch.petitions.choices import InvalidationState
from carewatch.petitions.counting import SECONDS as COUNT_SECONDS
from carewatch.petitions.models import Invalidation, Petition, Signature
from carewatch_core.stats.chart import BarChart, bar_chart

#: As long as the count is cached, so that the two agree.
SECONDS = COUNT_SECONDS


@dataclass(frozen=True)
class Day:
    day: datetime.date
    confirmed: int
    removed: int
    total: int


@dataclass(frozen=True)
class Removal:
    day: datetime.date
    removed: int
    reason: str
    kind: str


def _days(petition: Petition) -> tuple[list[Day], list[Removal]]:
    confirmed = Counter(
        {
            row["day"]: row["n"]
            for row in Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
            .annotate(day=TruncDate("confirmed_at"))
            .values("day")
            .annotate(n=Count("pk"))
        }
    )
    jobs = Invalidation.objects.filter(petition=petition, state=InvalidationState.DONE).order_by(
        "finished_at", "pk"
    )
    removals = [
        Removal(j.finished_at.date(), j.removed, j.reason, j.get_kind_display())
        for j in jobs
        if j.finished_at
    ]
    removed: Counter[datetime.date] = Counter()
    for r in removals:
        removed[r.day] += r.removed
    days, total = [], 0
    for day in sorted(set(confirmed) | set(removed)):
        total += confirmed[day] - removed[day]
        days.append(Day(day, confirmed[day], removed[day], total))
    return days, removals


def history(petition: Petition) -> tuple[list[Day], list[Removal]]:
    key = f"petition:{petition.pk}:history"
    found = cache.get(key)
    if found is None:
        found = _days(petition)
        cache.set(key, found, SECONDS)
    return found


def chart(days: list[Day], removals: list[Removal]) -> BarChart | None:
    if not days:
        return None
    one_year = days[0].day.year == days[-1].day.year
    form = "%m-%d" if one_year else "%Y-%m-%d"  # short labels when the year goes without saying
    keys = [d.day.strftime(form) for d in days]
    marks = [(r.day.strftime(form), f"−{r.removed}: {r.reason}") for r in removals]
    return bar_chart(keys, [max(d.total, 0) for d in days], marks, height=200)


def removed_total(petition: Petition) -> int:
    found = Invalidation.objects.filter(petition=petition, state=InvalidationState.DONE).aggregate(
        n=Sum("removed")
    )
    return int(found["n"] or 0)
