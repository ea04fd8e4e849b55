"""API: incidents — list with filters and search, detail, field submission, full create and edit
(optimistic locking: a stale ``version`` answers 409), and workflow state changes.

Who sees what follows ``incidents_for``: HQ staff all incidents, field documenters their own,
the public verified probable-or-confirmed ones, with the public fields only.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from carewatch.access.api import caller, reads, writes
from carewatch.access.shape import Reader, many, one
from carewatch.facilities.selectors import facilities_for
from carewatch.incidents import services
from carewatch.incidents.api_schemas import (
    INCIDENT,
    INCIDENT_DETAIL,
    IncidentIn,
    IncidentPatch,
    IncidentPut,
    IncidentSubmitIn,
    StateIn,
    current_input,
    incident_values,
    submit_values,
)
from carewatch.incidents.choices import AttackType, Certainty, WorkflowState
from carewatch.incidents.models import Incident
from carewatch.incidents.selectors import (
    IncidentFilters,
    filter_incidents,
    incident_details,
    incidents_for,
    place_filter_allowed,
)
from carewatch.lib.api.checks import Problems, merged, visible_or_404, visible_row
from carewatch.lib.api.errors import field_error, invalid
from carewatch.lib.api.pagination import PageParams, page_schema, paginate
from carewatch.lib.api.types import BLANK_IS_NONE, Day, Id, PCode, Text200
from carewatch.places.api import require_place
from carewatch.sources.selectors import sources_for
from carewatch_core.sensitivity import Level

router = Router(tags=["incidents"])


class IncidentQuery(Schema):
    date_from: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Incidents on or after this date (YYYY-MM-DD)."
    )
    date_to: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Incidents on or before this date."
    )
    place: Annotated[PCode | None, BLANK_IS_NONE] = Field(
        None, description="A p-code: governorate, district or (signed-in staff only) sub-district."
    )
    attack_type: Annotated[AttackType | None, BLANK_IS_NONE] = None
    certainty: Annotated[Certainty | None, BLANK_IS_NONE] = None
    state: Annotated[WorkflowState | None, BLANK_IS_NONE] = None
    source: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="Reported by this source."
    )
    facility: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="Involving this facility."
    )
    q: Annotated[Text200 | None, BLANK_IS_NONE] = Field(
        None, description="Words in Arabic or Latin script (signed-in staff only)."
    )


def _filters(user: Any, query: IncidentQuery) -> IncidentFilters:
    """The selector's filters; references must be visible to ``user`` (else 422, as if unknown)."""
    problems = Problems()
    if query.q and Reader(user).clearance == Level.PUBLIC:
        # The search key covers internal fields (narrative, facility names): matching on them
        # would let the public probe what they may not read.
        problems.add("q", _("Text search is available to signed-in staff only."))
    visible_row(problems, sources_for(user), query.source, "source")
    visible_row(problems, facilities_for(user), query.facility, "facility")
    place = require_place(query.place, "place") if query.place else None
    if place is not None and not place_filter_allowed(user, place):
        problems.add(
            "place",
            _(
                "The public location of an incident is its district: choose a district or a governorate."
            ),
        )
    problems.raise_if_any()
    return IncidentFilters(
        date_from=query.date_from,
        date_to=query.date_to,
        place_id=place.pk if place and place.level > 0 else None,
        attack_type=query.attack_type or "",
        certainty=query.certainty or "",
        state=query.state or "",
        source_id=query.source,
        facility_id=query.facility,
        text=query.q or "",
    )


@router.get(
    "",
    response=page_schema(INCIDENT.schema, "IncidentPage"),
    summary="List incidents",
    **reads("incident.view_all"),
)
def incident_list(
    request: HttpRequest, query: Query[IncidentQuery], page: Query[PageParams]
) -> Any:
    """Incidents the caller may see, newest first, filtered; text search in Arabic or Latin script."""
    user = caller(request)
    qs = filter_incidents(incidents_for(user), _filters(user, query), reader=user)
    qs = qs.prefetch_related("tags", "casualties").order_by("-date_start", "-pk")
    return paginate(request, qs, page, lambda rows: many(INCIDENT, rows, user, request.path))


def visible_incident(user: Any, incident_id: int) -> Incident:
    """The incident with everything its detail shows, or 404 if missing or hidden from ``user``."""
    return visible_or_404(incident_details(user), incident_id)


def _detail(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    user = caller(request)
    return one(INCIDENT_DETAIL, visible_incident(user, incident_id), user, request.path)


@router.get(
    "/{int:incident_id}",
    response=INCIDENT_DETAIL.schema,
    summary="One incident",
    **reads("incident.view_all"),
)
def incident_view(request: HttpRequest, incident_id: int) -> Any:
    """One incident with the fields the caller may read (the exact point is audited)."""
    return _detail(request, incident_id)


@router.post(
    "/submit",
    response={201: INCIDENT_DETAIL.schema},
    summary="Submit a field report",
    **writes("incident.submit"),
)
def incident_submit(request: HttpRequest, payload: IncidentSubmitIn) -> Any:
    """A field documenter's report: keeps the report (informant restricted) and a submitted incident."""
    user = caller(request)
    values = submit_values(payload)
    incident = services.incident_submit(
        user=user,
        values=values,
        language=payload.language,
        place_text=payload.place_text,
        facility_text=payload.facility_text,
        informant_name=payload.informant_name,
        informant_contact=payload.informant_contact,
    )
    return _detail(request, incident.pk)


@router.post(
    "",
    response={201: INCIDENT_DETAIL.schema},
    summary="Create a consolidated incident",
    **writes("incident.edit"),
)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Any:
    """Create a consolidated incident (``incident.edit``); audited as ``carewatch.incident.created``."""
    user = caller(request)
    incident = services.incident_create(user=user, values=incident_values(user, payload))
    return _detail(request, incident.pk)


def _update(
    request: HttpRequest, incident: Incident, data: IncidentIn, version: int, reason: str
) -> dict[str, Any]:
    user = caller(request)
    values = incident_values(user, data)
    services.incident_update(
        incident=incident, user=user, values=values, expected_version=version, reason=reason
    )
    return _detail(request, incident.pk)


@router.put(
    "/{int:incident_id}",
    response=INCIDENT_DETAIL.schema,
    summary="Replace an incident's values (with its version)",
    **writes("incident.edit"),
)
def incident_replace(request: HttpRequest, incident_id: int, payload: IncidentPut) -> Any:
    """Replace every value; ``version`` must be the one loaded, else 409 and nothing is saved."""
    incident = visible_incident(caller(request), incident_id)
    return _update(request, incident, payload, payload.version, payload.reason)


@router.patch(
    "/{int:incident_id}",
    response=INCIDENT_DETAIL.schema,
    summary="Change some of an incident's values (with its version)",
    **writes("incident.edit"),
)
def incident_patch(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> Any:  # type: ignore[valid-type]
    """Change only the values sent (checked with all the others); ``version`` must be the one loaded, else 409."""
    incident = visible_incident(caller(request), incident_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})  # type: ignore[attr-defined]
    data = merged(IncidentIn, current_input(incident), changes)
    return _update(request, incident, data, payload.version, payload.reason)  # type: ignore[attr-defined]


@router.post(
    "/{int:incident_id}/state",
    response=INCIDENT_DETAIL.schema,
    summary="Change the workflow state (verify, reject with a reason, back to review)",
    **writes("incident.review"),
)
def incident_state(request: HttpRequest, incident_id: int, payload: StateIn) -> Any:
    """Verify, reject (with a reason) or send back to review (``incident.review``)."""
    user = caller(request)
    incident = visible_incident(user, incident_id)
    if payload.state == WorkflowState.REJECTED and not payload.reason:
        raise invalid([field_error("reason", _("Give a reason for rejecting this incident."))])
    try:
        services.incident_set_state(
            incident=incident,
            user=user,
            state=payload.state,
            expected_version=payload.version,
            reason=payload.reason,
            certainty=payload.certainty,
        )
    except services.InvalidTransition as exc:
        raise invalid([field_error("state", str(exc))]) from exc
    return _detail(request, incident.pk)
