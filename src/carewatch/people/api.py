"""API: people (HQ staff only), the public memorial roll, and memorial clearance.

Names are restricted unless cleared: staff without restricted clearance see
``display_name`` ("Name withheld (person #12)" for an uncleared name), never the names
themselves; the memorial roll shows cleared health workers only (S3).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from carewatch.access.api import caller, reads, writes
from carewatch.access.shape import Out as F
from carewatch.access.shape import (
    PlaceRef,
    Reader,
    Shape,
    attr,
    many,
    nested,
    nested_list,
    one,
    place_value,
)
from carewatch.facilities.api import FACILITY_REF
from carewatch.lib.api.checks import visible_or_404
from carewatch.lib.api.errors import field_error, invalid
from carewatch.lib.api.pagination import PageParams, page_schema, paginate
from carewatch.lib.api.types import BLANK_IS_NONE, Id, PastDay, Text200
from carewatch.people import services
from carewatch.people.choices import Fate, MemorialClearance, Profession
from carewatch.people.models import Person
from carewatch.people.presenters import display_name
from carewatch.people.selectors import PersonFilters as ListFilters
from carewatch.people.selectors import filter_people, memorial_roll, people_for
from carewatch.sources.api_schemas import PERSON_RECORD

router = Router(tags=["people"])


class IncidentRef(Schema):
    id: int
    reference: str


class FateOut(Schema):
    fate: str
    date: datetime.date | None
    incident: IncidentRef | None
    place: PlaceRef | None


def _fates(person: Person, reader: Reader) -> list[dict[str, Any]]:
    return [
        {
            "fate": f.fate,
            "date": f.date,
            "place": place_value(f.place),
            "incident": {"id": f.incident.pk, "reference": f.incident.reference}
            if f.incident
            else None,
        }
        for f in person.fates.all()
    ]


def _display_name(person: Any, reader: Reader) -> str:
    """The name where the reader may read it; an uncleared name shown is a restricted read."""
    name = display_name(reader.user, person)
    if not person.is_cleared and name == person.name and name:
        reader.note("person", "restricted_viewed", person, "name")
    return name


PERSON_REF = Shape(
    "person",
    "PersonRef",
    {
        "id": attr(int, "pk"),
        "display_name": F(str, _display_name, "The name if cleared, else a placeholder."),
        "name_ar": attr(str),
        "name_latin": attr(str),
    },
)
PERSON = PERSON_REF.extend(
    "Person",
    {
        "sex": attr(str),
        "age": attr(int),
        "age_high": attr(int),
        "profession": attr(str),
        "specialty": attr(str),
        "affiliation": attr(str),
        "facility": nested(FACILITY_REF, lambda p: p.facility),
        "memorial_clearance": attr(str),
        "cleared_by": attr(str),
        "cleared_at": attr(datetime.date),
        "version": attr(int),
    },
)
PERSON_DETAIL = PERSON.extend(
    "PersonDetail",
    {
        "date_of_birth": attr(datetime.date),
        "home_place": F(PlaceRef, lambda p, r: place_value(p.home_place)),
        "family_details": attr(str),
        "fates": F(list[FateOut], _fates, "What happened to them, incident by incident."),
        "records": nested_list(
            PERSON_RECORD, lambda p: p.records.all(), "What each source says, names as given."
        ),
        "updated_at": attr(datetime.datetime),
    },
)


class PersonFilters(Schema):
    q: Annotated[Text200 | None, BLANK_IS_NONE] = Field(
        None,
        description="A name in Arabic or Latin script (cleared names only, unless you may read names).",
    )
    profession: Annotated[Profession | None, BLANK_IS_NONE] = None
    memorial_clearance: Annotated[MemorialClearance | None, BLANK_IS_NONE] = None
    fate: Annotated[Fate | None, BLANK_IS_NONE] = None


def _listing(user: Any, filters: PersonFilters) -> Any:
    """The same query as the web page (``selectors.filter_people``): callers who may not read
    names search cleared names only, so a search cannot confirm an uncleared name."""
    wanted = ListFilters(
        text=filters.q or "",
        profession=filters.profession or "",
        fate=filters.fate or "",
        clearance=filters.memorial_clearance or "",
    )
    return filter_people(people_for(user), wanted, Reader(user).sees("person", "name_ar")).order_by(
        "pk"
    )


@router.get(
    "",
    response=page_schema(PERSON.schema, "PersonPage"),
    summary="List people",
    **reads("person.view"),
)
def person_list(
    request: HttpRequest, filters: Query[PersonFilters], page: Query[PageParams]
) -> Any:
    """People (HQ staff): names only for need-to-know roles, a placeholder otherwise."""
    user = caller(request)
    return paginate(
        request, _listing(user, filters), page, lambda rows: many(PERSON, rows, user, request.path)
    )


# The public memorial roll: cleared names only (people.selectors.memorial_roll).


class MemorialEntry(Schema):
    id: int
    name_ar: str
    name_latin: str
    profession: str
    date: datetime.date | None
    governorate: PlaceRef | None


def _memorial_entry(person: Person) -> dict[str, Any]:
    killed = [f for f in person.fates.all() if f.fate == Fate.KILLED]
    fate = killed[0] if killed else None
    governorate = fate.place.ancestor_at(1) if fate and fate.place else None
    # The roll is public: a cleared name, the profession, the date and the governorate. The
    # specialty, like the rest of the person, is internal (sensitivity.py).
    return {
        "id": person.pk,
        "name_ar": person.name_ar,
        "name_latin": person.name_latin,
        "profession": person.profession,
        "date": fate.date if fate else None,
        "governorate": place_value(governorate),
    }


@router.get(
    "/memorial",
    response=page_schema(MemorialEntry, "MemorialPage"),
    summary="The memorial roll: health workers killed whose names are cleared for publication",
    **reads(),
)
def memorial(request: HttpRequest, page: Query[PageParams]) -> Any:
    """Health workers killed whose names are cleared for publication (public)."""
    qs = memorial_roll().prefetch_related("fates__place__parent__parent").order_by("pk")
    return paginate(request, qs, page, lambda rows: [_memorial_entry(p) for p in rows])


def visible_person(user: Any, person_id: int) -> Person:
    """The person if ``user`` may see them, else 404."""
    qs = people_for(user).prefetch_related("fates__incident", "fates__place", "records")
    return visible_or_404(qs, person_id)


@router.get(
    "/{int:person_id}", response=PERSON_DETAIL.schema, summary="One person", **reads("person.view")
)
def person_detail(request: HttpRequest, person_id: int) -> Any:
    """One person with their fates and, for need-to-know roles, names, family details and records."""
    user = caller(request)
    return one(PERSON_DETAIL, visible_person(user, person_id), user, request.path)


class ClearanceIn(Schema, extra="forbid"):
    clearance: MemorialClearance
    cleared_by: Text200 = Field(
        "", description="Who cleared the name (family, organisation); required to clear."
    )
    on: Annotated[PastDay | None, BLANK_IS_NONE] = Field(
        None, description="When it was cleared (default: today)."
    )
    version: Id


@router.post(
    "/{int:person_id}/clearance",
    response=PERSON_DETAIL.schema,
    summary="Clear (or withdraw) a name for the memorial roll",
    **writes("person.clear_memorial"),
)
def person_clearance(request: HttpRequest, person_id: int, payload: ClearanceIn) -> Any:
    """Clear a name for publication (who cleared it is required) or withdraw it."""
    user = caller(request)
    person = visible_person(user, person_id)
    if payload.clearance != MemorialClearance.NOT_CLEARED and not payload.cleared_by:
        raise invalid([field_error("cleared_by", _("Say who cleared this name for publication."))])
    services.person_set_clearance(
        person=person,
        user=user,
        clearance=payload.clearance,
        cleared_by=payload.cleared_by,
        expected_version=payload.version,
        on=payload.on,
    )
    return one(PERSON_DETAIL, visible_person(user, person_id), user, request.path)
