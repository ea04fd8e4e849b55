"""API: the gazetteer (public information) and free-text place resolution."""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from carewatch.access.api import caller, reads
from carewatch.access.shape import Out as F
from carewatch.access.shape import PlaceRef, Shape, attr, many, one, place_value
from carewatch.lib.api.errors import field_error, invalid, not_found
from carewatch.lib.api.pagination import PageParams, page_schema, paginate
from carewatch.lib.api.types import BLANK_IS_NONE, Int, PCode, Text120, Text200
from carewatch.places.models import Place
from carewatch.places.selectors import gazetteer_places, outline_of
from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.resolve import resolve

router = Router(tags=["places"])


PCODE_SHAPE = re.compile(r"[A-Z0-9]{2,20}")


def place_by_pcode(pcode: str) -> Place | None:
    """The place with this p-code (any case), or ``None`` — also for text that cannot be a p-code."""
    pcode = pcode.upper()
    return gazetteer_places().filter(pcode=pcode).first() if PCODE_SHAPE.fullmatch(pcode) else None


def require_place(pcode: str, field: str, *, min_level: int = 0) -> Place:
    """The place with this p-code, else a 422 naming ``field``."""
    place = place_by_pcode(pcode)
    if place is None:
        raise invalid([field_error(field, _("Unknown p-code: choose a place from the gazetteer."))])
    if place.level < min_level:
        raise invalid([field_error(field, _("Choose a governorate, district or sub-district."))])
    return place


PLACE = Shape(
    "place",
    "Place",
    {
        "pcode": attr(str),
        "level": attr(int),
        "name_en": attr(str),
        "name_ar": attr(str),
        "lat": attr(float, description="Centre point (public)."),
        "lon": attr(float),
        "parent": F(PlaceRef | None, lambda p, r: place_value(p.parent)),
    },
)
PLACE_DETAIL = PLACE.extend(
    "PlaceDetail",
    {
        "aliases": F(list[str], lambda p, r: sorted(a.name for a in p.aliases.all())),
        "children": F(
            list[PlaceRef], lambda p, r: [place_value(c) for c in p.children.order_by("pcode")]
        ),
        "boundary": F(
            dict[str, Any] | None, lambda p, r: outline_of(p), "Simplified GeoJSON geometry."
        ),
    },
)


class PlaceFilters(Schema):
    level: Annotated[Int | None, BLANK_IS_NONE] = Field(
        None, ge=0, le=3, description="0 country, 1 governorate, 2 district, 3 sub-district."
    )
    parent: Annotated[PCode | None, BLANK_IS_NONE] = Field(
        None, description="Only the places directly under this p-code."
    )
    q: Annotated[Text120 | None, BLANK_IS_NONE] = Field(
        None, description="Part of a name (English, Arabic or an alternative spelling)."
    )


@router.get("", response=page_schema(PLACE.schema, "PlacePage"), summary="List places", **reads())
def place_list(request: HttpRequest, filters: Query[PlaceFilters], page: Query[PageParams]) -> Any:
    """Places of the gazetteer by level, parent or name (p-code order)."""
    qs = gazetteer_places()
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent=require_place(filters.parent, "parent"))
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(name_en__icontains=q) | Q(name_ar__icontains=q) | Q(aliases__name__icontains=q)
        ).distinct()
    qs = qs.order_by("pcode")
    return paginate(
        request, qs, page, lambda rows: many(PLACE, rows, caller(request), request.path)
    )


class ResolveParams(Schema):
    q: Text200 = Field(
        ..., min_length=1, description="A place name as written, in any spelling or script."
    )
    level: Annotated[Int | None, BLANK_IS_NONE] = Field(
        None, ge=0, le=3, description="Only places of this level."
    )
    within: Annotated[PCode | None, BLANK_IS_NONE] = Field(
        None, description="Only places inside this p-code."
    )


class Resolution(Schema):
    pcode: str
    level: int
    confidence: float
    matched: str
    method: str
    alternatives: list[str]
    place: PlaceRef | None


class ResolveAnswer(Schema):
    query: str
    match: Resolution | None


@router.get(
    "/resolve", response=ResolveAnswer, summary="Resolve a place name to a p-code", **reads()
)
def place_resolve(request: HttpRequest, params: Query[ResolveParams]) -> Any:
    """The best gazetteer match for a free-text name (``carewatch_core.geo.resolve``), or ``match: null``."""
    gazetteer = Gazetteer.load("SY")
    if params.within and gazetteer.get(params.within) is None:
        raise invalid(
            [field_error("within", _("Unknown p-code: choose a place from the gazetteer."))]
        )
    found = resolve(params.q, gazetteer, level=params.level, within=params.within)
    if found is None:
        return {"query": params.q, "match": None}
    match = {
        "pcode": found.pcode,
        "level": found.level,
        "confidence": found.confidence,
        "matched": found.matched,
        "method": found.method,
        "alternatives": list(found.alternatives),
        "place": place_value(place_by_pcode(found.pcode)),
    }
    return {"query": params.q, "match": match}


@router.get("/{pcode}", response=PLACE_DETAIL.schema, summary="One place", **reads())
def place_detail(request: HttpRequest, pcode: str) -> Any:
    """One place with its aliases, children and simplified boundary."""
    place = place_by_pcode(pcode)
    if place is None:
        raise not_found()
    return one(PLACE_DETAIL, place, caller(request), request.path)
