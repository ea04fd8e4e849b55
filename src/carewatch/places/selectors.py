"""Reading places: the gazetteer is public information (it holds no sensitive data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, QuerySet

from carewatch.places.choices import AdminLevel
from carewatch.places.models import Place, PlaceOutline
from carewatch_core.geo.search import Entry, PlaceIndex

_GROUPED: dict[str, Any] = {}


def places_by_governorate() -> list[tuple[Place, list[Place]]]:
    """Governorates with their districts and sub-districts, for grouped choice lists: read once
    per process (and again when the gazetteer changes, as ``place_index``), since a place list is
    on every page of the incident and facility lists. The places' names follow the active language
    when read."""
    stamp = Place.objects.aggregate(n=Count("pk"), last=Max("pk"))
    if _GROUPED.get("stamp") != stamp:
        _GROUPED["groups"] = _grouped()
        _GROUPED["stamp"] = stamp
    groups: list[tuple[Place, list[Place]]] = _GROUPED["groups"]
    return groups


def _grouped() -> list[tuple[Place, list[Place]]]:
    places = list(Place.objects.filter(level__gte=1).select_related("parent").order_by("pcode"))
    groups: dict[int, list[Place]] = {}
    governorates = [p for p in places if p.level == 1]
    by_id = {p.pk: p for p in places}
    for place in places:
        if place.level > 1:
            top = (
                place.parent if place.level == 2 else by_id.get(place.parent_id or 0, place).parent
            )
            groups.setdefault(top.pk if top else 0, []).append(place)
    return [(g, groups.get(g.pk, [])) for g in governorates]


def governorates() -> QuerySet[Place]:
    return Place.objects.filter(level=1).order_by("name_en")


def gazetteer_places() -> QuerySet[Place]:
    """Every place of the gazetteer (it holds no sensitive data, so it needs no access rule)."""
    return Place.objects.select_related("parent")


def public_level() -> int:
    """The administrative level public outputs generalise places to (``CAREWATCH_PUBLIC_LOCATION_LEVEL``:
    1 governorate, 2 district; finer levels are internal and refused by the settings)."""
    from django.conf import settings

    return int(settings.CAREWATCH_PUBLIC_LOCATION_LEVEL)


def public_place(
    place: Place | None, governorate: Place | None = None, district: Place | None = None
) -> Place | None:
    """``place`` generalised to the public level: itself if it is already that coarse, else its
    ancestor at that level (``governorate``/``district`` save the walk when the caller has them)."""
    if place is None:
        return None
    level = public_level()
    if place.level <= level:
        return place
    known = {1: governorate, 2: district}.get(level)
    return known if known is not None else place.ancestor_at(level)


def outline_of(place: Place) -> dict[str, Any] | None:
    """The place's simplified boundary (GeoJSON geometry), if the gazetteer has one."""
    outlines = PlaceOutline.objects.filter(place=place).values_list("geometry", flat=True)
    return outlines.first()


_INDEX: dict[str, Any] = {}


def place_index() -> PlaceIndex:
    """The gazetteer's names, normalised once per process (and again when the gazetteer changes)."""
    stamp = Place.objects.aggregate(n=Count("pk"), last=Max("pk"), aliases=Count("aliases"))
    if _INDEX.get("stamp") != stamp:
        rows = Place.objects.prefetch_related("aliases")
        _INDEX["index"] = PlaceIndex(
            Entry(
                key=p.pk,
                level=p.level,
                name=p.name_en,
                names=(p.name_en, p.name_ar, *(a.name for a in p.aliases.all())),
            )
            for p in rows
        )
        _INDEX["stamp"] = stamp
    index: PlaceIndex = _INDEX["index"]
    return index


def search_places(text: str, *, limit: int = 10, min_level: int = 1) -> list[Place]:
    """The places a partial name (Arabic or Latin script) may mean, best first, with their parents."""
    keys = [hit.key for hit in place_index().search(text, limit=limit, min_level=min_level)]
    found = Place.objects.select_related("parent__parent").in_bulk(keys)
    return [found[k] for k in keys if k in found]


def place_path(place: Place) -> str:
    """What a place is and where it lies: its level, then its parents, coarsest first
    ("Sub-district · Idleb › Ariha")."""
    parents = []
    node = place.parent
    while node is not None and node.level >= 1:
        parents.append(node.name)
        node = node.parent
    level = str(AdminLevel(place.level).label)
    return f"{level} · {' › '.join(reversed(parents))}" if parents else level
