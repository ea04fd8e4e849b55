"""Generated facilities (Arabic and Latin names, aliases, code names) and their status timelines."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from carewatch.demo.geography import GOVERNORATE_WEIGHTS, Area, near, pick
from carewatch.demo.namebank import CODE_LETTERS, FACILITY_WORDS

# kind → (weight, facility type, subtype, Arabic template, English template, beds range)
KINDS: dict[str, tuple[float, str, str, str, str, tuple[int, int] | None]] = {
    "hospital": (22, "secondary", "", "مستشفى {word}", "{word} Hospital", (20, 120)),
    "surgical": (8, "secondary", "", "مستشفى {town} الجراحي", "{town} Surgical Hospital", (15, 60)),
    "field": (
        10,
        "secondary",
        "field_hospital",
        "مستشفى {town} الميداني",
        "{town} Field Hospital",
        (8, 40),
    ),
    "cave": (
        3,
        "secondary",
        "underground",
        "مستشفى الكهف في {town}",
        "{town} Cave Hospital",
        (10, 30),
    ),
    "central": (4, "tertiary", "", "مستشفى {town} الوطني", "{town} National Hospital", (80, 250)),
    "maternity": (
        6,
        "secondary",
        "maternity",
        "مشفى {word} للنسائية والأطفال",
        "{word} Women and Children's Hospital",
        (10, 50),
    ),
    "centre": (20, "primary", "", "مركز {town} الصحي", "{town} Health Centre", None),
    "dispensary": (8, "primary", "", "مستوصف {word}", "{word} Dispensary", None),
    "dialysis": (3, "other", "dialysis", "مركز {word} لغسيل الكلى", "{word} Dialysis Centre", None),
    "blood_bank": (2, "other", "blood_bank", "بنك الدم في {town}", "{town} Blood Bank", None),
    "ambulance": (
        7,
        "ambulance_station",
        "",
        "مركز إسعاف {town}",
        "{town} Ambulance Station",
        None,
    ),
    "warehouse": (3, "warehouse", "", "مستودع {town} الطبي", "{town} Medical Warehouse", None),
    "pharmacy": (3, "pharmacy", "", "صيدلية {word}", "{word} Pharmacy", None),
    "mobile": (3, "mobile_clinic", "", "العيادة المتنقلة {n}", "Mobile Clinic {n}", None),
}


@dataclass
class FacilityPlan:
    key: int
    area: Area
    name_ar: str
    name_latin: str
    facility_type: str
    subtype: str
    beds: int | None
    lat: float
    lon: float
    aliases: list[tuple[str, str]] = field(default_factory=list)
    opened: datetime.date = datetime.date(2016, 1, 1)


@dataclass
class StatusPlan:
    facility_key: int
    status: str
    date: datetime.date
    cause: str = ""
    incident_key: int | None = None
    note: str = ""


def plan_facilities(
    rng: random.Random, areas: dict[str, list[Area]], count: int
) -> list[FacilityPlan]:
    """``count`` facilities spread over the governorates like the attacks (unique Latin names)."""
    facilities: list[FacilityPlan] = []
    names: set[str] = set()
    while len(facilities) < count:
        area = rng.choice(areas[pick(rng, GOVERNORATE_WEIGHTS)])
        plan = _facility(rng, len(facilities) + 1, area)
        if plan.name_latin not in names:
            names.add(plan.name_latin)
            facilities.append(plan)
    return facilities


def _facility(rng: random.Random, key: int, area: Area) -> FacilityPlan:
    kind = pick(rng, {k: v[0] for k, v in KINDS.items()})
    _, facility_type, subtype, template_ar, template_en, beds = KINDS[kind]
    word_ar, word_en = rng.choice(FACILITY_WORDS)
    fill = {"word": word_ar, "town": area.town_ar, "n": key}
    name_ar = template_ar.format(**fill)
    name_latin = template_en.format(**(fill | {"word": word_en, "town": area.town_en}))
    lat, lon = near(rng, area)
    plan = FacilityPlan(
        key=key,
        area=area,
        name_ar=name_ar,
        name_latin=name_latin,
        facility_type=facility_type,
        subtype=subtype,
        beds=rng.randint(*beds) if beds else None,
        lat=lat,
        lon=lon,
        opened=datetime.date(2016, 1, 1)
        if rng.random() < 0.85
        else datetime.date(2016, rng.randint(2, 12), 1),
    )
    plan.aliases = _aliases(rng, plan, word_en)
    return plan


def _aliases(rng: random.Random, plan: FacilityPlan, word_en: str) -> list[tuple[str, str]]:
    """Other spellings sources use: "Al Amal" for "Al-Amal", مشفى for مستشفى, field code names."""
    aliases: list[tuple[str, str]] = []
    if "-" in plan.name_latin and rng.random() < 0.7:
        aliases.append((plan.name_latin.replace("-", " "), "spelling"))
    if plan.name_ar.startswith("مستشفى") and rng.random() < 0.6:
        aliases.append((plan.name_ar.replace("مستشفى", "مشفى", 1), "spelling"))
    if plan.subtype in {"field_hospital", "underground"} or rng.random() < 0.08:
        aliases.append((f"{rng.choice(CODE_LETTERS)}{rng.randint(1, 19)}", "code_name"))
    if rng.random() < 0.15:
        aliases.append((f"{word_en} ({plan.area.town_en})", "alias"))
    return list(dict(aliases).items())


def plan_statuses(
    rng: random.Random,
    facilities: list[FacilityPlan],
    hits: list[tuple[int, int, datetime.date, str, str]],
) -> list[StatusPlan]:
    """Each facility's timeline: functional from opening, then every attack and recovery.

    ``hits`` are (facility key, incident key, date, damage, interruption) in date order.
    """
    statuses = [
        StatusPlan(f.key, "functional", f.opened, note="Opening status (generated).")
        for f in facilities
    ]
    destroyed: set[int] = set()
    for facility_key, incident_key, day, damage, interruption in hits:
        if facility_key in destroyed:
            continue
        statuses += _after_attack(rng, facility_key, incident_key, day, damage, interruption)
        if damage == "destroyed":
            destroyed.add(facility_key)
    statuses += _other_closures(rng, facilities, destroyed)
    return sorted(statuses, key=lambda s: (s.facility_key, s.date))


def _after_attack(
    rng: random.Random,
    facility_key: int,
    incident_key: int,
    day: datetime.date,
    damage: str,
    interruption: str,
) -> list[StatusPlan]:
    if damage != "destroyed" and interruption not in {"full", "partial"}:
        return []
    status = "partial" if interruption == "partial" and damage != "destroyed" else "non_functional"
    entries = [StatusPlan(facility_key, status, day, "attacked", incident_key)]
    if damage != "destroyed":
        back = day + datetime.timedelta(days=rng.randint(10, 120))
        entries.append(
            StatusPlan(facility_key, "functional", back, note="Services resumed (generated).")
        )
    return entries


def _other_closures(
    rng: random.Random, facilities: list[FacilityPlan], destroyed: set[int]
) -> list[StatusPlan]:
    """A few closures for other reasons: supplies, staff, access."""
    entries = []
    for facility in facilities:
        if facility.key in destroyed or rng.random() > 0.12:
            continue
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(60, 1000))
        cause = rng.choice(["lack_of_supplies", "lack_of_staff", "access"])
        entries.append(StatusPlan(facility.key, "partial", day, cause))
        entries.append(
            StatusPlan(
                facility.key, "functional", day + datetime.timedelta(days=rng.randint(14, 60))
            )
        )
    return entries
