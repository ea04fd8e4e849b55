"""Every write to incidents goes through these keyword-only services (views, API, CLI, jobs)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import log_action, snapshot
from carewatch.incidents.choices import TagKind, WorkflowState
from carewatch.incidents.models import (
    CasualtyCount,
    Incident,
    IncidentRecord,
    IncidentTag,
    PerpetratorClaim,
)
from carewatch.incidents.values import IncidentValues
from carewatch.lib.common import save_versioned
from carewatch.places.models import Place
from carewatch.sources.choices import ReportKind, SourceType
from carewatch.sources.models import Report
from carewatch.sources.services import report_create, source_get_or_create
from carewatch_core.names import search_key

FIELD_TEAM_SOURCE = "Field team (own staff)"

# Which state changes a reviewer may make, from which states.
TRANSITIONS: dict[str, set[str]] = {
    WorkflowState.DRAFT: {WorkflowState.SUBMITTED},
    WorkflowState.SUBMITTED: {
        WorkflowState.UNDER_REVIEW,
        WorkflowState.VERIFIED,
        WorkflowState.REJECTED,
    },
    WorkflowState.UNDER_REVIEW: {
        WorkflowState.VERIFIED,
        WorkflowState.REJECTED,
        WorkflowState.SUBMITTED,
    },
    WorkflowState.VERIFIED: {WorkflowState.UNDER_REVIEW},
    WorkflowState.REJECTED: {WorkflowState.UNDER_REVIEW},
    WorkflowState.MERGED: set(),
}


class InvalidTransition(ValueError):
    pass


def full_snapshot(incident: Incident) -> dict[str, Any]:
    """Scalar fields plus the multi-valued parts, for before/after in the audit log."""
    data = snapshot(incident, "incident")
    data["tags"] = sorted(f"{t.kind}:{t.code}" for t in incident.tags.all())
    data["counts"] = {c.measure: [c.low, c.high] for c in incident.casualties.all()}
    data["facilities"] = sorted(incident.facilities.values_list("id", flat=True))
    data["perpetrators"] = sorted(
        f"{p.category}:{p.name}:{p.source_id}:{p.confidence}"
        for p in incident.perpetrator_claims.all()
    )
    return data


def _apply_scalars(incident: Incident, values: IncidentValues) -> None:
    for name in IncidentValues.SCALAR_FIELDS:
        setattr(incident, name, getattr(values, name))
    place = Place.objects.get(pk=values.place_id)
    incident.place = place
    incident.governorate = place.ancestor_at(1)
    incident.district = place.ancestor_at(2)


def _search_text(incident: Incident) -> str:
    place = incident.place
    names = [incident.reference, incident.title, incident.narrative, place.name_en, place.name_ar]
    for facility in incident.facilities.all():
        names += [
            facility.name_ar,
            facility.name_latin,
            *facility.aliases.values_list("name", flat=True),
        ]
    return search_key(" ".join(n for n in names if n))


def _replace_parts(incident: Incident, values: IncidentValues) -> None:
    incident.tags.all().delete()
    IncidentTag.objects.bulk_create(
        IncidentTag(incident=incident, kind=kind, code=code)
        for kind, codes in (
            (TagKind.ATTACK_TYPE, values.attack_types),
            (TagKind.RESOURCE, values.resources),
            (TagKind.WEAPON, values.weapons),
        )
        for code in dict.fromkeys(codes)
    )
    incident.casualties.all().delete()
    CasualtyCount.objects.bulk_create(
        CasualtyCount(
            incident=incident,
            measure=measure,
            low=count.low,  # type: ignore[misc]  # known: not None
            high=count.high if count.is_range else None,
        )
        for measure, count in values.counts.items()
        if count.known
    )
    incident.perpetrator_claims.all().delete()
    PerpetratorClaim.objects.bulk_create(
        PerpetratorClaim(
            incident=incident,
            category=p.category,
            name=p.name,
            source_id=p.source_id,
            confidence=p.confidence,
        )
        for p in values.perpetrators
    )
    incident.facilities.set(values.facility_ids)


@transaction.atomic
def incident_create(
    *,
    user: Any,
    values: IncidentValues,
    state: str = WorkflowState.SUBMITTED,
    state_reason: str = "",
) -> Incident:
    """Create a consolidated incident and audit it (``carewatch.incident.created``).

    An incident is never created merged (use ``incident_merge``) nor rejected without a reason.
    """
    if state == WorkflowState.MERGED:
        raise InvalidTransition(
            _("An incident is merged into another with the merge action, not created merged.")
        )
    if state == WorkflowState.REJECTED and not state_reason.strip():
        raise InvalidTransition(_("Give a reason for rejecting this incident."))
    incident = Incident(
        reference=f"TMP-{uuid.uuid4().hex[:20]}",
        state=state,
        state_reason=state_reason,
        is_generated=values.is_generated,
    )
    incident.created_by = user if getattr(user, "is_authenticated", False) else None
    _apply_scalars(incident, values)
    incident.save()
    incident.reference = f"CW-{incident.date_start:%Y}-{incident.pk:06d}"
    _replace_parts(incident, values)
    incident.search_key = _search_text(incident)
    Incident.objects.filter(pk=incident.pk).update(
        reference=incident.reference, search_key=incident.search_key
    )
    log_action(
        action="carewatch.incident.created", actor=user, obj=incident, after=full_snapshot(incident)
    )
    return incident


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    user: Any,
    values: IncidentValues,
    expected_version: int,
    reason: str = "",
) -> Incident:
    """Save new values if nobody else saved since ``expected_version`` (else ``ConflictError``)."""
    before = full_snapshot(incident)
    _apply_scalars(incident, values)
    fields = [*IncidentValues.SCALAR_FIELDS, "place", "governorate", "district"]
    save_versioned(incident, expected_version=expected_version, fields=fields)
    _replace_parts(incident, values)
    incident.search_key = _search_text(incident)
    Incident.objects.filter(pk=incident.pk).update(search_key=incident.search_key)
    log_action(
        action="carewatch.incident.changed",
        actor=user,
        obj=incident,
        before=before,
        after=full_snapshot(incident),
        reason=reason,
    )
    return incident


@transaction.atomic
def incident_set_state(
    *,
    incident: Incident,
    user: Any,
    state: str,
    expected_version: int,
    reason: str = "",
    certainty: str | None = None,
) -> Incident:
    """Move an incident through the workflow (verify, reject with a reason, back to review)."""
    if state not in TRANSITIONS.get(incident.state, set()):
        raise InvalidTransition(_("An incident cannot go from this state to the one chosen."))
    if state == WorkflowState.REJECTED and not reason.strip():
        raise InvalidTransition(_("Give a reason for rejecting this incident."))
    before = {
        "state": incident.state,
        "certainty": incident.certainty,
        "state_reason": incident.state_reason,
    }
    incident.state, incident.state_reason = state, reason
    incident.certainty = certainty or incident.certainty
    save_versioned(
        incident, expected_version=expected_version, fields=["state", "state_reason", "certainty"]
    )
    after = {
        "state": incident.state,
        "certainty": incident.certainty,
        "state_reason": incident.state_reason,
    }
    verbs: dict[str, str] = {WorkflowState.VERIFIED: "verified", WorkflowState.REJECTED: "rejected"}
    verb = verbs.get(state, "state_changed")
    log_action(
        action=f"carewatch.incident.{verb}",
        actor=user,
        obj=incident,
        before=before,
        after=after,
        reason=reason,
    )
    return incident


def record_values(
    values: IncidentValues, place_text: str = "", facility_text: str = ""
) -> dict[str, Any]:
    """The fields of an incident record that mirror what the report said."""
    return {
        "date": values.date_start,
        "date_precision": values.date_precision,
        "place_id": values.place_id,
        "place_text": place_text,
        "lat": values.exact_lat,
        "lon": values.exact_lon,
        "facility_text": facility_text,
        "attack_types": list(values.attack_types),
        "weapons": list(values.weapons),
        "counts": {m: [c.low, c.high] for m, c in values.counts.items() if c.known},
        "certainty": values.certainty,
        "description": values.narrative,
    }


@transaction.atomic
def incident_record_create(
    *, user: Any, report: Report, incident: Incident | None, fields: dict[str, Any]
) -> IncidentRecord:
    """Keep what ``report`` says about one incident, optionally linked to ``incident``."""
    record = IncidentRecord.objects.create(report=report, incident=incident, **fields)
    log_action(
        action="carewatch.incident_record.created",
        actor=user,
        obj=record,
        after=snapshot(record, "incident_record"),
    )
    return record


@transaction.atomic
def incident_record_link(
    *, record: IncidentRecord, incident: Incident | None, user: Any, reason: str = ""
) -> None:
    """Link a record to a consolidated incident (the reviewed layer; the record itself never changes)."""
    before = {"incident": record.incident_id}
    IncidentRecord.objects.filter(pk=record.pk).update(incident=incident)
    record.incident = incident
    log_action(
        action="carewatch.incident_record.linked",
        actor=user,
        obj=record,
        before=before,
        after={"incident": incident.pk if incident else None},
        reason=reason,
    )


@transaction.atomic
def incident_submit(
    *,
    user: Any,
    values: IncidentValues,
    language: str,
    place_text: str = "",
    facility_text: str = "",
    informant_name: str = "",
    informant_contact: str = "",
) -> Incident:
    """A field documenter's submission: a field-form report, its record, and a submitted incident."""
    source = source_get_or_create(
        user=user, name=FIELD_TEAM_SOURCE, source_type=SourceType.OWN_STAFF, reliability="B"
    )
    report = report_create(
        user=user,
        source=source,
        kind=ReportKind.FIELD_FORM,
        title=values.title,
        language=language,
        original_text=values.narrative,
        published_on=values.date_start,
        informant_name=informant_name,
        informant_contact=informant_contact,
    )
    incident = incident_create(user=user, values=values, state=WorkflowState.SUBMITTED)
    incident_record_create(
        user=user,
        report=report,
        incident=incident,
        fields=record_values(values, place_text, facility_text),
    )
    return incident


@transaction.atomic
def incident_record_new(
    *, user: Any, values: IncidentValues, source: Any, kind: str, url: str = ""
) -> Incident:
    """An incident a verifier records by hand from what ``source`` published: the report (its
    words as given), its record, and the incident, submitted for verification like any other."""
    report = report_create(
        user=user,
        source=source,
        kind=kind,
        title=values.title,
        language=values.narrative_language or "en",
        original_text=values.narrative,
        published_on=values.date_start,
        url=url,
    )
    incident = incident_create(user=user, values=values, state=WorkflowState.SUBMITTED)
    incident_record_create(
        user=user, report=report, incident=incident, fields=record_values(values)
    )
    return incident


@transaction.atomic
def incident_merge(
    *, incident: Incident, into: Incident, user: Any, reason: str, expected_version: int
) -> Incident:
    """Mark ``incident`` as a duplicate of ``into``. Its records stay linked to it, so un-merging
    restores exactly the previous state (``incident_unmerge``)."""
    if (
        into.pk == incident.pk
        or into.state == WorkflowState.MERGED
        or incident.state == WorkflowState.MERGED
    ):
        raise InvalidTransition(_("These incidents cannot be merged."))
    if not reason.strip():
        raise InvalidTransition(_("Give a reason for merging these incidents."))
    before = {"state": incident.state, "state_reason": incident.state_reason, "merged_into": None}
    incident.state, incident.state_reason, incident.merged_into = WorkflowState.MERGED, reason, into
    save_versioned(
        incident, expected_version=expected_version, fields=["state", "state_reason", "merged_into"]
    )
    after = {"state": incident.state, "state_reason": reason, "merged_into": into.pk}
    log_action(
        action="carewatch.incident.merged",
        actor=user,
        obj=incident,
        before=before,
        after=after,
        reason=reason,
    )
    return incident


@transaction.atomic
def incident_unmerge(
    *, incident: Incident, user: Any, reason: str, expected_version: int
) -> Incident:
    """Undo a merge: the state and reason return to what the merge's audit entry recorded."""

    merge = (
        AuditEntry.objects.filter(action="carewatch.incident.merged", object_id=str(incident.pk))
        .order_by("-id")
        .first()
    )
    if incident.state != WorkflowState.MERGED or merge is None or not merge.before:
        raise InvalidTransition(_("This incident is not merged."))
    before = {
        "state": incident.state,
        "state_reason": incident.state_reason,
        "merged_into": incident.merged_into_id,
    }
    incident.state, incident.state_reason, incident.merged_into = (
        merge.before["state"],
        merge.before["state_reason"],
        None,
    )
    save_versioned(
        incident, expected_version=expected_version, fields=["state", "state_reason", "merged_into"]
    )
    after = {"state": incident.state, "state_reason": incident.state_reason, "merged_into": None}
    log_action(
        action="carewatch.incident.unmerged",
        actor=user,
        obj=incident,
        before=before,
        after=after,
        reason=reason,
    )
    return incident
