"""The built-in import profiles, by name."""

from __future__ import annotations

from carewatch_core.imports.profile import Profile
from carewatch_core.imports.profiles import (
    acled,
    carewatch,
    hxl_generic,
    insecurity_insight,
    kobo,
    who_ssa,
)

PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        insecurity_insight.PROFILE,
        who_ssa.PROFILE,
        acled.PROFILE,
        hxl_generic.PROFILE,
        kobo.PROFILE,
        carewatch.PROFILE,
    )
}


def get_profile(name: str) -> Profile:
    """The built-in profile called ``name`` (``KeyError`` when there is none)."""
    return PROFILES[name]
