"""Labels for statistic keys in the reader's language (the keys themselves are stable codes)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import AttackType, Certainty, PerpetratorCategory, Weapon
from carewatch.stats.choices import Dimension
from carewatch_core.geo.gazetteer import Gazetteer

VOCABULARIES: dict[str, Any] = {
    Dimension.ATTACK_TYPE: AttackType,
    Dimension.WEAPON: Weapon,
    Dimension.FACILITY_TYPE: FacilityType,
    Dimension.PERPETRATOR: PerpetratorCategory,
}


def label(by: str, key: str) -> str:
    """``SY07`` → "Idleb" / "إدلب", ``heavy_weapons`` → its translated label; periods and sources as they are."""
    vocabulary = VOCABULARIES.get(by)
    if vocabulary is not None:
        return str(dict(vocabulary.choices).get(key, key))
    if by in (Dimension.GOVERNORATE, Dimension.DISTRICT):
        return place_name(key)
    return key


def place_name(pcode: str) -> str:
    from django.utils.translation import get_language

    names = _place_names().get(pcode)
    if names is None:
        return pcode
    return names[1] if (get_language() or "").startswith("ar") and names[1] else names[0]


@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[str, str]]:

    return {p.pcode: (p.name_en, p.name_ar) for p in Gazetteer.load("SY") if p.level in (1, 2)}


def certainty_labels(codes: tuple[str, ...]) -> list[str]:
    names = dict(Certainty.choices)
    return [str(names[c]) for c in codes if c in names]
