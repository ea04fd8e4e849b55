"""What the dashboard's interactive map draws: counts per area at the public location level (a
district by default), for all years and for each year (the time slider), for the dashboard's
own filters, computed as the anonymous public and cached with the statistics. Areas are named
and placed by their centres; nothing finer than the public level is ever in it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from carewatch.public.dashboard import PUBLIC, map_level
from carewatch.stats.cache import cached
from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.labels import place_name
from carewatch.stats.query import StatsQuery
from carewatch.stats.service import counts
from carewatch_core.geo.gazetteer import Gazetteer

MAP_MEASURES = (Measure.INCIDENTS, Measure.KILLED_HEALTH_WORKERS)
ALL = "all"


def map_data(filters: dict[str, Any], language: str) -> dict[str, Any]:
    level = map_level()
    return cached(
        "dashboard-map",
        {"filters": filters, "level": level, "language": language},
        lambda: _build(filters, level),
    )


def _years(base: StatsQuery) -> list[int]:
    series = counts(PUBLIC, StatsQuery(**{**base.params(), "by": Dimension.YEAR}))
    return [int(row.key) for row in series.rows if row.low]


def _slice(base: StatsQuery, year: int) -> tuple[datetime.date, datetime.date]:
    """The year, within the dashboard's own period if one is chosen."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return max(start, base.date_from or start), min(end, base.date_to or end)


def _by_area(base: StatsQuery, measure: str, by: str, period: Any = None) -> dict[str, int]:
    params = {**base.params(), "measure": measure, "by": by}
    if period is not None:
        params |= {"date_from": period[0], "date_to": period[1]}
    return {row.key: row.low for row in counts(PUBLIC, StatsQuery(**params)).rows if row.low}


def _build(filters: dict[str, Any], level: int) -> dict[str, Any]:
    base = StatsQuery(**filters)
    by = Dimension.DISTRICT if level == 2 else Dimension.GOVERNORATE
    years = _years(base)
    values: dict[str, dict[str, dict[str, int]]] = {}
    for measure in MAP_MEASURES:
        values[measure] = {ALL: _by_area(base, measure, by)}
        for year in years:
            values[measure][str(year)] = _by_area(base, measure, by, _slice(base, year))
    return {
        "level": level,
        "years": [str(y) for y in years],
        "measures": [{"code": m, "label": str(Measure(m).label)} for m in MAP_MEASURES],
        "areas": _areas(level),
        "governorates": _areas(1),
        "counts": values,
        "words": {
            "all": _("All years"),
            "year": _("Year"),
            "none": _("No attack recorded here for this period"),
            "legend": _("Attacks on health care"),
        },
    }


def _areas(level: int) -> list[dict[str, Any]]:
    """The areas of the map's level, named in the page's language, with their governorate."""
    gazetteer = Gazetteer.load("SY")
    return [
        {
            "pcode": p.pcode,
            "name": place_name(p.pcode),
            # Where the area's circle and label stand: to 0.01° (about a kilometre) is plenty.
            "lat": round(p.lat, 2),
            "lon": round(p.lon, 2),
            "governorate": p.pcode[:4],
            "governorate_name": place_name(p.pcode[:4]),
        }
        for p in gazetteer.at_level(level)
    ]
