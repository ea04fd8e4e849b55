"""What a bulletin says in figures, computed from the records **as the public sees them** (the
statistics service for an anonymous reader: verified incidents, probable or confirmed, places at
the public level, sources by their public names, cleared names only), so nothing a reader may
not see can reach a bulletin, its PDF, its email or its feed. Every value is plain JSON, with
the question it answers (``query``), so that it can be frozen at approval and traced after."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Min, Q

from carewatch.people.choices import Fate
from carewatch.people.models import PersonFate
from carewatch.people.selectors import memorial_roll
from carewatch.places.models import Place
from carewatch.places.selectors import public_place
from carewatch.stats import present
from carewatch.stats.cache import current_version
from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.figures import figures_side_by_side
from carewatch.stats.models import NamedPeriod
from carewatch.stats.query import StatsQuery
from carewatch.stats.service import compare, counts, ranking
from carewatch_core.stats import Window

#: The headline measures of a bulletin, in the order they are shown.
HEADLINE = (
    Measure.INCIDENTS,
    Measure.FACILITIES,
    Measure.KILLED_HEALTH_WORKERS,
    Measure.INJURED_HEALTH_WORKERS,
    Measure.KILLED,
)
#: The measures whose deadliest month of the year is called out when it is this one.
DEADLIEST = (Measure.INCIDENTS, Measure.KILLED)
PUBLIC = AnonymousUser()


def compute(
    *,
    start: dt.date,
    end: dt.date,
    governorate: Place | None = None,
    named: list[NamedPeriod] | None = None,
) -> dict[str, Any]:
    scope = governorate.pk if governorate else None
    before_start, before_end = previous(start, end)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "governorate": _place(governorate),
        "headline": [_total(m, start, end, scope) for m in HEADLINE],
        "previous": {
            "start": before_start.isoformat(),
            "end": before_end.isoformat(),
            "totals": [_total(m, before_start, before_end, scope) for m in HEADLINE],
        },
        "named": [_named(p, start, end, scope) for p in named or []],
        "deadliest": [d for m in DEADLIEST if (d := _deadliest(m, start, end, scope))],
        "by_governorate": [] if governorate else _by_governorate(start, end),
        "months": _months(start, end, scope),
        "memorial": memorial(start, end, governorate),
        "other_sources": _other_sources(start, end),
        "data_version": current_version(),
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def previous(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period before: the previous calendar month for a month, else as many days."""
    if start.day == 1 and end == month_end(start):
        last = start - dt.timedelta(days=1)
        return last.replace(day=1), last
    length = end - start
    return start - length - dt.timedelta(days=1), start - dt.timedelta(days=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _query(measure: str, start: dt.date, end: dt.date, scope: int | None, **kw: Any) -> StatsQuery:
    return StatsQuery(
        measure=measure,
        by=kw.pop("by", Dimension.YEAR),
        date_from=start,
        date_to=end,
        governorate=scope,
        **kw,
    )


def _total(measure: str, start: dt.date, end: dt.date, scope: int | None) -> dict[str, Any]:
    query = _query(measure, start, end, scope)
    series = counts(PUBLIC, query)
    total = series.total
    return {
        "measure": str(measure),
        "low": total.low,
        "high": total.high,
        "known": total.known,
        "sources": list(total.sources),
        "certainty": list(query.certainty),
        "includes_generated": series.includes_generated,
        "query": _params(query),
    }


def _params(query: StatsQuery) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
        for k, v in query.params().items()
    }


def _named(period: NamedPeriod, start: dt.date, end: dt.date, scope: int | None) -> dict[str, Any]:
    last = period.end or period.start + dt.timedelta(days=29)
    query = _query(Measure.INCIDENTS, start, end, scope)
    found = compare(PUBLIC, query, Window("named", period.start, last), Window("this", start, end))
    shown = present.comparison(found)
    for side in ("reference", "comparison"):
        window = shown[side]
        shown[side] = {
            **window,
            "start": window["start"].isoformat(),
            "end": window["end"].isoformat(),
        }
    return {
        "slug": period.slug,
        "names": {"en": period.name_en, "fr": period.name_fr, "ar": period.name_ar},
        **shown,
    }


def _deadliest(
    measure: str, start: dt.date, end: dt.date, scope: int | None
) -> dict[str, Any] | None:
    """The callout "the deadliest month of 2017", when this bulletin's month is the year's first."""
    if start.day != 1 or end != month_end(start):
        return None
    year = _query(
        measure,
        start.replace(month=1, day=1),
        start.replace(month=12, day=31),
        scope,
        by=Dimension.MONTH,
    )
    leaders = ranking(PUBLIC, year).leaders
    if not any(r.key.startswith(start.strftime("%Y-%m")) for r in leaders):
        return None
    return {
        "measure": str(measure),
        "year": start.year,
        "value": leaders[0].value,
        "tied": len(leaders) > 1,
    }


def _months(start: dt.date, end: dt.date, scope: int | None) -> list[dict[str, Any]]:
    """Attacks month by month from January of the bulletin's year to its month (its chart)."""
    if start.day != 1 or end != month_end(start):
        return []
    query = _query(Measure.INCIDENTS, start.replace(month=1), end, scope, by=Dimension.MONTH)
    return [{"key": r.key[:7], "low": r.low} for r in counts(PUBLIC, query).rows]


def _by_governorate(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    series = counts(PUBLIC, _query(Measure.INCIDENTS, start, end, None, by=Dimension.GOVERNORATE))
    places = {p.pcode: p for p in Place.objects.filter(pcode__in=[r.key for r in series.rows])}
    return [
        {**_place(places.get(r.key)), "low": r.low, "high": r.high, "sources": list(r.sources)}
        for r in sorted(series.rows, key=lambda r: (-r.low, r.key))
        if r.low or r.high
    ]


def _place(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {}
    return {"pcode": place.pcode, "name_en": place.name_en, "name_ar": place.name_ar}


def memorial(
    start: dt.date, end: dt.date, governorate: Place | None = None
) -> list[dict[str, Any]]:
    """Health workers killed in the period whose names are cleared for publication, with the
    place of death at the public level, in order of death then name."""
    killed = PersonFate.objects.filter(fate=Fate.KILLED, date__gte=start, date__lte=end)
    if governorate is not None:
        g = governorate.pk
        killed = killed.filter(
            Q(place_id=g)
            | Q(place__parent_id=g)
            | Q(place__parent__parent_id=g)
            | Q(place__parent__parent__parent_id=g)
        )
    people = (
        memorial_roll()
        .filter(pk__in=killed.values("person_id"))
        .annotate(died=Min("fates__date", filter=Q(fates__fate=Fate.KILLED)))
        .prefetch_related("fates__place__parent__parent")
        .order_by("died", "name_latin", "name_ar", "pk")
    )
    rows = []
    for person in people:
        fate = min(
            (f for f in person.fates.all() if f.fate == Fate.KILLED),
            key=lambda f: (f.date is None, f.date),
        )
        place = public_place(fate.place)
        rows.append(
            {
                "name_ar": person.name_ar,
                "name_latin": person.name_latin,
                "profession": person.profession,
                "date": fate.date.isoformat() if fate.date else None,
                **({"place": _place(place)} if place is not None and place.level >= 1 else {}),
            }
        )
    return rows


def _other_sources(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Figures other organisations stated for the period (their public figures), side by side."""
    found = []
    for scope in figures_side_by_side(PUBLIC):
        first, last = scope["period_start"], scope["period_end"] or scope["period_start"]
        if first is None or first > end or (last or first) < start:
            continue
        found.append(
            {
                **scope,
                "period_start": first.isoformat(),
                "period_end": last.isoformat() if last else None,
            }
        )
    return found
