"""Boundaries drawn as SVG: every district, projected inside the frame, points at unit centres only."""

from __future__ import annotations

import re

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.svgmap import classify, country_map, draw, radius


def test_every_district_is_drawn_inside_the_frame() -> None:
    drawn = country_map("SY", 2)
    assert len(drawn.shapes) == 62 == len(Gazetteer.load("SY").at_level(2))
    numbers = [float(n) for s in drawn.shapes for n in re.findall(r"-?[\d.]+", s.path)]
    assert min(numbers) >= 0 and max(numbers) <= max(drawn.width, drawn.height)
    assert drawn.view_box == f"0 0 {drawn.width:g} {drawn.height:g}"


def test_the_point_of_a_unit_is_its_gazetteer_centre() -> None:
    feature = {
        "properties": {"pcode": "X1"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[36, 35], [38, 35], [38, 37], [36, 37], [36, 35]]],
        },
    }
    drawn = draw([feature], 100, centres={"X1": (37.0, 36.0)})
    shape = drawn.shapes[0]
    assert (shape.x, shape.y) == (50.0, round(drawn.height / 2, 1))
    assert shape.path.startswith("M0,") and shape.path.endswith("Z")


def test_colour_classes_grow_with_the_square_root_and_zero_stays_apart() -> None:
    assert classify({"a": 0, "b": 1, "c": 25, "d": 100}) == {"a": 0, "b": 1, "c": 3, "d": 5}
    assert classify({"a": 0}) == {"a": 0}
    assert radius(25, 100, largest=10) == 5.0 and radius(0, 100) == 0.0
