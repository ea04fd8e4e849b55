"""Where and when generated incidents happen: governorate weights and a 2016–2018 timeline.

The weights follow the broad shape of the real conflict (most attacks on health care in
Idlib, Aleppo and Rural Damascus; Aleppo's siege in late 2016, Eastern Ghouta in early 2018,
Dar'a in mid-2018, the September 2017 peak the UOSSM press release speaks of) so that the
demo's statistics look like the questions people ask, not like uniform noise.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.gazetteer import Place as GazetteerPlace

T = TypeVar("T")

GOVERNORATE_WEIGHTS: dict[str, float] = {
    "Idleb": 28,
    "Aleppo": 22,
    "Rural Damascus": 15,
    "Hama": 10,
    "Homs": 6,
    "Dar'a": 6,
    "Deir-ez-Zor": 5,
    "Ar-Raqqa": 3,
    "Damascus": 2,
    "Al-Hasakeh": 1,
    "Lattakia": 1,
    "Quneitra": 1,
}

# (governorate, first month, last month, factor): the offensives that moved the map.
BOOSTS: tuple[tuple[str, str, str, float], ...] = (
    ("Aleppo", "2016-07", "2016-12", 4.0),
    ("Idleb", "2017-09", "2018-02", 2.0),
    ("Hama", "2017-09", "2017-10", 2.0),
    ("Deir-ez-Zor", "2017-09", "2017-11", 2.5),
    ("Rural Damascus", "2018-02", "2018-04", 4.0),
    ("Dar'a", "2018-06", "2018-07", 5.0),
    ("Idleb", "2018-09", "2018-09", 1.5),
)

FIRST_MONTH = datetime.date(2016, 1, 1)
MONTHS = 36

# Relative number of attacks per month; September 2017 stands out as the deadliest month.
MONTH_FACTORS: dict[str, float] = {
    "2016-07": 1.4,
    "2016-08": 1.6,
    "2016-09": 1.8,
    "2016-10": 1.6,
    "2016-11": 2.0,
    "2016-12": 1.6,
    "2017-04": 1.4,
    "2017-09": 4.5,
    "2017-10": 2.0,
    "2017-11": 1.5,
    "2017-12": 1.5,
    "2018-01": 1.6,
    "2018-02": 2.2,
    "2018-03": 2.4,
    "2018-06": 1.5,
    "2018-07": 1.3,
}


@dataclass(frozen=True)
class Area:
    """A sub-district where generated things happen, with the names sources use for it."""

    pcode: str
    district_pcode: str
    governorate_pcode: str
    governorate: str
    town_en: str
    town_ar: str
    governorate_ar: str
    lat: float
    lon: float
    spellings: tuple[str, ...]


def pick(rng: random.Random, weights: Mapping[T, float]) -> T:
    """One key of ``weights``, drawn with probability proportional to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def areas_by_governorate() -> dict[str, list[Area]]:
    """Sub-districts of the weighted governorates, from the shipped gazetteer (no database)."""
    gazetteer = Gazetteer.load("SY")
    areas: dict[str, list[Area]] = {name: [] for name in GOVERNORATE_WEIGHTS}
    for place in gazetteer.at_level(3):
        governorate = gazetteer.ancestor_at_level(place.pcode, 1)
        if governorate is not None and governorate.name_en in areas:
            areas[governorate.name_en].append(_area(place, governorate))
    return areas


def _area(place: GazetteerPlace, governorate: GazetteerPlace) -> Area:
    return Area(
        pcode=place.pcode,
        district_pcode=place.parent or place.pcode,
        governorate_pcode=governorate.pcode,
        governorate=governorate.name_en,
        town_en=place.name_en,
        town_ar=place.name_ar.removeprefix("مركز ").strip(),
        governorate_ar=governorate.name_ar,
        lat=place.lat,
        lon=place.lon,
        spellings=tuple(a for a in place.aliases if a.isascii()),
    )


def month_of(index: int) -> datetime.date:
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    return datetime.date(FIRST_MONTH.year + year, month + 1, 1)


def month_weights() -> dict[datetime.date, float]:
    return {month_of(i): MONTH_FACTORS.get(f"{month_of(i):%Y-%m}", 1.0) for i in range(MONTHS)}


def governorate_weights(month: datetime.date) -> dict[str, float]:
    """The base weights, multiplied by the offensives under way in ``month``."""
    key = f"{month:%Y-%m}"
    weights = dict(GOVERNORATE_WEIGHTS)
    for name, first, last, factor in BOOSTS:
        if first <= key <= last:
            weights[name] *= factor
    return weights


def random_day(rng: random.Random, month: datetime.date) -> datetime.date:
    following = month_of((month.year - FIRST_MONTH.year) * 12 + month.month)
    return month + datetime.timedelta(days=rng.randrange((following - month).days))


def near(rng: random.Random, area: Area, spread: float = 0.03) -> tuple[float, float]:
    """A generated point a few kilometres from the sub-district centre (never a real site)."""
    return round(area.lat + rng.uniform(-spread, spread), 5), round(
        area.lon + rng.uniform(-spread, spread), 5
    )
