"""Incidents joined to what hangs from them — their casualty counts, their records' sources — in
the form each database's planner runs fastest.

The statistics filter incidents (verified, at a certainty, in a period …) and then read a table
below them. Two forms give the same rows:

- **from the incidents** (PostgreSQL): the filtered incidents joined to the table below. A
  million incidents on PostgreSQL: a grouping's distinct (district, source) pairs 0.8 s, the
  killed by day 1.1 s;
- **from the table below** (SQLite): its rows whose incident is among the filtered ones (``IN``
  a subquery), joined back to the incident for the grouping. On PostgreSQL this reads the
  incidents twice (1.5 s and 1.6 s for the same two); on SQLite the first form is the slower one
  (2.7 s against 4.5 s for the pairs, 3.1 s against 6.7 s for the killed by governorate).

``Counts`` names fields for either form, so the measures are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet

from carewatch.incidents.models import CasualtyCount, Incident, IncidentRecord


def from_incidents() -> bool:
    """Whether this database joins from the incidents (see the module)."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Counts:
    """Casualty counts of some incidents (one row per count), in either form."""

    rows: QuerySet[Any]
    from_incidents: bool

    def incident(self, name: str) -> str:
        """An incident's field as the rows name it (``pk``: the incident's id)."""
        if self.from_incidents:
            return name
        return "incident" if name == "pk" else f"incident__{name}"

    def count(self, name: str) -> str:
        """A count's field (``low``, ``high``) as the rows name it."""
        return f"casualties__{name}" if self.from_incidents else name

    def key(self, key: Any) -> Any:
        """A grouping expression over the incident (``F``, ``Day``, ``TruncMonth`` …) as the
        rows see it."""
        return key if self.from_incidents else seen_from_below(key)


def casualties(incidents: QuerySet[Incident], codes: tuple[str, ...], **through: Any) -> Counts:
    """``incidents``' counts of the measures ``codes``; ``through``: filters on the incident's
    own relations (``tags__kind=…``), whose join a grouping on them reuses."""
    if from_incidents():
        joined = incidents.filter(casualties__measure__in=codes, **through)
        return Counts(joined, True)
    rows = CasualtyCount.objects.filter(
        incident__in=incidents.order_by().values("pk"), measure__in=codes, **_below(through)
    )
    return Counts(rows, False)


def source_pairs(incidents: QuerySet[Incident], key: Any, **through: Any) -> QuerySet[Any]:
    """The distinct ``(key, source id)`` pairs of ``incidents``' records (``key`` over the
    incident, ``through`` as in ``casualties``). From the incidents, an incident without a
    record gives a source of ``None``."""
    if from_incidents():
        joined = incidents.filter(**through).order_by()
        return joined.values_list(key, "records__report__source_id").distinct()
    rows = IncidentRecord.objects.filter(
        incident__in=incidents.order_by().values("pk"), **_below(through)
    )
    return rows.order_by().values_list(seen_from_below(key), "report__source_id").distinct()


def source_ids(incidents: QuerySet[Incident]) -> QuerySet[Any]:
    """The distinct ids of the sources of ``incidents``' records (may hold ``None``)."""
    if from_incidents():
        return incidents.order_by().values_list("records__report__source_id", flat=True).distinct()
    rows = IncidentRecord.objects.filter(incident__in=incidents.order_by().values("pk"))
    return rows.order_by().values_list("report__source_id", flat=True).distinct()


def seen_from_below(key: Any) -> Any:
    """The same grouping expression, seen from a row that points to the incident."""
    if isinstance(key, F):
        return F(f"incident__{key.name}")  # type: ignore[attr-defined]
    return type(key)(f"incident__{key.source_expressions[0].name}")


def _below(through: dict[str, Any]) -> dict[str, Any]:
    return {f"incident__{name}": value for name, value in through.items()}
