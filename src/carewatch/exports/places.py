"""Public locations: an incident's or a person's place generalised to the public level (S2)."""

from __future__ import annotations

from typing import Any

from carewatch.exports.fields import Context
from carewatch.places.choices import AdminLevel, LocationPrecision

# The Insecurity Insight precision code of a point at each administrative level.
PRECISION_OF_LEVEL = {
    AdminLevel.COUNTRY: LocationPrecision.COUNTRY,
    AdminLevel.GOVERNORATE: LocationPrecision.GOVERNORATE,
    AdminLevel.DISTRICT: LocationPrecision.DISTRICT,
}


def generalised(place: Any, ctx: Context) -> Any:
    """``place`` (or its ancestor) at the public level; the place itself when it is already coarser;
    ``None`` at country level or without a place. Never a sub-district, never a point."""
    if place is None or ctx.public_level == 0:
        return None
    node = place
    while node is not None and node.level > ctx.public_level:
        node = node.parent
    return node if node is not None and node.level >= AdminLevel.GOVERNORATE else None


def incident_public_place(incident: Any, ctx: Context) -> Any:
    """The incident's public place from its stored governorate and district (no query per row)."""
    if ctx.public_level >= AdminLevel.DISTRICT and incident.district is not None:
        return incident.district
    return incident.governorate if ctx.public_level >= AdminLevel.GOVERNORATE else None


def precision(place: Any) -> int:
    return int(PRECISION_OF_LEVEL[place.level if place is not None else AdminLevel.COUNTRY])


def at_level(place: Any, level: int) -> Any:
    """The unit of ``place`` at ``level`` (``None`` when ``place`` is coarser)."""
    return place.ancestor_at(level) if place is not None else None
