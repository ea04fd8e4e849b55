#!/usr/bin/env python3
"""Build the packaged Syria gazetteer from the OCHA COD-AB shapefiles.

Reads ``syr_admin0..3`` and ``syr_adminpoints`` with pyshp and writes, into
``src/carewatch_core/geo/data/``:

* ``SY.json``: every place (p-code, level, parent, English/Arabic names, centre point,
  bounding box, alternative spellings);
* ``SY-boundaries-adm{0,1,2,3}.geojson``: polygons simplified with Douglas-Peucker;
* ``ATTRIBUTION.md``: source, licence and what this script changed.

Curated alternative spellings live in ``SY-aliases.json`` next to the output and are merged
here. The output is deterministic, so rebuilding without changes gives identical files.

Usage::

    uv run python scripts/build_gazetteer.py [--source DIR] [--tolerance DEGREES]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapefile  # type: ignore[import-untyped]  # pyshp ships no type hints

from carewatch_core.geo.resolve import normalise_name

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "src" / "carewatch_core" / "geo" / "data"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "syria_admin"

COUNTRY = "SY"
FILE_PREFIX = "syr"
LEVELS = (0, 1, 2, 3)
EXPECTED_COUNTS = {0: 1, 1: 14, 2: 62, 3: 272}
# The citation OCHA asks for, en dash included.
ATTRIBUTION = "OCHA Syria Common Operational Dataset – Administrative Boundaries (v02, 2020-12-17)"
LICENCE = (
    "Not stated in the copy used. OCHA publishes COD-AB on the Humanitarian Data Exchange "
    "(dataset cod-ab-syr), which states each dataset's licence (COD-AB is commonly "
    "CC BY-IGO); confirm it there before redistributing. Attribution is required either way."
)
SOURCE_NOTE = (
    "GitHub aishanimathur/syria-conflict-dashboard, shapefiles/syr_admin_boundaries/ "
    "at 4215ca1762f33ebd8afa577610d580c0783175f2"
)
LEVEL_NAMES = {0: "country", 1: "governorate", 2: "district", 3: "sub-district"}

# About 100 m at Syria's latitude: borders stay recognisable at city zoom levels.
DEFAULT_TOLERANCE = 0.001
COORD_DECIMALS = 4  # ~11 m, well below the simplification error
CENTRE_DECIMALS = 6

# COD-AB names a governorate's central district/sub-district "مركز X" ("centre of X"),
# once without the space ("مركزالحفة"), and once in English ("Markaz Darayya").
CENTRE_PREFIX = re.compile(r"^(?:مركز\s*|Markaz\s+)")

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior ring first, then holes


@dataclass(frozen=True)
class Unit:
    """One administrative unit as read from a shapefile."""

    level: int
    record: dict[str, Any]
    polygons: list[Polygon]
    bbox: tuple[float, float, float, float]

    def field(self, name: str, level: int | None = None) -> Any:
        # COD-AB fields are adm<level>_<name>: name (English), name1 (Arabic), pcode, ref_n.
        return self.record[f"adm{self.level if level is None else level}_{name}"]

    @property
    def pcode(self) -> str:
        return str(self.field("pcode"))


# --- reading --------------------------------------------------------------------------


def read_units(source: Path, level: int) -> list[Unit]:
    """All units of one admin level, with polygons as lists of (lon, lat) rings."""
    with shapefile.Reader(str(source / f"{FILE_PREFIX}_admin{level}"), encoding="utf-8") as r:
        return [
            Unit(level, sr.record.as_dict(), polygons_of(sr.shape), tuple(sr.shape.bbox))
            for sr in r.iterShapeRecords()
        ]


def polygons_of(shape: Any) -> list[Polygon]:
    # pyshp's geo interface already groups shapefile rings into exteriors and holes.
    geo = shape.__geo_interface__
    polygons = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
    return [[[(float(x), float(y)) for x, y in ring] for ring in poly] for poly in polygons]


def read_label_points(source: Path) -> dict[tuple[int, str], Point]:
    """COD-AB label points keyed by (level, p-code)."""
    points: dict[tuple[int, str], Point] = {}
    with shapefile.Reader(str(source / f"{FILE_PREFIX}_adminpoints"), encoding="utf-8") as r:
        for sr in r.iterShapeRecords():
            level = int(sr.record["admin_leve"])  # dBase truncates names to 10 characters
            x, y = sr.shape.points[0]
            points[(level, sr.record[f"adm{level}_pcode"])] = (float(x), float(y))
    return points


# --- places ---------------------------------------------------------------------------


def place_of(unit: Unit, labels: dict[tuple[int, str], Point]) -> dict[str, Any]:
    """The gazetteer entry for one unit (aliases are attached later)."""
    lon, lat = centre_of(unit, labels)
    return {
        "pcode": unit.pcode,
        "level": unit.level,
        "parent": str(unit.field("pcode", unit.level - 1)) if unit.level else None,
        "name_en": str(unit.field("name")).strip(),
        "name_ar": str(unit.field("name1")).strip(),
        "lat": round(lat, CENTRE_DECIMALS),
        "lon": round(lon, CENTRE_DECIMALS),
        "bbox": outward_bbox(unit.bbox),
        "aliases": [],
    }


def centre_of(unit: Unit, labels: dict[tuple[int, str], Point]) -> Point:
    # Prefer OCHA's label point (placed inside the unit by a cartographer); fall back to
    # the area-weighted centroid only when it is missing or lies outside the polygon.
    label = labels.get((unit.level, unit.pcode))
    if label is not None and contains(unit.polygons, label):
        return label
    print(f"warning: {unit.pcode} has no usable label point; using centroid")
    return centroid(unit.polygons)


def outward_bbox(bbox: tuple[float, float, float, float]) -> list[float]:
    # Round away from the shape so the stored box still contains all of it.
    scale = 10**COORD_DECIMALS
    west, south, east, north = bbox
    return [
        math.floor(west * scale) / scale,
        math.floor(south * scale) / scale,
        math.ceil(east * scale) / scale,
        math.ceil(north * scale) / scale,
    ]


def derived_aliases(unit: Unit) -> list[str]:
    """Variants COD-AB itself supplies: the ASCII reference name and names minus "centre of"."""
    names = (str(unit.field("ref_n")), str(unit.field("name")), str(unit.field("name1")))
    return [CENTRE_PREFIX.sub("", name).strip() for name in names]


def load_curated(path: Path, places: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Curated aliases by p-code; fails on an unknown p-code or a mismatched name."""
    table = json.loads(path.read_text(encoding="utf-8"))
    curated: dict[str, list[str]] = {}
    for pcode, entry in table.items():
        if pcode.startswith("_"):
            continue  # "_about" and similar notes for editors
        place = places.get(pcode)
        if place is None or place["name_en"] != entry["name_en"]:
            raise SystemExit(f"{path.name}: {pcode} {entry['name_en']!r} does not match COD-AB")
        curated[pcode] = list(entry["aliases"])
    return curated


def attach_aliases(
    places: dict[str, dict[str, Any]], derived: dict[str, list[str]], curated: dict[str, list[str]]
) -> None:
    """Fill each place's aliases: its own, plus its parent's when it is the parent's centre."""
    for place in sorted(places.values(), key=lambda p: p["level"]):  # parents first
        own = derived[place["pcode"]] + curated.get(place["pcode"], [])
        parent = places.get(place["parent"] or "")
        if parent is not None and is_centre_of([place["name_en"], *own], parent):
            own += [parent["name_en"], parent["name_ar"], *parent["aliases"]]
        place["aliases"] = unique_aliases(own, place)


def is_centre_of(names: list[str], parent: dict[str, Any]) -> bool:
    # A district or sub-district named after its parent is the parent's centre unit
    # ("Idleb" district of Idleb governorate), so people use the parent's spellings for it.
    parent_keys = {normalise_name(n) for n in (parent["name_en"], *parent["aliases"])}
    return any(normalise_name(name) in parent_keys for name in names)


def unique_aliases(names: list[str], place: dict[str, Any]) -> list[str]:
    seen = {place["name_en"], place["name_ar"], ""}
    kept: list[str] = []
    for name in names:
        if name not in seen:
            seen.add(name)
            kept.append(name)
    return kept


# --- geometry helpers -----------------------------------------------------------------


def ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Signed area (positive when counter-clockwise) and area-weighted x and y sums."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def centroid(polygons: list[Polygon]) -> Point:
    """Area-weighted centroid of the exterior rings (holes ignored: a fallback only)."""
    moments = [ring_moments(poly[0]) for poly in polygons]
    area = sum(m[0] for m in moments)
    return sum(m[1] for m in moments) / area, sum(m[2] for m in moments) / area


def ring_contains(ring: Ring, point: Point) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def contains(polygons: list[Polygon], point: Point) -> bool:
    return any(
        ring_contains(poly[0], point) and not any(ring_contains(h, point) for h in poly[1:])
        for poly in polygons
    )


def oriented(ring: Ring, counter_clockwise: bool) -> Ring:
    # RFC 7946: exterior rings counter-clockwise, holes clockwise (shapefiles do the opposite).
    is_ccw = ring_moments(ring)[0] > 0
    return ring if is_ccw == counter_clockwise else ring[::-1]


# --- Douglas-Peucker, topology-preserving -----------------------------------------------


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b (to a itself when a == b, as in closed loops)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    t = min(1.0, max(0.0, t))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def farthest(points: list[Point], first: int, last: int) -> tuple[int, float]:
    """Index and distance of the point between first and last farthest from their chord."""
    best, best_distance = first, -1.0
    for i in range(first + 1, last):
        d = segment_distance(points[i], points[first], points[last])
        if d > best_distance:
            best, best_distance = i, d
    return best, best_distance


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the endpoints and every point needed to stay within ``tolerance`` of the line."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]  # explicit stack: long borders would overflow recursion
    while stack:
        first, last = stack.pop()
        index, distance = farthest(points, first, last)
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def fixed_vertices(rings: list[Ring]) -> set[Point]:
    """Vertices every ring must keep so that shared borders simplify identically.

    A vertex is fixed where the set of rings passing through it changes (a junction of
    three units, or where a shared border meets the outer border), and at every ring start.
    Between fixed vertices, neighbouring rings (of every level) then hold the very same run
    of points, which simplifies to the same result: no gaps or overlaps between units.
    """
    owners: dict[Point, set[int]] = {}
    for index, ring in enumerate(rings):
        for point in ring[:-1]:
            owners.setdefault(point, set()).add(index)
    fixed = {ring[0] for ring in rings}
    for ring in rings:
        for before, point, after in zip(ring[-2:-1] + ring[:-2], ring[:-1], ring[1:], strict=True):
            if owners[point] != owners[before] or owners[point] != owners[after]:
                fixed.add(point)
    return fixed


def simplify_run(run: Ring, tolerance: float, cache: dict[tuple[Point, ...], Ring]) -> Ring:
    # Simplify each run in one canonical direction so that the two rings sharing it (which
    # traverse it in opposite directions) keep exactly the same points.
    forward = tuple(run)
    key = min(forward, forward[::-1])
    if key not in cache:
        cache[key] = douglas_peucker(list(key), tolerance)
    kept = cache[key]
    return kept if key == forward else kept[::-1]


def simplify_ring(
    ring: Ring, fixed: set[Point], tolerance: float, cache: dict[tuple[Point, ...], Ring]
) -> Ring:
    """Simplify a closed ring run by run between fixed vertices (ring[0] is always fixed)."""
    cuts = [i for i, point in enumerate(ring) if point in fixed]
    simplified = [ring[0]]
    for start, end in itertools.pairwise(cuts):
        simplified += simplify_run(ring[start : end + 1], tolerance, cache)[1:]
    return simplified


def rounded(ring: Ring) -> Ring:
    """Round coordinates, dropping repeated points and back-and-forth spikes (a, b, a).

    Spikes are what simplification leaves of hair-thin slivers; every ring around the
    sliver loses the same spike, so shared borders stay identical.
    """
    points: Ring = []
    for x, y in ring:
        point = (round(x, COORD_DECIMALS), round(y, COORD_DECIMALS))
        if len(points) >= 2 and points[-2] == point:
            points.pop()  # a, b, a -> a
        elif not points or points[-1] != point:
            points.append(point)
    while len(points) >= 4 and points[1] == points[-2]:  # a spike at the ring's start
        points = points[1:-1]
    return points


def simplified_polygon(
    polygon: Polygon, fixed: set[Point], tolerance: float, cache: dict[tuple[Point, ...], Ring]
) -> list[Ring]:
    rings = []
    for i, ring in enumerate(polygon):
        small = rounded(simplify_ring(ring, fixed, tolerance, cache))
        if len(small) < 4:  # collapsed (a tiny island): keep it at full detail instead
            small = rounded(ring)
        rings.append(oriented(small, counter_clockwise=i == 0))
    return rings


# --- output ---------------------------------------------------------------------------


def feature(unit: Unit, place: dict[str, Any], polygons: list[list[Ring]]) -> dict[str, Any]:
    coords = [[[list(p) for p in ring] for ring in poly] for poly in polygons]
    geometry = (
        {"type": "Polygon", "coordinates": coords[0]}
        if len(coords) == 1
        else {"type": "MultiPolygon", "coordinates": coords}
    )
    properties = {k: place[k] for k in ("pcode", "level", "name_en", "name_ar")}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def dumps_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_collection(path: Path, head: dict[str, Any], key: str, items: list[Any]) -> None:
    """JSON with one item per line: small, yet readable and diff-friendly in git."""
    header = ",\n".join(f"{json.dumps(k)}: {dumps_compact(v)}" for k, v in head.items())
    body = ",\n".join(dumps_compact(item) for item in items)
    path.write_text(f"{{\n{header},\n{json.dumps(key)}: [\n{body}\n]\n}}\n", encoding="utf-8")


def write_boundaries(
    units: dict[int, list[Unit]], places: dict[str, dict[str, Any]], tolerance: float
) -> dict[int, int]:
    """Write one GeoJSON file per level; returns the vertex count kept per level."""
    rings = [ring for level in LEVELS for u in units[level] for poly in u.polygons for ring in poly]
    fixed = fixed_vertices(rings)
    cache: dict[tuple[Point, ...], Ring] = {}
    kept: dict[int, int] = {}
    for level in LEVELS:
        features = []
        for unit in units[level]:
            polygons = [simplified_polygon(p, fixed, tolerance, cache) for p in unit.polygons]
            features.append(feature(unit, places[unit.pcode], polygons))
        kept[level] = sum(len(r) for f in features for r in rings_of(f))
        head = {"type": "FeatureCollection", "attribution": ATTRIBUTION}
        write_collection(
            DATA_DIR / f"{COUNTRY}-boundaries-adm{level}.geojson", head, "features", features
        )
    return kept


def rings_of(feature_: dict[str, Any]) -> list[Any]:
    geometry = feature_["geometry"]
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for poly in polys for ring in poly]


def write_places(places: dict[str, dict[str, Any]], country_bbox: list[float]) -> None:
    head = {
        "country": COUNTRY,
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
        "source": SOURCE_NOTE,
        "bbox": country_bbox,
    }
    ordered = sorted(places.values(), key=lambda p: (p["level"], p["pcode"]))
    write_collection(DATA_DIR / f"{COUNTRY}.json", head, "places", ordered)


def write_attribution(
    tolerance: float,
    places: dict[str, dict[str, Any]],
    counts: dict[int, int],
    kept: dict[int, int],
) -> None:
    aliases = sum(len(p["aliases"]) for p in places.values())
    levels = "\n".join(
        f"| {lvl} | {LEVEL_NAMES[lvl]} | {sum(p['level'] == lvl for p in places.values())} "
        f"| {counts[lvl]:,} | {kept[lvl]:,} |"
        for lvl in LEVELS
    )
    text = ATTRIBUTION_TEMPLATE.format(
        attribution=ATTRIBUTION,
        licence=LICENCE,
        source=SOURCE_NOTE,
        tolerance=tolerance,
        metres=round(tolerance * 111_000),
        decimals=COORD_DECIMALS,
        aliases=aliases,
        levels=levels,
    )
    (DATA_DIR / "ATTRIBUTION.md").write_text(text, encoding="utf-8")


ATTRIBUTION_TEMPLATE = """\
# Gazetteer data: source and attribution

Generated by `scripts/build_gazetteer.py`. Change the script or `SY-aliases.json` and
rebuild; do not edit the generated files by hand.

## Source

Dataset (cite exactly this wherever the boundaries, names or p-codes are shown or shipped):

> {attribution}

Produced by the United Nations Cartographic Section (UNCS) and UN OCHA; published on the
Humanitarian Data Exchange as "Syrian Arab Republic - Subnational Administrative
Boundaries" (`cod-ab-syr`).

Copy used (also recorded in `shared/data/PROVENANCE.md`):
{source}.

Licence: {licence}

## What was derived

| level | unit | places | source vertices | vertices kept |
|---|---|---|---|---|
{levels}

- `SY.json`: p-codes, parents, English (`adm*_name`) and Arabic (`adm*_name1`) names
  exactly as in COD-AB; centre points are the COD-AB label points (`syr_adminpoints`, equal
  to the `center_lat`/`center_lon` fields) rounded to 6 decimals; bounding boxes from the
  full-detail polygons, rounded outwards to {decimals} decimals.
- `SY-boundaries-adm{{0,1,2,3}}.geojson`: polygons simplified with Douglas-Peucker at a
  tolerance of {tolerance} degrees (about {metres} m), keeping every vertex where three units
  meet so that neighbouring units, and all levels, still share identical borders;
  coordinates rounded to {decimals} decimals; rings oriented as RFC 7946 requires. For maps
  only: the simplified outlines can misplace points that lie within ~{metres} m of a border.
- Aliases ({aliases} in total) are added by this project, not by OCHA: the COD-AB reference
  name (`adm*_ref_n`); the names without the "centre of" prefix (`مركز`, `Markaz`) that
  COD-AB gives the central district and sub-district of each governorate; the curated
  spellings in `SY-aliases.json`; and, for a central unit named after its parent, the
  parent's names and aliases.
"""


# --- main -----------------------------------------------------------------------------


def check_counts(units: dict[int, list[Unit]]) -> None:
    counts = {level: len(units[level]) for level in LEVELS}
    if counts != EXPECTED_COUNTS:
        raise SystemExit(f"unexpected unit counts {counts}, expected {EXPECTED_COUNTS}")


def check_parents(places: dict[str, dict[str, Any]]) -> None:
    orphans = [p["pcode"] for p in places.values() if p["parent"] and p["parent"] not in places]
    if orphans:
        raise SystemExit(f"places with unknown parents: {orphans}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args(argv)

    units = {level: read_units(args.source, level) for level in LEVELS}
    check_counts(units)
    labels = read_label_points(args.source)
    places = {u.pcode: place_of(u, labels) for level in LEVELS for u in units[level]}
    check_parents(places)
    derived = {u.pcode: derived_aliases(u) for level in LEVELS for u in units[level]}
    attach_aliases(places, derived, load_curated(DATA_DIR / f"{COUNTRY}-aliases.json", places))

    kept = write_boundaries(units, places, args.tolerance)
    write_places(places, places[COUNTRY]["bbox"])
    counts = {lvl: sum(len(r) for u in units[lvl] for p in u.polygons for r in p) for lvl in LEVELS}
    write_attribution(args.tolerance, places, counts, kept)
    for path in sorted(DATA_DIR.iterdir()):
        print(f"{path.stat().st_size:>9,}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
