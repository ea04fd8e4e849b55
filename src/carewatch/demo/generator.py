"""Write the seeded demo plan through the services, so every generated row has its audit entry.

Everything written here is marked as generated (``is_generated`` where the model has it; the
sources are named "(generated)" and described as not real), so it can never be mistaken for
documentation. The plan itself is made in ``carewatch.demo.plan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from carewatch.demo.plan import DemoPlan, make_plan
from carewatch.demo.plan_incidents import IncidentPlan
from carewatch.demo.plan_records import (
    GENERATED_DESCRIPTION,
    GENERATED_SOURCES,
    UMBRELLA_SOURCE,
    RecordPlan,
)
from carewatch.demo.write_facilities import write_facilities, write_statuses
from carewatch.demo.write_people import write_people
from carewatch.demo.written import Written
from carewatch.incidents.choices import WorkflowState
from carewatch.incidents.models import Incident
from carewatch.incidents.services import (
    incident_create,
    incident_merge,
    incident_record_create,
    incident_set_state,
)
from carewatch.incidents.values import IncidentValues, PerpetratorValue
from carewatch.places.models import Place
from carewatch.sources.models import Report, Source
from carewatch.sources.services import report_create, source_get_or_create

# How a reviewer gets an incident from "submitted" to its planned state (allowed transitions only).
PATHS: dict[str, tuple[str, ...]] = {
    WorkflowState.SUBMITTED: (),
    WorkflowState.UNDER_REVIEW: (WorkflowState.UNDER_REVIEW,),
    WorkflowState.VERIFIED: (WorkflowState.VERIFIED,),
    WorkflowState.REJECTED: (WorkflowState.UNDER_REVIEW, WorkflowState.REJECTED),
}


def generated_loaded() -> bool:
    """The generated demo is written once per database; its umbrella source shows it is there."""
    return Source.objects.filter(name=UMBRELLA_SOURCE, is_generated=True).exists()


def generate(
    user: Any, n_incidents: int = 300, seed: int = 2017, *, submitters: Sequence[Any] = ()
) -> DemoPlan | None:
    """Write the generated demo (``None`` if it is already there). ``submitters`` are field
    documenters credited with some submissions, so their "own submissions" list is not empty."""
    if generated_loaded():
        return None
    plan = make_plan(n_incidents, seed)
    with transaction.atomic():
        written = Written(
            user=user, submitters=submitters, places=Place.objects.in_bulk(field_name="pcode")
        )
        _write(plan, written)
    return plan


def _write(plan: DemoPlan, written: Written) -> None:
    written.sources = _sources(written.user)
    write_facilities(plan.facilities, written)
    for incident in plan.incidents:
        _incident(incident, written)
    write_statuses(plan.statuses, written)
    write_people(plan.people, written)


def _sources(user: Any) -> dict[str, Source]:
    return {
        s.name: source_get_or_create(
            user=user,
            name=s.name,
            source_type=s.source_type,
            reliability=s.reliability,
            description=GENERATED_DESCRIPTION,
            is_generated=True,
        )
        for s in GENERATED_SOURCES
    }


def _submitter(plan: IncidentPlan, written: Written) -> Any:
    if not (plan.submitted and written.submitters):
        return None
    return written.submitters[plan.key % len(written.submitters)]


def _incident(plan: IncidentPlan, written: Written) -> None:
    submitter = _submitter(plan, written)
    reports = [
        _report(plan, index, record, submitter or written.user, written)
        for index, record in enumerate(plan.records)
    ]
    values = _values(plan, written)
    incident = incident_create(
        user=submitter or written.user, values=values, state=_initial_state(plan, submitter)
    )
    _review(incident, plan, written)
    written.incidents[plan.key] = incident
    for record, report in zip(plan.records, reports, strict=True):
        incident_record_create(
            user=written.user,
            report=report,
            incident=incident,
            fields=_record_fields(record, values),
        )


def _report(
    plan: IncidentPlan, index: int, record: RecordPlan, submitter: Any, written: Written
) -> Report:
    report = report_create(
        user=submitter if record.by_submitter else written.user,
        source=written.sources[record.source],
        kind=record.kind,
        language=record.language,
        title=record.title,
        original_text=record.text,
        published_on=record.published_on,
        dataset_key=record.dataset_key,
    )
    written.reports[(plan.key, index)] = report
    return report


def _values(plan: IncidentPlan, written: Written) -> IncidentValues:
    story = plan.story
    facility = written.facilities.get(story.facility.key) if story.facility else None
    lat, lon = plan.exact or (None, None)
    return IncidentValues(
        title=plan.title,
        date_start=story.date,
        date_end=plan.date_end,
        date_precision=story.date_precision,
        time=plan.time,
        place_id=written.places[plan.place_pcode].pk,
        exact_lat=lat,
        exact_lon=lon,
        location_precision=plan.location_precision,
        location_type=story.location_type,
        facility_ids=[facility.pk] if facility else [],
        attack_types=story.attack_types,
        resources=plan.resources,
        weapons=story.weapons,
        counts=plan.counts,
        perpetrators=_perpetrators(plan, written),
        facility_damage=plan.facility_damage,
        service_interruption=plan.service_interruption,
        interruption_from=plan.interruption_from,
        interruption_until=plan.interruption_until,
        certainty=story.certainty,
        narrative=plan.records[0].text,
        narrative_language=plan.records[0].language,
        is_generated=True,
    )


def _perpetrators(plan: IncidentPlan, written: Written) -> list[PerpetratorValue]:
    return [
        PerpetratorValue(
            category=category,
            name=name,
            source_id=written.sources[source].pk,
            confidence=confidence,
        )
        for category, name, source, confidence in plan.perpetrators
    ]


def _initial_state(plan: IncidentPlan, submitter: Any) -> str:
    """Documenters' incidents start as drafts or submissions and are then reviewed;
    the rest are created in their planned state (a rejection still goes through review)."""
    if plan.state == WorkflowState.DRAFT:
        return plan.state
    if plan.state == WorkflowState.MERGED:
        return WorkflowState.UNDER_REVIEW
    if submitter is not None:
        return WorkflowState.SUBMITTED
    return WorkflowState.UNDER_REVIEW if plan.state == WorkflowState.REJECTED else plan.state


def _review(incident: Incident, plan: IncidentPlan, written: Written) -> None:
    if plan.state == WorkflowState.MERGED:
        _mark_merged(incident, plan, written)
        return
    for state in PATHS.get(plan.state, ()):
        if state != incident.state:
            reason = plan.state_reason if state == WorkflowState.REJECTED else ""
            incident_set_state(
                incident=incident,
                user=written.user,
                state=state,
                expected_version=incident.version,
                reason=reason,
            )


def _mark_merged(incident: Incident, plan: IncidentPlan, written: Written) -> None:
    """Merge the planned duplicate into its incident through the merge service."""
    target = written.incidents[plan.merged_into or 0]
    incident_merge(
        incident=incident,
        into=target,
        user=written.user,
        reason=plan.state_reason or "duplicate",
        expected_version=incident.version,
    )


def _record_fields(record: RecordPlan, values: IncidentValues) -> dict[str, Any]:
    """The incident record keeps this source's own version: its date, spellings, counts, certainty."""
    return {
        "date": record.date,
        "date_precision": record.date_precision,
        "place_id": values.place_id,
        "place_text": record.place_text,
        "facility_text": record.facility_text,
        "attack_types": record.attack_types,
        "weapons": record.weapons,
        "counts": {m: [low, high] for m, (low, high) in record.counts.items()},
        "perpetrator_text": record.perpetrator_text,
        "certainty": record.certainty,
        "description": record.text,
        "values": {"generated": True, "language": record.language},
    }
