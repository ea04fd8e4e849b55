"""The capture-pattern table of an estimate, read from the consolidated records: for each attack
(or each health worker killed) in the stratum, which of the chosen lists (sources) documented
it. Linkage has already decided which reports are the same case (docs/estimation.md: estimate
after de-duplication); a case on none of the chosen lists is not in the table."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet

from carewatch.incidents.choices import WorkflowState
from carewatch.incidents.filters import started_between
from carewatch.incidents.models import Incident, IncidentRecord
from carewatch.people.choices import Fate, Profession
from carewatch.people.models import Person, PersonRecord
from carewatch.stats.choices import EstimateKind

Pattern = tuple[int, ...]
# Incidents that are not cases: not yet submitted, found not to be attacks, or duplicates.
NOT_CASES = (WorkflowState.DRAFT, WorkflowState.REJECTED, WorkflowState.MERGED)


def _within(field: str, governorate_id: int) -> Q:
    """A place field inside the governorate, at any level below it."""
    return (
        Q(**{f"{field}_id": governorate_id})
        | Q(**{f"{field}__parent_id": governorate_id})
        | Q(**{f"{field}__parent__parent_id": governorate_id})
    )


def _incidents(run: Any) -> QuerySet[Incident]:
    qs = Incident.objects.exclude(state__in=NOT_CASES).filter(
        started_between(run.date_from, run.date_to)
    )
    return qs.filter(governorate_id=run.governorate_id) if run.governorate_id else qs


def _killed(run: Any) -> QuerySet[Person]:
    fate = Q(fates__fate=Fate.KILLED)
    if run.date_from:
        fate &= Q(fates__date__gte=run.date_from)
    if run.date_to:
        fate &= Q(fates__date__lte=run.date_to)
    if run.governorate_id:
        fate &= _within("fates__place", run.governorate_id)
    people = Person.objects.filter(merged_into__isnull=True).filter(fate)
    if run.profession:
        return people.filter(profession=run.profession)
    return people.exclude(profession=Profession.NOT_HEALTH_WORKER)


def _pairs(run: Any) -> Any:
    """(case, source) for every chosen source that documented a case of the stratum."""
    if run.kind == EstimateKind.INCIDENTS:
        return IncidentRecord.objects.filter(
            incident__in=_incidents(run), report__source_id__in=run.source_ids
        ).values_list("incident_id", "report__source_id")
    return PersonRecord.objects.filter(
        person__in=_killed(run), report__source_id__in=run.source_ids
    ).values_list("person_id", "report__source_id")


def capture_counts(run: Any) -> Counter[Pattern]:
    """How many cases have each pattern of lists (one flag per chosen source, in their order)."""
    position = {source: i for i, source in enumerate(run.source_ids)}
    found: dict[int, list[int]] = {}
    for case, source in _pairs(run).distinct().iterator(chunk_size=5000):
        flags = found.setdefault(case, [0] * len(position))
        flags[position[source]] = 1
    return Counter(tuple(flags) for flags in found.values())
