"""The dashboard's data as what the template draws: cards, charts, map and sentences, in the
reader's language. Every chart has its numbers in a table next to it (its text alternative)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from carewatch.lib.bidi import ltr
from carewatch.public.dashboard import DashboardData, Period, map_level
from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.labels import label
from carewatch.stats.maps import shaded
from carewatch.stats.measures import is_casualty
from carewatch.stats.present import certainty_note
from carewatch.stats.service import Comparison, Ranking, Row, Series
from carewatch_core.stats.chart import BarChart, bar_chart


@dataclass
class Card:
    label: str
    value: str
    unknown: bool
    sources: tuple[str, ...]


@dataclass
class Table:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def amount(low: int, high: int) -> str:
    return intcomma(low) if low == high else f"{intcomma(low)}–{intcomma(high)}"


def value_of(row: Row, measure: str) -> tuple[str, bool]:
    if is_casualty(measure) and row.known == 0:
        return _("unknown"), True
    return amount(row.low, row.high), False


def cards(data: DashboardData) -> list[Card]:
    labels = dict(Measure.choices)
    out = []
    for series in data.headlines:
        text, unknown = value_of(series.total, series.query.measure)
        out.append(Card(str(labels[series.query.measure]), text, unknown, series.total.sources))
    return out


def period_name(period: Period) -> str:
    language = (get_language() or "en")[:2]
    return {"fr": period.name_fr, "ar": period.name_ar}.get(language) or period.name_en


def month_label(key: str) -> str:
    year, month = key.split("-")[:2]
    return date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")


def chart(series: Series, periods: tuple[Period, ...]) -> tuple[BarChart, Table]:
    keys = [r.key for r in series.rows]
    marks = [(p.start.strftime("%Y-%m"), period_name(p)) for p in periods]
    geometry = bar_chart(keys, [r.low for r in series.rows], marks)
    heading = str(dict(Measure.choices)[series.query.measure])
    table = Table(
        heading, [(month_label(r.key), value_of(r, series.query.measure)[0]) for r in series.rows]
    )
    return geometry, table


def choropleth(series: Series | None) -> dict[str, Any] | None:
    if series is None:
        return None
    drawn = shaded({r.key: r.low for r in series.rows}, map_level())
    table = Table(
        _("Attacks on health care"),
        [
            (a.name, intcomma(a.count))
            for a in sorted(drawn["areas"], key=lambda a: (-a.count, a.name))
            if a.count
        ],
    )
    return {**drawn, "table": table}


def breakdown(series: Series) -> Table:
    return Table(
        label_heading(series.query.by),
        [(label(series.query.by, r.key), intcomma(r.low)) for r in series.rows],
    )


def label_heading(by: str) -> str:

    return str(dict(Dimension.choices)[by])


def ranking_sentence(year: int, attacks: Ranking, deadliest: Ranking) -> str:
    parts = [str(year)]
    if attacks.leaders:
        parts.append(
            _("most attacks: %(months)s (%(count)s)")
            % {"months": _months(attacks), "count": intcomma(int(attacks.leaders[0].value))}
        )
    if deadliest.leaders:
        parts.append(
            _("deadliest month: %(months)s (%(count)s killed)")
            % {"months": _months(deadliest), "count": intcomma(int(deadliest.leaders[0].value))}
        )
    return " · ".join(parts)


def _months(r: Ranking) -> str:
    names = [month_label(x.key) for x in r.leaders]
    return (_("tied: %(months)s") % {"months": ", ".join(names)}) if len(names) > 1 else names[0]


def comparison_sentence(period: Period, c: Comparison) -> dict[str, Any]:
    res, ratio = c.result, c.result.ratio
    days = res.comparison.days
    text = _(
        "%(after)s attacks in the %(days)s days from this date, against %(before)s in the %(days)s days before."
    ) % {
        "after": intcomma(res.comparison_count),
        "before": intcomma(res.reference_count),
        "days": days,
    }
    if ratio.ratio is None or ratio.low is None or ratio.high is None:
        verdict = _("Too few attacks before this date to compute a rate ratio.")
    else:
        high = "∞" if math.isinf(ratio.high) else f"{ratio.high:.2f}"
        verdict = _(
            "Rate ratio %(ratio)s (95%% confidence interval %(interval)s): %(direction)s"
        ) % {
            "ratio": ltr(f"{ratio.ratio:.2f}"),
            # The interval runs low to high, left to right, in every language.
            "interval": ltr(f"{ratio.low:.2f}–{high}"),
            "direction": _direction(ratio.direction),
        }
    return {
        "period": period,
        "name": period_name(period),
        "text": text,
        "verdict": verdict,
        "direction": ratio.direction,
    }


def _direction(direction: str) -> str:
    return {
        "increase": _("attacks increased."),
        "decrease": _("attacks decreased."),
    }.get(direction, _("no clear change (the interval includes 1)."))


def context(data: DashboardData) -> dict[str, Any]:
    incidents_chart, incidents_table = chart(data.monthly_incidents, data.periods)
    killed_chart, killed_table = chart(data.monthly_killed, data.periods)
    first = data.headlines[0]
    return {
        "cards": cards(data),
        "certainty_note": certainty_note(first.query.certainty),
        "includes_generated": first.includes_generated,
        "sources": first.sources,
        "charts": [
            ("incidents", incidents_chart, incidents_table),
            ("killed", killed_chart, killed_table),
        ],
        "map": choropleth(data.by_place),
        "breakdowns": [breakdown(data.by_attack_type), breakdown(data.by_facility_type)],
        "rankings": [ranking_sentence(y, a, d) for y, a, d in data.rankings],
        "comparisons": [comparison_sentence(p, c) for p, c in data.comparisons],
        "periods": [(p, period_name(p)) for p in data.periods],
    }
