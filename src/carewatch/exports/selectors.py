"""What goes into a file: the rows a reader may see, loaded in chunks as the file is written.

Every queryset starts from the same selectors as the pages (``incidents_for``, ``facilities_for``,
``people_for``, ``figures_for``, ``memorial_roll``), and every column from the reader's clearance
(``Dataset.columns``, never above internal). Public files are built for the anonymous reader,
whoever downloads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from carewatch.accounts.permissions import clearance_of
from carewatch.exports.fields import Context, Dataset
from carewatch.exports.incidents import PREFETCH, incidents_dataset
from carewatch.exports.memorial import memorial_dataset, memorial_fates
from carewatch.exports.registry import facilities_dataset, figures_dataset, people_dataset
from carewatch.facilities.selectors import facilities_for, with_status_on
from carewatch.incidents.selectors import IncidentFilters, filter_incidents, incidents_for
from carewatch.people.selectors import people_for
from carewatch.sources.selectors import figures_for
from carewatch_core.exports import Column
from carewatch_core.sensitivity import Level

CHUNK_SIZE = 2000  # rows fetched (and prefetched) per database round trip


@dataclass
class Export:
    """One file's content: the dataset, the reader's columns, and the objects (a lazy queryset)."""

    dataset: Dataset
    columns: tuple[Column, ...]
    queryset: QuerySet[Any]
    ctx: Context
    clearance: Level

    def objects(self) -> Iterator[Any]:
        return self.queryset.iterator(chunk_size=CHUNK_SIZE)

    def rows(self) -> Iterable[dict[str, object]]:
        return self.dataset.rows(self.objects(), self.columns, self.ctx)

    def count(self) -> int:
        return self.queryset.count()


def _export(user: Any, build: Callable[[Context], Dataset], queryset: QuerySet[Any]) -> Export:
    ctx = Context.current()
    clearance = clearance_of(user)
    dataset = build(ctx)
    return Export(dataset, dataset.columns(clearance), queryset, ctx, clearance)


def incident_export(user: Any, filters: IncidentFilters | None = None) -> Export:
    """The incidents ``user`` may see (the list page's filters applied), with the columns they may read."""
    qs = filter_incidents(
        incidents_for(user), filters or IncidentFilters(), reader=user
    ).prefetch_related(*PREFETCH)
    return _export(user, incidents_dataset, qs.order_by("date_start", "id"))


def public_export(name: str) -> Export:
    """An open-data file: the anonymous reader's rows and columns, whoever asks."""
    anonymous = AnonymousUser()
    if name == "memorial":
        return _export(anonymous, memorial_dataset, memorial_fates())
    return incident_export(anonymous)


def registry_export(user: Any, name: str) -> Export:
    """Staff files of the facility registry, people or figures (empty for readers without the function)."""
    if name == "facilities":
        qs = (
            with_status_on(facilities_for(user), timezone.localdate())
            .prefetch_related("aliases")
            .order_by("id")
        )
        return _export(user, facilities_dataset, qs)
    if name == "people":
        return _export(
            user, people_dataset, people_for(user).prefetch_related("fates").order_by("id")
        )
    if name == "figures":
        return _export(user, figures_dataset, figures_for(user).order_by("id"))
    raise ValueError(name)


PUBLIC_DATASETS = ("incidents", "memorial")
STAFF_DATASETS = {
    "incidents": "incident.submit",
    "facilities": "facility.view",
    "people": "person.view",
    "figures": "figure.view",
}
