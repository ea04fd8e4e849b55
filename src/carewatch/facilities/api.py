"""API: the facility registry, its status timeline, and "out of service on a date".

Staff only (``facilities_for`` shows the public nothing). Exact coordinates appear only in the
detail, only for readers whose clearance reaches
the coordinates' class (restricted), read through ``selectors.exact_location``
(which audits every read); lists never carry them.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from carewatch.access.api import caller, reads, writes
from carewatch.access.shape import Out as F
from carewatch.access.shape import PlaceRef, Reader, Shape, attr, many, one, place_value
from carewatch.facilities import services
from carewatch.facilities.choices import (
    AliasKind,
    FacilityStatus,
    FacilitySubtype,
    FacilityType,
    StatusCause,
)
from carewatch.facilities.models import Facility
from carewatch.facilities.selectors import FacilityFilters as RegistryFilters
from carewatch.facilities.selectors import (
    exact_location,
    facilities_for,
    filter_facilities,
    with_status_on,
)
from carewatch.lib.api.checks import Problems, check_point, merged, visible_or_404, visible_row
from carewatch.lib.api.errors import field_error, invalid
from carewatch.lib.api.pagination import PageParams, page_schema, paginate
from carewatch.lib.api.types import (
    BLANK_IS_NONE,
    MAX_COUNT,
    Day,
    Id,
    Int,
    Latitude,
    Longitude,
    PastDay,
    PCode,
    Text200,
    Text300,
    Text500,
    Text2000,
    Text5000,
)
from carewatch.places.api import require_place
from carewatch.sources.selectors import reports_for

router = Router(tags=["facilities"])


class AliasOut(Schema):
    name: str
    kind: str


class StatusOut(Schema):
    date: datetime.date
    status: str
    cause: str
    note: str
    report: int | None


def _exact(index: int) -> F:
    """One coordinate of the exact point, read (and audited) once per facility and response."""

    def get(facility: Facility, reader: Reader) -> float | None:
        key = ("facility.exact", facility.pk)
        if key not in reader.memo:
            reader.memo[key] = exact_location(reader.user, facility)
        point = reader.memo[key]
        return None if point is None else point[index]

    return F(float, get, "Exact point (WGS84).", audited=True)


FACILITY_REF = Shape(
    "facility",
    "FacilityRef",
    {
        "id": attr(int, "pk"),
        "name_ar": attr(str),
        "name_latin": attr(str),
        "facility_type": attr(str),
        "subtype": attr(str),
    },
)
FACILITY = FACILITY_REF.extend(
    "Facility",
    {
        "operator": attr(str),
        "supporting_organisations": attr(str),
        "beds": attr(int),
        "services": attr(str),
        "place": F(
            PlaceRef,
            lambda f, r: place_value(f.place),
            "Where it is, generalised to an administrative unit.",
        ),
        "aliases": F(
            list[AliasOut], lambda f, r: [{"name": a.name, "kind": a.kind} for a in f.aliases.all()]
        ),
        "status": F(
            str,
            lambda f, r: getattr(f, "status_on_day", None),
            "Status on `status_date` (null if none recorded).",
        ),
        "status_date": F(datetime.date, lambda f, r: getattr(f, "status_day", None)),
        "version": attr(int),
    },
)
FACILITY_DETAIL = FACILITY.extend(
    "FacilityDetail",
    {
        "exact_lat": _exact(0),
        "exact_lon": _exact(1),
        "statuses": F(
            list[StatusOut],
            lambda f, r: [
                {
                    "date": s.date,
                    "status": s.status,
                    "cause": s.cause,
                    "note": s.note,
                    "report": s.report_id,
                }
                for s in f.statuses.all()
            ],
            "The status timeline, latest first.",
        ),
        "updated_at": attr(datetime.datetime),
    },
)


class FacilityFilters(Schema):
    q: Annotated[Text200 | None, BLANK_IS_NONE] = Field(
        None, description="Name or alias (Arabic or Latin script, code names such as M10)."
    )
    facility_type: Annotated[FacilityType | None, BLANK_IS_NONE] = None
    place: Annotated[PCode | None, BLANK_IS_NONE] = Field(
        None, description="Governorate, district or sub-district p-code."
    )
    out_of_service_on: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Only facilities non-functional on this date (YYYY-MM-DD)."
    )


def _listing(user: Any, filters: FacilityFilters) -> tuple[Any, datetime.date]:
    """The same registry query as the web page (``selectors.filter_facilities``)."""
    day = filters.out_of_service_on or timezone.localdate()
    wanted = RegistryFilters(
        text=filters.q or "",
        facility_type=filters.facility_type or "",
        on=day,
        place_id=require_place(filters.place, "place").pk if filters.place else None,
        status=FacilityStatus.NON_FUNCTIONAL if filters.out_of_service_on else "",
    )
    return filter_facilities(facilities_for(user), wanted).order_by(
        "name_latin", "name_ar", "pk"
    ), day


def _stamp(rows: list[Facility], day: datetime.date) -> list[Facility]:
    """Say which day ``status_on_day`` refers to."""
    for row in rows:
        row.status_day = day  # type: ignore[attr-defined]
    return rows


@router.get(
    "",
    response=page_schema(FACILITY.schema, "FacilityPage"),
    summary="List facilities",
    **reads("facility.view"),
)
def facility_list(
    request: HttpRequest, filters: Query[FacilityFilters], page: Query[PageParams]
) -> Any:
    """Facilities the caller may see, each with its status on a day (today, or ``out_of_service_on``)."""
    user = caller(request)
    qs, day = _listing(user, filters)
    return paginate(
        request, qs, page, lambda rows: many(FACILITY, _stamp(rows, day), user, request.path)
    )


def visible_facility(user: Any, facility_id: int) -> Facility:
    """The facility if ``user`` may see it, else 404 (hidden and missing look the same)."""
    today = timezone.localdate()
    qs = with_status_on(facilities_for(user), today).prefetch_related("aliases", "statuses")
    facility = visible_or_404(qs, facility_id)
    facility.status_day = today
    return facility


def _detail(request: HttpRequest, facility_id: int) -> dict[str, Any]:
    user = caller(request)
    return one(FACILITY_DETAIL, visible_facility(user, facility_id), user, request.path)


@router.get(
    "/{int:facility_id}",
    response=FACILITY_DETAIL.schema,
    summary="One facility with its status timeline",
    **reads("facility.view"),
)
def facility_detail(request: HttpRequest, facility_id: int) -> Any:
    """One facility, its aliases and status timeline; the exact point only for need-to-know roles (audited)."""
    return _detail(request, facility_id)


# Writes


class AliasIn(Schema, extra="forbid"):
    name: Text200 = Field(..., min_length=1)
    kind: AliasKind = AliasKind.ALIAS


class FacilityFields(Schema, extra="forbid"):
    name_ar: Text200 = ""
    name_latin: Text200 = ""
    facility_type: FacilityType
    subtype: FacilitySubtype | None = None
    operator: Text200 = ""
    supporting_organisations: Text300 = ""
    beds: Annotated[Int | None, BLANK_IS_NONE] = Field(None, ge=0, le=MAX_COUNT)
    services: Text5000 = ""
    place: PCode
    exact_lat: Latitude | None = None
    exact_lon: Longitude | None = None


class FacilityIn(FacilityFields):
    aliases: list[AliasIn] = Field(default_factory=list, max_length=50)


class FacilityPatch(Schema, extra="forbid"):
    name_ar: Text200 | None = None
    name_latin: Text200 | None = None
    facility_type: FacilityType | None = None
    subtype: FacilitySubtype | None = None
    operator: Text200 | None = None
    supporting_organisations: Text300 | None = None
    beds: Annotated[Int | None, BLANK_IS_NONE] = Field(None, ge=0, le=MAX_COUNT)
    services: Text5000 | None = None
    place: PCode | None = None
    exact_lat: Latitude | None = None
    exact_lon: Longitude | None = None
    version: Id
    reason: Text500 = ""


def _facility_values(data: dict[str, Any]) -> dict[str, Any]:
    """Checked model values from merged input (names, point, place)."""
    problems = Problems()
    if not (data.get("name_ar") or data.get("name_latin")):
        problems.add("name_ar", _("Give the name in Arabic script, in Latin script, or both."))
    check_point(problems, data.get("exact_lat"), data.get("exact_lon"))
    problems.raise_if_any()
    values = {k: v for k, v in data.items() if k in services.FACILITY_FIELDS}
    values["place"] = require_place(data["place"], "place", min_level=1)
    values["subtype"] = values.get("subtype") or ""
    return values


@router.post(
    "",
    response={201: FACILITY_DETAIL.schema},
    summary="Register a facility",
    **writes("facility.edit"),
)
def facility_create(request: HttpRequest, payload: FacilityIn) -> Any:
    """Register a facility (``facility.edit``); audited as ``carewatch.facility.created``."""
    values = _facility_values(payload.model_dump(exclude={"aliases"}))
    aliases = [(a.name, a.kind) for a in payload.aliases]
    facility = services.facility_create(user=caller(request), aliases=aliases, **values)
    return _detail(request, facility.pk)


def _current(facility: Facility) -> dict[str, Any]:
    data = {name: getattr(facility, name) for name in services.FACILITY_FIELDS if name != "place"}
    return data | {"place": facility.place.pcode, "subtype": facility.subtype or None}


@router.patch(
    "/{int:facility_id}",
    response=FACILITY_DETAIL.schema,
    summary="Change a facility (with its version)",
    **writes("facility.edit"),
)
def facility_update(request: HttpRequest, facility_id: int, payload: FacilityPatch) -> Any:
    """Change some of a facility's values; ``version`` must be the one loaded (else 409)."""
    user = caller(request)
    facility = visible_facility(user, facility_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})
    values = _facility_values(merged(FacilityFields, _current(facility), changes).model_dump())
    services.facility_update(
        facility=facility,
        user=user,
        expected_version=payload.version,
        reason=payload.reason,
        **values,
    )
    return _detail(request, facility.pk)


class StatusIn(Schema, extra="forbid"):
    status: FacilityStatus
    date: PastDay
    cause: StatusCause | None = None
    note: Text2000 = ""
    report: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="The report this status comes from."
    )


@router.post(
    "/{int:facility_id}/statuses",
    response={201: FACILITY_DETAIL.schema},
    summary="Record a dated status (functional, partially, non-functional)",
    **writes("facility.edit"),
)
def facility_status_add(request: HttpRequest, facility_id: int, payload: StatusIn) -> Any:
    """Add a dated status to the timeline (``carewatch.facility.status_recorded``)."""
    user = caller(request)
    facility = visible_facility(user, facility_id)
    problems = Problems()
    report = visible_row(problems, reports_for(user), payload.report, "report")
    if payload.cause and payload.status == FacilityStatus.FUNCTIONAL:
        problems.add(
            "cause", _("A cause is given only for a facility partially or not functional.")
        )
    problems.raise_if_any()
    services.facility_status_add(
        facility=facility,
        user=user,
        status=payload.status,
        date=payload.date,
        cause=payload.cause or "",
        report=report,
        note=payload.note,
    )
    return _detail(request, facility.pk)


@router.post(
    "/{int:facility_id}/aliases",
    response={201: FACILITY_DETAIL.schema},
    summary="Add an alias or code name",
    **writes("facility.edit"),
)
def facility_alias_add(request: HttpRequest, facility_id: int, payload: AliasIn) -> Any:
    """Add an alternative name or code name such as "M10"."""
    user = caller(request)
    facility = visible_facility(user, facility_id)
    if any(a.name.casefold() == payload.name.casefold() for a in facility.aliases.all()):
        raise invalid([field_error("name", _("This facility already has this alias."))])
    services.facility_alias_add(facility=facility, user=user, name=payload.name, kind=payload.kind)
    return _detail(request, facility.pk)
