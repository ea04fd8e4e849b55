"""Streaming GeoJSON (RFC 7946): a FeatureCollection of points, one feature per row."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

from carewatch_core.exports.columns import Column


def _json_value(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def feature(
    columns: Sequence[Column], row: Mapping[str, object], lat: str, lon: str
) -> dict[str, object]:
    """One feature: a point at (``row[lon]``, ``row[lat]``) or no geometry; the other columns as properties."""
    y, x = row.get(lat), row.get(lon)
    geometry = (
        {"type": "Point", "coordinates": [x, y]}
        if isinstance(x, int | float) and isinstance(y, int | float)
        else None
    )
    properties = {c.name: _json_value(row.get(c.name)) for c in columns if c.name not in (lat, lon)}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def geojson_chunks(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    *,
    lat: str = "lat",
    lon: str = "lon",
    members: Mapping[str, object] | None = None,
    batch: int = 500,
) -> Iterator[bytes]:
    """The FeatureCollection as UTF-8 chunks of ``batch`` features; ``members`` are added at the top
    level (RFC 7946 §6.1 "foreign members", e.g. the licence and citation)."""
    head = {"type": "FeatureCollection", **(members or {})}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    parts: list[str] = [opening]
    first = True
    for row in rows:
        parts.append(
            ("" if first else ",\n")
            + json.dumps(feature(columns, row, lat, lon), ensure_ascii=False)
        )
        first = False
        if len(parts) >= batch:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("]}\n")
    yield "".join(parts).encode("utf-8")
