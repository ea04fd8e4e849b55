"""Loading the shipped gazetteer into the database (idempotent: a reload refreshes in place)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.db import transaction

from carewatch.audit.services import log_action
from carewatch.places.models import Place, PlaceAlias, PlaceOutline
from carewatch_core.geo.gazetteer import Gazetteer


def _boundaries(country: str) -> dict[str, Any]:
    """p-code → simplified GeoJSON geometry, from the shipped per-level boundary files."""
    folder = resources.files("carewatch_core.geo").joinpath("data")
    geometries: dict[str, Any] = {}
    for level in range(4):
        resource = folder.joinpath(f"{country}-boundaries-adm{level}.geojson")
        if resource.is_file():
            features = json.loads(resource.read_text(encoding="utf-8"))["features"]
            geometries.update({f["properties"]["pcode"]: f["geometry"] for f in features})
    return geometries


@transaction.atomic
def gazetteer_load(*, user: Any, country: str = "SY") -> int:
    """Create or refresh every place of the country's gazetteer, parents before children."""
    gazetteer = Gazetteer.load(country)
    boundaries = _boundaries(country)
    existing = {p.pcode: p for p in Place.objects.filter(country=country)}
    changed = 0
    for item in sorted(gazetteer, key=lambda p: (p.level, p.pcode)):
        values = {
            "country": country,
            "level": item.level,
            "name_en": item.name_en,
            "name_ar": item.name_ar,
            "lat": item.lat,
            "lon": item.lon,
            "parent": existing.get(item.parent) if item.parent else None,
        }
        place = existing.get(item.pcode)
        if place is None:
            place = existing[item.pcode] = Place.objects.create(pcode=item.pcode, **values)
            changed += 1
        elif any(getattr(place, k) != v for k, v in values.items()):
            Place.objects.filter(pk=place.pk).update(**values)
            changed += 1
        _sync_aliases(place, item.aliases)
    changed += _sync_outlines(existing, boundaries)
    if changed:
        log_action(
            action="carewatch.gazetteer.loaded",
            actor=user,
            object_type="places.gazetteer",
            object_id=country,
            after={"places": len(gazetteer), "changed": changed},
        )
    return len(gazetteer)


def _sync_outlines(places: dict[str, Place], boundaries: dict[str, Any]) -> int:
    """Create or refresh the outline of each place that has one; returns how many changed."""
    known = dict(
        PlaceOutline.objects.filter(place__in=places.values()).values_list("place_id", "geometry")
    )
    changed = [
        PlaceOutline(place=place, geometry=boundaries[pcode])
        for pcode, place in places.items()
        if pcode in boundaries and known.get(place.pk) != boundaries[pcode]
    ]
    PlaceOutline.objects.filter(place__in=[o.place for o in changed]).delete()
    PlaceOutline.objects.bulk_create(changed)
    return len(changed)


def _sync_aliases(place: Place, aliases: tuple[str, ...]) -> None:
    known = set(place.aliases.values_list("name", flat=True)) if place.pk else set()
    PlaceAlias.objects.bulk_create(
        PlaceAlias(place=place, name=a[:160])
        for a in dict.fromkeys(aliases)
        if a[:160] not in known
    )
