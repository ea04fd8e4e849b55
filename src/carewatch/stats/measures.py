"""How each measure is computed over a set of incidents, in one aggregate query.

Casualty measures sum the consolidated counts: ``low`` sums the lower bounds, ``high`` the upper
bounds (a range's ``high``, else its value), and ``known`` is how many incidents state the
count at all — an incident without it is unknown, never zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce

from carewatch.incidents.choices import CasualtyMeasure as C
from carewatch.incidents.models import Incident
from carewatch.stats import joins
from carewatch.stats.choices import Measure

CASUALTY_CODES: dict[str, tuple[str, ...]] = {
    Measure.KILLED_HEALTH_WORKERS: (C.KILLED_HEALTH_WORKERS,),
    Measure.INJURED_HEALTH_WORKERS: (C.INJURED_HEALTH_WORKERS,),
    Measure.ABDUCTED_HEALTH_WORKERS: (C.HW_ABDUCTED,),
    Measure.DETAINED_HEALTH_WORKERS: (C.HW_ARRESTED, C.HW_DETAINED),
    Measure.KILLED_PATIENTS: (C.KILLED_PATIENTS,),
    Measure.KILLED_OTHERS: (C.KILLED_OTHERS,),
    Measure.KILLED: (C.KILLED_HEALTH_WORKERS, C.KILLED_PATIENTS, C.KILLED_OTHERS),
}

Triple = tuple[int, int, int]  # (low, high, known)


class Day(Coalesce):
    """A date column as a grouping key. ``COALESCE(d, d)`` is ``d``, but keeps SQLite from walking
    the date's own index (one random row read per incident: 18 s for a million) rather than the
    covering (state, certainty, date) index it filters on (1.3 s)."""

    def __init__(self, field: str) -> None:
        super().__init__(F(field), F(field))


def is_casualty(measure: str) -> bool:
    return measure in CASUALTY_CODES


def total(incidents: QuerySet[Incident], measure: str) -> Triple:
    """The measure over ``incidents`` as (low, high, known)."""
    if measure == Measure.INCIDENTS:
        n = incidents.count()
        return n, n, n
    if measure == Measure.FACILITIES:
        n = incidents.filter(facilities__isnull=False).aggregate(
            n=Count("facilities", distinct=True)
        )["n"]
        return n, n, n
    counts = joins.casualties(incidents, CASUALTY_CODES[measure])
    return _triple(counts.rows.aggregate(**_sums(counts)))


def grouped(incidents: QuerySet[Incident], measure: str, key: Any) -> dict[Any, Triple]:
    """The measure per value of ``key``, an expression over the incident (e.g. ``TruncMonth``)."""
    if measure == Measure.INCIDENTS:
        rows = incidents.order_by().values(k=key).annotate(n=Count("pk"))
        return {r["k"]: (r["n"], r["n"], r["n"]) for r in rows}
    if measure == Measure.FACILITIES:
        rows = (
            incidents.filter(facilities__isnull=False)
            .order_by()
            .values(k=key)
            .annotate(n=Count("facilities", distinct=True))
        )
        return {r["k"]: (r["n"], r["n"], r["n"]) for r in rows}
    counts = joins.casualties(incidents, CASUALTY_CODES[measure])
    sums = counts.rows.order_by().values(k=counts.key(key)).annotate(**_sums(counts))
    return {r["k"]: _triple(r) for r in sums}


def grouped_by_tag(incidents: QuerySet[Incident], measure: str, kind: str) -> dict[str, Triple]:
    """The measure per code of one tag kind (attack type, weapon), in one query: the join on the
    tag table is filtered to ``kind`` and reused by the grouping, so each code counts an incident once."""
    if measure in (Measure.INCIDENTS, Measure.FACILITIES):
        return grouped(incidents.filter(tags__kind=kind), measure, F("tags__code"))
    counts = joins.casualties(incidents, CASUALTY_CODES[measure], tags__kind=kind)
    rows = counts.rows.order_by().values(k=counts.key(F("tags__code"))).annotate(**_sums(counts))
    return {r["k"]: _triple(r) for r in rows}


def _sums(counts: joins.Counts) -> dict[str, Any]:
    low, high = counts.count("low"), counts.count("high")
    return {
        "sum_low": Sum(low),
        "sum_high": Sum(Coalesce(high, low)),
        "n_known": Count(counts.incident("pk"), distinct=True),
    }


def _triple(agg: Mapping[str, Any]) -> Triple:
    return int(agg["sum_low"] or 0), int(agg["sum_high"] or 0), int(agg["n_known"] or 0)


def per_incident(incidents: QuerySet[Incident], measure: str) -> Iterator[tuple[int, Any, Any]]:
    """A casualty measure or the facilities attacked, incident by incident, in the order of
    their ids, streamed: ``(id, low, high)`` for a casualty measure (incidents stating the count
    only), ``(id, facility id, facility id)`` once per facility attacked for facilities."""
    if measure == Measure.FACILITIES:
        pairs = incidents.filter(facilities__isnull=False).order_by("pk")
        rows = pairs.values_list("pk", "facilities").distinct().iterator(chunk_size=STREAM_CHUNK)
        return ((pk, facility, facility) for pk, facility in rows)
    counts = joins.casualties(incidents, CASUALTY_CODES[measure])
    low, high, pk = counts.count("low"), counts.count("high"), counts.incident("pk")
    sums = (
        counts.rows.order_by(pk)
        .values(pk)
        .annotate(each_low=Sum(low), each_high=Sum(Coalesce(high, low)))
        .values_list(pk, "each_low", "each_high")
    )
    return (
        (pk, int(low or 0), int(high or 0))
        for pk, low, high in sums.iterator(chunk_size=STREAM_CHUNK)
    )


#: Rows fetched at a time by the streams above.
STREAM_CHUNK = 20_000
