"""Administrative places (country → governorate → district → sub-district) keyed by p-code.

The data ships inside the package (``carewatch_core/geo/data/<COUNTRY>.json``, built by
``scripts/build_gazetteer.py`` from OCHA COD-AB), so nothing here touches the network, a
database or Django. Levels follow COD-AB: 0 country, 1 governorate, 2 district,
3 sub-district.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in WGS84 degrees."""

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit with its names and centre point."""

    pcode: str
    level: int
    parent: str | None
    name_en: str
    name_ar: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    bbox: BBox | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Official English and Arabic names first, then the alternative spellings."""
        return (self.name_en, self.name_ar, *self.aliases)


# eq=False: a gazetteer is compared and hashed by identity, which lets resolvers cache
# indexes per gazetteer (its dict fields would make a generated __hash__ fail).
@dataclass(frozen=True, eq=False)
class Gazetteer:
    """All places of one country, with parent/child navigation."""

    country: str
    attribution: str
    licence: str
    bbox: BBox
    places: Mapping[str, Place]
    _children: Mapping[str, tuple[str, ...]] = field(repr=False)

    @classmethod
    def load(cls, country: str = "SY") -> Gazetteer:
        """The packaged gazetteer for an ISO 3166-1 alpha-2 country code (cached)."""
        return _load_packaged(country.upper())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gazetteer:
        """Build a gazetteer from the JSON structure written by the build script."""
        places = {p.pcode: p for p in map(_place_from_dict, data["places"])}
        _check_parents(places)
        return cls(
            country=str(data["country"]),
            attribution=str(data["attribution"]),
            licence=str(data["licence"]),
            bbox=_bbox(data["bbox"]),
            places=places,
            _children=_children_of(places.values()),
        )

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places.values())

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, pcode: object) -> bool:
        return pcode in self.places

    def __getitem__(self, pcode: str) -> Place:
        return self.places[pcode]

    def get(self, pcode: str) -> Place | None:
        """The place with this p-code, or None."""
        return self.places.get(pcode)

    def children(self, pcode: str) -> tuple[Place, ...]:
        """Places directly below ``pcode``, in p-code order."""
        self._require(pcode)
        return tuple(self.places[c] for c in self._children.get(pcode, ()))

    def ancestors(self, pcode: str) -> tuple[Place, ...]:
        """Places above ``pcode``, nearest first (parent, grandparent, ..., country)."""
        chain: list[Place] = []
        parent = self._require(pcode).parent
        while parent is not None:
            place = self.places[parent]
            chain.append(place)
            parent = place.parent
        return tuple(chain)

    def ancestor_at_level(self, pcode: str, level: int) -> Place | None:
        """The place at ``level`` containing ``pcode`` (itself if already at that level).

        None when ``level`` is below the place (a governorate has no district ancestor).
        """
        place = self._require(pcode)
        return next((p for p in (place, *self.ancestors(pcode)) if p.level == level), None)

    def at_level(self, level: int) -> tuple[Place, ...]:
        """All places at one administrative level, in p-code order."""
        return tuple(sorted((p for p in self if p.level == level), key=lambda p: p.pcode))

    def governorates(self) -> tuple[Place, ...]:
        """The level-1 units (governorates in Syria)."""
        return self.at_level(1)

    def is_within(self, pcode: str, ancestor: str) -> bool:
        """True when ``ancestor`` is a strict ancestor of ``pcode``."""
        return any(p.pcode == ancestor for p in self.ancestors(pcode))

    def _require(self, pcode: str) -> Place:
        place = self.places.get(pcode)
        if place is None:
            raise KeyError(f"unknown p-code {pcode!r} in gazetteer {self.country}")
        return place


@cache
def _load_packaged(country: str) -> Gazetteer:
    # The code becomes a file name, so accept only two capital letters.
    if not _COUNTRY_CODE.fullmatch(country):
        raise ValueError(f"not an ISO 3166-1 alpha-2 code: {country!r}")
    resource = resources.files("carewatch_core.geo").joinpath("data", f"{country}.json")
    if not resource.is_file():
        raise LookupError(f"no packaged gazetteer for country {country}")
    return Gazetteer.from_dict(json.loads(resource.read_text(encoding="utf-8")))


def _place_from_dict(row: Mapping[str, Any]) -> Place:
    parent = row.get("parent")
    bbox = row.get("bbox")
    return Place(
        pcode=str(row["pcode"]),
        level=int(row["level"]),
        parent=None if parent is None else str(parent),
        name_en=str(row["name_en"]),
        name_ar=str(row["name_ar"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        aliases=tuple(str(a) for a in row.get("aliases", ())),
        bbox=None if bbox is None else _bbox(bbox),
    )


def _check_parents(places: Mapping[str, Place]) -> None:
    # Fail at load time rather than with a KeyError deep inside ancestors().
    orphans = sorted(p.pcode for p in places.values() if p.parent and p.parent not in places)
    if orphans:
        raise ValueError(f"places with unknown parents: {orphans}")


def _bbox(values: Any) -> BBox:
    west, south, east, north = (float(v) for v in values)
    return (west, south, east, north)


def _children_of(places: Iterable[Place]) -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for place in places:
        if place.parent is not None:
            children.setdefault(place.parent, []).append(place.pcode)
    return {parent: tuple(sorted(kids)) for parent, kids in children.items()}
