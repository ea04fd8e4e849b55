"""The statistics service: counts by period, place, vocabulary or source, rankings and period
comparisons — each with its certainty filter and its sources, computed for what the requesting
user may see, and cached until the data changes. Pages, the API, bulletins and the CLI call it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear

from carewatch.accounts.permissions import can
from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import AttackType, PerpetratorCategory, TagKind, Weapon
from carewatch.incidents.filters import has_facility_type, has_tag
from carewatch.incidents.models import Incident, PerpetratorClaim
from carewatch.places.models import Place
from carewatch.sources.models import Source
from carewatch.stats import joins, measures
from carewatch.stats.bysource import by_source
from carewatch.stats.cache import cached
from carewatch.stats.choices import TIME_DIMENSIONS, Dimension, Measure
from carewatch.stats.query import (
    StatsQuery,
    audience,
    check,
    check_span,
    counted_incidents,
)
from carewatch_core.stats import (
    Ranked,
    RateComparison,
    Window,
    bucket_key,
    bucket_range,
    compare_windows,
    rank,
)

TIME = frozenset(TIME_DIMENSIONS)
SINGLE_KEYS: dict[str, Any] = {
    Dimension.DAY: F("date_start"),
    Dimension.WEEK: TruncWeek("date_start"),
    Dimension.MONTH: TruncMonth("date_start"),
    Dimension.YEAR: TruncYear("date_start"),
    Dimension.GOVERNORATE: F("governorate_id"),
    Dimension.DISTRICT: F("district_id"),
}


@dataclass(frozen=True)
class Row:
    """One group's figure: ``low``–``high`` (equal unless counts are ranges), ``known`` incidents
    stating it (0 means unknown, not zero), and the sources behind it."""

    key: str
    low: int
    high: int
    known: int
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    """A statistic's rows, with what it counted. ``additive`` is False when one incident may
    count under several rows (attack types, sources…): such rows must not be added up."""

    query: StatsQuery
    rows: tuple[Row, ...]
    total: Row
    additive: bool
    includes_generated: bool
    sources: tuple[str, ...] = field(default=())


def counts(user: Any, query: StatsQuery) -> Series:
    """The measure grouped by ``query.by`` (checked against what ``user`` may see; cached)."""
    check(user, query)
    return cached("counts", {"who": audience(user), **query.params()}, lambda: _counts(user, query))


def _counts(user: Any, query: StatsQuery) -> Series:
    incidents = counted_incidents(user, query)
    labels = _source_labels(user)
    rows = (
        _single(user, incidents, query, labels)
        if query.by in SINGLE_KEYS
        else _multi(incidents, query, labels)
    )
    if query.by in TIME and query.measure != "facilities":
        # Every incident falls in exactly one period: the total is the sum of the rows.
        low, high, known = (
            sum(getattr(r, name) for r in rows) for name in ("low", "high", "known")
        )
    else:  # the same for every grouping of these incidents: computed once for all
        low, high, known = _shared(
            user,
            query,
            "total",
            lambda: measures.total(incidents, query.measure),
            by=False,
            measure=True,
        )
    sources = _shared(user, query, "sources", lambda: _sources(incidents, labels), by=False)
    total = Row("total", low, high, known, sources)
    generated = _shared(
        user, query, "generated", lambda: incidents.filter(is_generated=True).exists(), by=False
    )
    return Series(query, tuple(rows), total, query.by in SINGLE_KEYS, generated, sources)


def _shared(
    user: Any, query: StatsQuery, name: str, compute: Any, *, by: bool = True, measure: bool = False
) -> Any:
    """What does not depend on the measure (sources, generated data), computed once for all
    measures; without ``by``, once for every grouping of the same incidents too (the whole
    statistic's sources: the dashboard's charts of one filter share them). With ``measure``,
    once per measure."""
    asked = query if measure else replace(query, measure="incidents")
    params = {"who": audience(user), **asked.params()}
    if not by:
        del params["by"]
    return cached(f"counts-{name}", params, compute)


def _grouping(by: str, measure: str) -> Any:
    """What the database groups by: periods are grouped by day there and into weeks, months or
    years here (SQLite truncates a date with a Python function called once per row, far slower
    than grouping a few thousand days); distinct facilities do not add up across days, so they
    are grouped by the period itself."""
    return (
        measures.Day("date_start")
        if by in TIME and measure != Measure.FACILITIES
        else SINGLE_KEYS[by]
    )


def _single(
    user: Any, incidents: QuerySet[Incident], query: StatsQuery, labels: dict[int, str]
) -> list[Row]:
    values: dict[str, tuple[int, int, int]] = {}
    for value, triple in _grouped(user, incidents, query).items():
        key = _key(query.by, value)
        values[key] = tuple(a + b for a, b in zip(values.get(key, (0, 0, 0)), triple, strict=True))  # type: ignore[assignment]
    sources = _sources_by(user, incidents, query, labels)
    keys = _time_keys(incidents, query, values) if query.by in TIME else sorted(values)
    return [Row(k, *values.get(k, (0, 0, 0)), sources.get(k, ())) for k in keys]


def _grouped(
    user: Any, incidents: QuerySet[Incident], query: StatsQuery
) -> dict[Any, measures.Triple]:
    """The measure per value of the grouping. Weeks, months and years are all grouped by day in
    the database (``_grouping``), the same query: it is made once for all of them (the dashboard
    asks months and years of the same measures) and bucketed here."""
    grouping = _grouping(query.by, query.measure)
    if query.by in TIME and query.measure != Measure.FACILITIES:
        return _shared(
            user,
            query,
            "days",
            lambda: measures.grouped(incidents, query.measure, grouping),
            by=False,
            measure=True,
        )
    return measures.grouped(incidents, query.measure, grouping)


TAG_KINDS: dict[str, str] = {
    Dimension.ATTACK_TYPE: TagKind.ATTACK_TYPE,
    Dimension.WEAPON: TagKind.WEAPON,
}


def _by_tag(incidents: QuerySet[Incident], query: StatsQuery, labels: dict[int, str]) -> list[Row]:
    """Attack types and weapons in one grouped query each (an incident has each code at most once)."""
    kind = TAG_KINDS[query.by]
    values = measures.grouped_by_tag(incidents, query.measure, kind)
    pairs = joins.source_pairs(incidents, F("tags__code"), tags__kind=kind)
    found: dict[str, set[str]] = {}
    for code, source in pairs:
        if source in labels:
            found.setdefault(code, set()).add(labels[source])
    rows = [
        Row(code, *values[code], tuple(sorted(found.get(code, ()))))
        for code in values
        if values[code][2]
    ]
    return sorted(rows, key=lambda r: (-r.low, r.key))


def _by_facility_type(
    incidents: QuerySet[Incident], measure: str, labels: dict[int, str]
) -> list[Row]:
    """Incidents, or distinct facilities attacked, per type of facility, in one grouped query."""
    counted_field = "pk" if measure == Measure.INCIDENTS else "facilities"
    counted = (
        incidents.filter(facilities__isnull=False)
        .order_by()
        .values(k=F("facilities__facility_type"))
        .annotate(n=Count(counted_field, distinct=True))
    )
    pairs = joins.source_pairs(incidents, F("facilities__facility_type"), facilities__isnull=False)
    found: dict[str, set[str]] = {}
    for code, source in pairs:
        if source in labels:
            found.setdefault(code, set()).add(labels[source])
    rows = [
        Row(r["k"], r["n"], r["n"], r["n"], tuple(sorted(found.get(r["k"], ()))))
        for r in counted
        if r["n"]
    ]
    return sorted(rows, key=lambda r: (-r.low, r.key))


def _multi(incidents: QuerySet[Incident], query: StatsQuery, labels: dict[int, str]) -> list[Row]:
    if query.by in TAG_KINDS:
        return _by_tag(incidents, query, labels)
    if query.by == Dimension.FACILITY_TYPE and query.measure in (
        Measure.INCIDENTS,
        Measure.FACILITIES,
    ):
        return _by_facility_type(incidents, query.measure, labels)
    if query.by == Dimension.SOURCE:
        return [Row(*row) for row in by_source(incidents, query.measure, labels)]
    rows = []
    for key, condition in _conditions(query.by):
        subset = incidents.filter(condition)
        low, high, known = measures.total(subset, query.measure)
        if known:
            rows.append(Row(key, low, high, known, _sources(subset, labels)))
    return sorted(rows, key=lambda r: (-r.low, r.key))


def _conditions(by: str) -> list[tuple[str, Any]]:
    if by == Dimension.ATTACK_TYPE:
        return [(c, has_tag(TagKind.ATTACK_TYPE, c)) for c in AttackType.values]
    if by == Dimension.WEAPON:
        return [(c, has_tag(TagKind.WEAPON, c)) for c in Weapon.values]
    if by == Dimension.FACILITY_TYPE:
        return [(c, has_facility_type(c)) for c in FacilityType.values]
    if by == Dimension.PERPETRATOR:
        return [
            (c, Exists(PerpetratorClaim.objects.filter(incident=OuterRef("pk"), category=c)))
            for c in PerpetratorCategory.values
        ]
    raise ValueError(f"no grouping by {by!r} here")


def _key(by: str, value: Any) -> str:
    if value is None:
        return ""
    if by in TIME:
        day = value.date() if isinstance(value, datetime.datetime) else value
        return bucket_key(day, by)
    return _pcode(int(value))


def _pcode(place_id: int) -> str:
    return _PCODES.get(place_id) or _load_pcodes().get(place_id, "")


_PCODES: dict[int, str] = {}


def _load_pcodes() -> dict[int, str]:
    _PCODES.update(Place.objects.filter(level__in=(1, 2)).values_list("pk", "pcode"))
    return _PCODES


def _time_keys(
    incidents: QuerySet[Incident], query: StatsQuery, values: dict[str, Any]
) -> list[str]:
    """Every bucket of the period asked (or of the data), empty ones included."""
    first, last = query.date_from, query.date_to
    if first is None or last is None:
        span = incidents.order_by("date_start").values_list("date_start", flat=True)
        first = first or span.first()
        last = (
            last or incidents.order_by("-date_start").values_list("date_start", flat=True).first()
        )
    if first is None or last is None:
        return sorted(k for k in values if k)
    check_span(first, last, query.by)
    return bucket_range(first, last, query.by)


def _source_labels(user: Any) -> dict[int, str]:
    """How ``user`` may see each source named: staff by name, the public by ``public_label``."""

    named = can(user, "source.view")
    return {s.pk: (s.name if named else s.public_label) for s in Source.objects.all()}


def _sources(incidents: QuerySet[Incident], labels: dict[int, str]) -> tuple[str, ...]:
    ids = joins.source_ids(incidents)
    return tuple(sorted({labels[i] for i in ids if i in labels}))


def _sources_by(
    user: Any, incidents: QuerySet[Incident], query: StatsQuery, labels: dict[int, str]
) -> dict[str, tuple[str, ...]]:
    """The names of the sources behind each row, as ``labels`` gives them. The pairs of a period
    are by day whatever the period (made once for all of them, as ``_grouped``)."""
    key = _grouping(query.by, Measure.INCIDENTS)
    pairs = _shared(
        user,
        query,
        "source-pairs",
        lambda: list(joins.source_pairs(incidents, key)),
        by=query.by not in TIME,
    )
    found: dict[str, set[str]] = {}
    for value, source in pairs:
        if source in labels:
            found.setdefault(_key(query.by, value), set()).add(labels[source])
    return {k: tuple(sorted(v)) for k, v in found.items()}


# --- Rankings and comparisons -------------------------------------------------------------------


@dataclass(frozen=True)
class Ranking:
    """Periods ranked by a measure's lower bound, ties sharing a rank (``leaders`` may be several)."""

    series: Series
    ranked: tuple[Ranked[str], ...]

    @property
    def leaders(self) -> tuple[Ranked[str], ...]:
        return tuple(r for r in self.ranked if r.rank == 1 and r.value > 0)


def ranking(user: Any, query: StatsQuery) -> Ranking:
    """e.g. the deadliest month of 2017: ``StatsQuery(measure="killed", by="month", date_from=…, date_to=…)``."""
    series = counts(user, query)
    return Ranking(series, tuple(rank({row.key: row.low for row in series.rows})))


def year_query(year: int, **kwargs: Any) -> StatsQuery:
    return StatsQuery(
        date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31), **kwargs
    )


@dataclass(frozen=True)
class Comparison:
    """Two periods' rates of a measure (its lower bound) and their ratio, with the sources of each."""

    query: StatsQuery
    result: RateComparison
    reference_sources: tuple[str, ...]
    comparison_sources: tuple[str, ...]


def compare(
    user: Any, query: StatsQuery, reference: Window, comparison: Window, *, method: str = "exact"
) -> Comparison:
    """The comparison period's rate against the reference period's (exact Poisson interval by default)."""
    check(user, query)
    params = {
        "who": audience(user),
        **query.params(),
        "ref": repr(reference),
        "cmp": repr(comparison),
        "method": method,
    }
    return cached("compare", params, lambda: _compare(user, query, reference, comparison, method))


def _compare(
    user: Any, query: StatsQuery, reference: Window, comparison: Window, method: str
) -> Comparison:
    labels = _source_labels(user)
    ref = counted_incidents(user, replace(query, date_from=reference.start, date_to=reference.end))
    cmp = counted_incidents(
        user, replace(query, date_from=comparison.start, date_to=comparison.end)
    )
    ref_low = measures.total(ref, query.measure)[0]
    cmp_low = measures.total(cmp, query.measure)[0]
    result = compare_windows(reference, ref_low, comparison, cmp_low, method=method)
    return Comparison(query, result, _sources(ref, labels), _sources(cmp, labels))


def around(start: datetime.date, end: datetime.date | None, days: int) -> tuple[Window, Window]:
    """Windows for a named period: ``days`` before ``start`` against ``days`` from it (or the period itself)."""
    last = end or start + datetime.timedelta(days=days - 1)
    length = (last - start).days + 1
    before = Window(
        "before", start - datetime.timedelta(days=length), start - datetime.timedelta(days=1)
    )
    return before, Window("after", start, last)
