"""Geometry of server-rendered bar charts (SVG): bars, axis ticks and dated annotations."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    key: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Mark:
    """A vertical line at a bucket (a named period's start), numbered from 1 (the legend names it)."""

    key: str
    label: str
    x: float
    number: int


@dataclass(frozen=True)
class BarChart:
    """Map units: ``width`` × ``height``, plot area from ``left`` and ``top`` down to ``height - bottom``."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    labels: tuple[Bar, ...]  # bars whose key is written under the axis (about 12, evenly spread)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def base(self) -> float:
        return self.height - self.bottom


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round tick values from 0 covering ``top`` (steps of 1, 2, 2.5 or 5 × a power of ten)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(1, math.ceil(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def bar_chart(
    keys: Sequence[str],
    values: Sequence[int],
    marks: Sequence[tuple[str, str]] = (),
    *,
    width: float = 900,
    height: float = 240,
    left: float = 44,
    top: float = 14,
    bottom: float = 30,
) -> BarChart:
    """Bars for ``values`` (one per key, in order), y ticks, and ``marks`` [(key, label)] on the keys given."""
    if len(keys) != len(values):
        raise ValueError("one value per key")
    ticks = nice_ticks(max(values, default=0))
    plot_h, plot_w = height - top - bottom, width - left - 8
    slot = plot_w / max(len(keys), 1)
    scale = plot_h / ticks[-1]
    bars = tuple(
        Bar(
            k,
            v,
            round(left + i * slot + slot * 0.1, 2),
            round(top + plot_h - v * scale, 2),
            round(slot * 0.8, 2),
            round(v * scale, 2),
        )
        for i, (k, v) in enumerate(zip(keys, values, strict=True))
    )
    index = {k: i for i, k in enumerate(keys)}
    shown = [(k, label) for k, label in marks if k in index]
    drawn = tuple(
        Mark(k, label, round(left + index[k] * slot + slot / 2, 2), n)
        for n, (k, label) in enumerate(shown, start=1)
    )
    every = max(1, math.ceil(len(bars) / 12))
    return BarChart(
        width,
        height,
        top,
        bottom,
        left,
        bars,
        tuple(Tick(t, round(top + plot_h - t * scale, 2)) for t in ticks),
        drawn,
        bars[::every],
    )
