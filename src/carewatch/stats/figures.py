"""Figures stated by sources, grouped by scope and shown side by side (never summed)."""

from __future__ import annotations

from typing import Any

from carewatch.accounts.permissions import can
from carewatch.places.selectors import public_place
from carewatch.sources.selectors import figures_for, public_figures
from carewatch_core.stats import SourceValue, side_by_side


def figures_side_by_side(user: Any) -> list[dict[str, Any]]:
    """Every visible figure in its scope (measure, population, place, period), sources next to each other."""
    staff = can(user, "figure.view")
    figures = figures_for(user) if staff else public_figures()
    named = can(user, "source.view")
    values = []
    for f in figures.order_by("measure", "population", "period_start", "id"):
        source = f.stated_by.name if named else f.stated_by.public_label
        place = (
            f.place if staff else public_place(f.place)
        )  # the public read places at the public level
        scope = (
            f.measure,
            f.population,
            place.pcode if place else "",
            f.period_start,
            f.period_end,
        )
        values.append(SourceValue(scope, source, f.quantity, f.quantity_high, f.quote))
    return [_scope(s) for s in side_by_side(values)]


def _scope(scope: Any) -> dict[str, Any]:
    measure, population, pcode, start, end = scope.key
    low, high = scope.spread
    return {
        "measure": measure,
        "population": population,
        "place": pcode or None,
        "period_start": start,
        "period_end": end,
        "sources_agree": scope.sources_agree,
        "lowest": low,
        "highest": high,
        "values": [
            {"source": v.source, "low": v.low, "high": v.high, "quote": v.note}
            for v in scope.values
        ],
    }
