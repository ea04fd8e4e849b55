"""Verifiers' work queues, the list's sort orders, and the next incident of a queue.

A queue narrows the incidents a reader may see (``incidents_for``) to the open work of one kind;
every queue keeps only open incidents (submitted or under review), so what is done leaves it:

- *submitted*: reported or imported, nobody has looked at it yet;
- *assigned to me*: open incidents assigned to the reader;
- *disputed*: sent back to review, or a report gives another day than the incident
  (day-precise reports only);
- *needs a second source*: every report linked to it comes from one source (or none).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import QueryDict
from django_tasks import task

from carewatch.incidents.choices import Certainty, DatePrecision, Queue, WorkflowState
from carewatch.incidents.models import Incident, IncidentRecord
from carewatch.incidents.selectors import incidents_for
from carewatch.lib import changes, jobs

OPEN_STATES = (WorkflowState.SUBMITTED, WorkflowState.UNDER_REVIEW)


def _another_day() -> Exists:
    return Exists(
        IncidentRecord.objects.filter(
            incident=OuterRef("pk"), date__isnull=False, date_precision=DatePrecision.DAY
        ).exclude(date=OuterRef("date_start"))
    )


def in_queue(qs: QuerySet[Incident], queue: str, user: Any) -> QuerySet[Incident]:
    """``qs`` narrowed to ``queue`` for ``user`` (an unknown queue leaves it as it is)."""
    if queue == Queue.SUBMITTED:
        return qs.filter(state=WorkflowState.SUBMITTED)
    if queue == Queue.MINE:
        return qs.filter(state__in=OPEN_STATES, assigned_to=user.pk)
    if queue == Queue.DISPUTED:
        return qs.filter(state__in=OPEN_STATES).filter(
            Q(state=WorkflowState.UNDER_REVIEW) | _another_day()
        )
    if queue == Queue.SECOND_SOURCE:
        return (
            qs.filter(state__in=OPEN_STATES)
            .annotate(source_count=Count("records__report__source", distinct=True))
            .filter(source_count__lt=2)
        )
    return qs


@dataclass(frozen=True)
class QueueTab:
    code: str
    label: str
    count: int


#: How long the queues' counts are kept (a change makes them unreachable at once, see below).
TABS_SECONDS = 600


@dataclass(frozen=True)
class QueueTabs:
    """The queues with their counts, and when they were counted if that was before the last
    change (they are being counted again)."""

    tabs: list[QueueTab]
    as_of: datetime.datetime | None = None


def queue_tabs(user: Any) -> QueueTabs:
    """Each queue with how many of the incidents ``user`` may see wait in it.

    Two of the counts cost a subquery per open incident: they are kept in the cache under the
    data's version token (``lib.changes``, renewed by every audited change), the reader and the
    question asked. Where counting took long (over a second at a million incidents, for every
    staff member at once after each change), the last counts are shown after a change, with
    their time, while one job counts again (``changes.kept_or_last``)."""
    qs = incidents_for(user)
    question = changes.question("queue-tabs", qs, user.pk)
    if question is None:  # a reader who may see nothing: nothing to count, nothing to keep
        return QueueTabs(_tabs(_counts(qs, user)))

    def recount(lock_key: str) -> None:
        recount_queues.enqueue(user_id=user.pk, lock_key=lock_key)

    counted = changes.kept_or_last(question, lambda: _counts(qs, user), TABS_SECONDS, recount)
    return QueueTabs(_tabs(counted.value), counted.as_of)


@task(queue_name=changes.QUEUE, priority=10)
def recount_queues(*, user_id: int, lock_key: str) -> None:
    """The job ``queue_tabs`` queues: ``user_id``'s counts made now and kept as the current ones;
    the next look at the list shows them."""
    try:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is not None:
            _count_again(user)
    finally:
        jobs.let_go(lock_key)


def _count_again(user: Any) -> None:
    qs = incidents_for(user)
    question = changes.question("queue-tabs", qs, user.pk)
    if question is not None:
        changes.store_fresh(question, lambda: _counts(qs, user), TABS_SECONDS)


def _counts(qs: QuerySet[Incident], user: Any) -> list[int]:
    return [in_queue(qs, queue.value, user).count() for queue in Queue]


def _tabs(counts: list[int]) -> list[QueueTab]:
    return [
        QueueTab(queue.value, str(queue.label), n) for queue, n in zip(Queue, counts, strict=True)
    ]


def _rank(field: str, choices: Any) -> Case:
    """Order a vocabulary by its meaning (rumour before confirmed), not by its codes' spelling."""
    return Case(
        *(When(**{field: code}, then=Value(n)) for n, code in enumerate(choices.values)),
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )


# Sort keys of the list: the column's value (ties broken by id, in the same direction).
SORTS: dict[str, Any] = {
    "date": F("date_start"),
    "reference": F("id"),
    "place": F("place__name_en"),
    "certainty": _rank("certainty", Certainty),
    "state": _rank("state", WorkflowState),
    "changed": F("updated_at"),
}
DEFAULT_SORT = "-date"


def sort_key(value: str) -> str:
    """A known sort (``date``, ``-date``, …), else the default (newest first)."""
    return value if value.lstrip("-") in SORTS else DEFAULT_SORT


def _by(qs: QuerySet[Incident], sort: str) -> tuple[QuerySet[Incident], bool]:
    key = sort_key(sort)
    return qs.annotate(sort_value=SORTS[key.lstrip("-")]), key.startswith("-")


def sorted_incidents(qs: QuerySet[Incident], sort: str) -> QuerySet[Incident]:
    qs, descending = _by(qs, sort)
    sign = "-" if descending else ""
    return qs.order_by(f"{sign}sort_value", f"{sign}id")


def next_after(
    qs: QuerySet[Incident], sort: str, pk: int, *, visible: QuerySet[Incident]
) -> Incident | None:
    """The incident after ``pk`` in ``qs`` sorted by ``sort`` (keyset: no counting, no offset).
    When ``pk`` has left ``qs`` (verified, so out of the queue), it still marks the position;
    its place is read only among the incidents the reader may see (``visible``)."""
    anchor, _descending = _by(visible.filter(pk=pk), sort)
    value = anchor.values_list("sort_value", flat=True).first()  # type: ignore[misc]  # annotated
    if value is None:
        return sorted_incidents(qs, sort).first()
    ordered, descending = _by(qs, sort)
    beyond = "lt" if descending else "gt"
    later = Q(**{f"sort_value__{beyond}": value}) | Q(sort_value=value, **{f"id__{beyond}": pk})
    sign = "-" if descending else ""
    return ordered.filter(later).order_by(f"{sign}sort_value", f"{sign}id").first()


# The list's own parameters: a saved search or a "next" link keeps these and nothing else.
LIST_PARAMETERS = (
    "q",
    "date_from",
    "date_to",
    "place",
    "attack_type",
    "certainty",
    "state",
    "source",
    "facility",
    "queue",
    "sort",
)


def list_query(data: Any) -> str:
    """The list's filters of ``data`` (a QueryDict or a query string) as a query string, the
    empty ones and anything else (page, tokens) left out."""
    if isinstance(data, str):
        data = QueryDict(data[:2000])
    kept = QueryDict(mutable=True)
    for name in LIST_PARAMETERS:
        value = str(data.get(name, "")).strip()
        if value:
            kept[name] = value
    return str(kept.urlencode())
