"""Administrative boundaries drawn as SVG paths, for server-rendered maps (no JavaScript, no tiles).

Only polygons of administrative units and their centre points are used: a map made from these
can show counts per district or governorate and generalised points at unit centres, never an
exact location. Coordinates are projected equirectangularly with the longitude scaled by the
cosine of the map's middle latitude, which is close enough for a country the size of Syria.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Shape:
    """One administrative unit: its p-code, names, SVG path and centre (in map units)."""

    pcode: str
    name_en: str
    name_ar: str
    path: str
    x: float
    y: float


@dataclass(frozen=True)
class SvgMap:
    width: float
    height: float
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    scale: float
    cos_lat: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.cos_lat * self.scale, (self.north - lat) * self.scale


def boundaries(country: str, level: int) -> dict[str, Any]:
    """The packaged GeoJSON of one administrative level (``data/<CC>-boundaries-adm<N>.geojson``)."""
    name = f"{country.upper()}-boundaries-adm{level}.geojson"
    text = resources.files("carewatch_core.geo").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def country_map(country: str, level: int, width: float = 600.0) -> SvgMap:
    """The units of ``level`` drawn ``width`` map units wide (cached: the shapes never change)."""
    features = boundaries(country, level)["features"]
    return draw(features, width, centres=_centres(country))


def _centres(country: str) -> dict[str, tuple[float, float]]:
    from carewatch_core.geo.gazetteer import Gazetteer

    return {p.pcode: (p.lon, p.lat) for p in Gazetteer.load(country)}


def draw(
    features: Sequence[Mapping[str, Any]],
    width: float,
    centres: Mapping[str, tuple[float, float]] | None = None,
) -> SvgMap:
    """Project ``features`` (GeoJSON Polygon/MultiPolygon with ``pcode`` properties) to fit ``width``."""
    rings = [ring for f in features for ring in _rings(f["geometry"])]
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = width / ((max(lons) - min(lons)) * cos_lat)
    project = Projection(min(lons), max(lats), scale, cos_lat)
    height = (max(lats) - min(lats)) * scale
    shapes = tuple(
        _shape(f, project, (centres or {}).get(f["properties"]["pcode"])) for f in features
    )
    return SvgMap(round(width, 1), round(height, 1), shapes)


def _rings(geometry: Mapping[str, Any]) -> list[Ring]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry {geometry['type']!r}")


def _shape(
    feature: Mapping[str, Any], project: Projection, centre: tuple[float, float] | None
) -> Shape:
    props = feature["properties"]
    parts = []
    for ring in _rings(feature["geometry"]):
        points = _thinned([project(lon, lat) for lon, lat, *_rest in ring])
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    x, y = project(*centre) if centre else _mean(feature, project)
    return Shape(
        props["pcode"],
        props.get("name_en", ""),
        props.get("name_ar", ""),
        "".join(parts),
        round(x, 1),
        round(y, 1),
    )


def _thinned(points: list[tuple[float, float]], step: float = 1.0) -> list[tuple[float, float]]:
    """Points rounded to the map unit, without repeats (a pixel's detail is all a web map needs)."""
    out: list[tuple[float, float]] = []
    for x, y in points:
        point = (round(x / step) * step, round(y / step) * step)
        if not out or point != out[-1]:
            out.append(point)
    return out


def _mean(feature: Mapping[str, Any], project: Projection) -> tuple[float, float]:
    points = [project(p[0], p[1]) for ring in _rings(feature["geometry"]) for p in ring]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def classify(values: Mapping[str, int], classes: int = 5) -> dict[str, int]:
    """A colour class per key: 0 for none, else 1..``classes`` by equal steps of the square root
    (counts of attacks are skewed: a few districts have most of them)."""
    top = max(values.values(), default=0)
    if top <= 0:
        return dict.fromkeys(values, 0)
    root = math.sqrt(top)
    return {
        k: 0 if v <= 0 else max(1, math.ceil(math.sqrt(v) / root * classes))
        for k, v in values.items()
    }


def radius(value: int, top: int, largest: float = 14.0) -> float:
    """A circle's radius whose area is proportional to ``value`` (the largest is ``largest``)."""
    if value <= 0 or top <= 0:
        return 0.0
    return round(largest * math.sqrt(value / top), 1)
