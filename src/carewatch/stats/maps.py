"""Shaded maps of counts by area (the dashboard's, a bulletin's): each area of the gazetteer's
own boundaries coloured by its count, with a circle at its centre (never at an attack's place),
and a legend of the colour classes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from carewatch.stats.labels import place_name
from carewatch_core.geo.svgmap import classify, country_map, radius


@dataclass
class Area:
    pcode: str
    name: str
    count: int
    level: int  # colour class, 0 = none
    path: str
    x: float
    y: float
    r: float


def shaded(values: dict[str, int], level: int) -> dict[str, Any]:
    """The areas of one administrative ``level`` shaded by ``values`` (p-code -> count)."""
    drawn = country_map("SY", level)
    classes = classify({s.pcode: values.get(s.pcode, 0) for s in drawn.shapes})
    top = max(values.values(), default=0)
    areas = [
        Area(
            s.pcode,
            place_name(s.pcode),
            values.get(s.pcode, 0),
            classes[s.pcode],
            s.path,
            s.x,
            s.y,
            radius(values.get(s.pcode, 0), top),
        )
        for s in drawn.shapes
    ]
    return {"map": drawn, "areas": areas, "legend": legend(top), "level": level}


def legend(top: int, classes: int = 5) -> list[tuple[int, str]]:
    """The colour classes of ``classify`` as count ranges (square-root steps)."""
    if top <= 0:
        return []
    out, previous = [], 0
    for level in range(1, classes + 1):
        upper = math.floor((level / classes) ** 2 * top)
        if upper > previous:
            out.append((level, f"{previous + 1}–{upper}" if upper > previous + 1 else str(upper)))
            previous = upper
    return out
