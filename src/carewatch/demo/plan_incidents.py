"""Generated incidents: when, where, what, the toll, who is blamed, how sure, how far reviewed."""

from __future__ import annotations

import dataclasses
import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from carewatch.demo.geography import (
    Area,
    governorate_weights,
    month_weights,
    near,
    pick,
    random_day,
)
from carewatch.demo.plan_facilities import FacilityPlan
from carewatch.demo.plan_records import (
    GENERATED_SOURCES,
    RecordPlan,
    Story,
    choose_sources,
    plan_records,
)
from carewatch.demo.texts import TARGETS, TITLE_PREFIX
from carewatch_core.counts import Count, resolve_count

ATTACKS = {
    "heavy_weapons": 64,
    "individual_weapons": 6,
    "abduction_arrest": 7,
    "threat": 5,
    "obstruction": 5,
    "armed_search": 3,
    "militarization": 2,
    "fire": 2,
    "removal_of_assets": 2,
    "chemical": 1.5,
    "assault": 1.5,
    "unknown": 2,
}
HEAVY_WEAPONS = {
    "aerial_bomb_plane": 32,
    "barrel_bomb": 14,
    "missile": 12,
    "shelling": 20,
    "rocket": 9,
    "cluster": 4,
    "aerial_bomb_drone": 3,
    "ied": 2,
    "vbied": 1,
    "unknown": 3,
}
WEAPON_OF = {
    "individual_weapons": "firearms",
    "fire": "arson",
    "chemical": "chemical",
    "unknown": "unknown",
}
LOCATION_TYPES = {
    "health_building": 35,
    "ambulance_road": 30,
    "home": 8,
    "idp_camp": 8,
    "warehouse": 4,
    "other": 5,
    "checkpoint": 3,
}
BLAME = {
    "air": {"state_forces": 60, "foreign_forces": 30, "unknown": 10},
    "ground": {"state_forces": 50, "non_state_group": 40, "unknown": 10},
    "armed": {"non_state_group": 45, "police_security": 20, "criminal": 15, "unknown": 20},
}
BLAME_GROUP = {
    "aerial_bomb_plane": "air",
    "barrel_bomb": "air",
    "missile": "air",
    "cluster": "air",
    "chemical": "air",
    "aerial_bomb_drone": "air",
    "shelling": "ground",
    "rocket": "ground",
}
STATES = {"draft": 3, "submitted": 12, "under_review": 10, "verified": 63, "rejected": 6}
REJECTIONS = (
    "Duplicate of an attack already recorded.",
    "The location could not be confirmed by a second source.",
    "Not an attack on health care: no health facility, personnel, patient or transport was involved.",
    "The source withdrew its report.",
)


@dataclass
class IncidentPlan:
    key: int
    title: str
    story: Story
    records: list[RecordPlan]
    counts: dict[str, Count]
    resources: list[str]
    facility_damage: str
    service_interruption: str
    interruption_from: datetime.date | None
    interruption_until: datetime.date | None
    location_precision: int
    place_pcode: str
    exact: tuple[float, float] | None
    state: str
    state_reason: str = ""
    submitted: bool = False
    time: datetime.time | None = None
    date_end: datetime.date | None = None
    perpetrators: list[tuple[str, str, str, str]] = field(default_factory=list)
    merged_into: int | None = None


def plan_incidents(
    rng: random.Random, areas: dict[str, list[Area]], facilities: list[FacilityPlan], count: int
) -> list[IncidentPlan]:
    """``count`` incidents in date order; a few are duplicates already merged into an earlier one."""
    months = month_weights()
    days = sorted(random_day(rng, pick(rng, months)) for _ in range(count))
    plans: list[IncidentPlan] = []
    destroyed: set[int] = set()
    for key, day in enumerate(days, start=1):
        targets = [p for p in plans[-12:] if p.state == "verified"]
        if targets and rng.random() < 0.06:
            plans.append(_duplicate(rng, key, rng.choice(targets)))
            continue
        plans.append(
            _incident(rng, key, day, areas, [f for f in facilities if f.key not in destroyed])
        )
        if plans[-1].facility_damage == "destroyed" and plans[-1].story.facility:
            destroyed.add(plans[-1].story.facility.key)
    return plans


def _incident(
    rng: random.Random,
    key: int,
    day: datetime.date,
    areas: dict[str, list[Area]],
    facilities: list[FacilityPlan],
) -> IncidentPlan:
    governorate = pick(rng, governorate_weights(day.replace(day=1)))
    story = _story(rng, key, day, governorate, areas, facilities)
    state = pick(rng, STATES)
    story.submitted = rng.random() < (
        0.7 if state in {"draft", "submitted", "under_review"} else 0.25
    )
    story.sources = choose_sources(rng, story.submitted)
    story.certainty = _certainty(rng, len(story.sources), state)
    records = plan_records(rng, story)
    plan = IncidentPlan(
        key=key,
        title=_title(story),
        story=story,
        records=records,
        counts=_resolved(records),
        resources=_resources(story),
        facility_damage=story.impacts[0],
        service_interruption=story.impacts[1],
        **_interruption(rng, day, story.impacts[1]),
        **_location(rng, story),
        state=state,
        state_reason=rng.choice(REJECTIONS) if state == "rejected" else "",
        submitted=story.submitted,
    )
    plan.time = (
        datetime.time(rng.randint(0, 23), rng.choice([0, 15, 30, 45]))
        if rng.random() < 0.4
        else None
    )
    plan.date_end = (
        day + datetime.timedelta(days=rng.randint(1, 5)) if rng.random() < 0.04 else None
    )
    plan.perpetrators = _claims(rng, story)
    return plan


def _interruption(rng: random.Random, day: datetime.date, interruption: str) -> dict[str, Any]:
    """Services stop on the day of the attack; half the time we know when they resumed."""
    if interruption not in {"full", "partial"}:
        return {"interruption_from": None, "interruption_until": None}
    until = day + datetime.timedelta(days=rng.randint(7, 90)) if rng.random() < 0.5 else None
    return {"interruption_from": day, "interruption_until": until}


def _story(
    rng: random.Random,
    key: int,
    day: datetime.date,
    governorate: str,
    areas: dict[str, list[Area]],
    facilities: list[FacilityPlan],
) -> Story:
    attack = pick(rng, ATTACKS)
    weapons = _weapons(rng, attack)
    local = [f for f in facilities if f.area.governorate == governorate]
    facility = (
        rng.choice(local)
        if local and rng.random() < 0.6 and attack not in {"obstruction"}
        else None
    )
    location_type = _location_type(rng, attack, facility)
    opener = (
        weapons[0]
        if attack in {"heavy_weapons", "individual_weapons", "fire", "chemical"}
        else attack
    )
    return Story(
        key=key,
        date=day,
        date_precision=pick(rng, {1: 70, 2: 20, 3: 10}),
        area=facility.area if facility else rng.choice(areas[governorate]),
        facility=facility,
        location_type=location_type,
        opener=opener,
        attack_types=_attack_types(rng, attack),
        weapons=weapons,
        counts=_truth_counts(rng, attack),
        impacts=_impacts(rng, attack, location_type),
        certainty="possible",
        perpetrator=pick(rng, BLAME[BLAME_GROUP.get(opener, "armed")])
        if rng.random() < 0.75
        else "",
    )


def _weapons(rng: random.Random, attack: str) -> list[str]:
    if attack == "heavy_weapons":
        first = pick(rng, HEAVY_WEAPONS)
        second = pick(rng, HEAVY_WEAPONS) if rng.random() < 0.1 else first
        return list(dict.fromkeys([first, second]))
    if attack == "abduction_arrest" and rng.random() < 0.3:
        return ["firearms"]
    return [WEAPON_OF[attack]] if attack in WEAPON_OF else []


def _attack_types(rng: random.Random, attack: str) -> list[str]:
    extra = {
        "armed_search": ("abduction_arrest", 0.4),
        "militarization": ("obstruction", 0.3),
        "heavy_weapons": ("fire", 0.03),
    }
    second, chance = extra.get(attack, ("", 0.0))
    return [attack, second] if second and rng.random() < chance else [attack]


def _location_type(rng: random.Random, attack: str, facility: FacilityPlan | None) -> str:
    if facility is not None:
        return {"warehouse": "warehouse", "ambulance_station": "ambulance_road"}.get(
            facility.facility_type, "health_building"
        )
    if attack == "obstruction":
        return rng.choice(["checkpoint", "ambulance_road"])
    return pick(rng, LOCATION_TYPES)


def _truth_counts(rng: random.Random, attack: str) -> dict[str, int]:
    """The toll, by attack type; a measure left out is unknown, never zero."""

    def maybe(chance: float, low: int, mean: float) -> int | None:
        return low + int(rng.expovariate(1 / mean)) if rng.random() < chance else None

    if attack in {"heavy_weapons", "chemical", "unknown", "fire"}:
        injured_mean = 20 if attack == "chemical" else 6
        counts = {
            "killed_others": maybe(0.55, 1, 4),
            "injured_others": maybe(0.65, 1, injured_mean),
            "killed_hw": maybe(0.22, 1, 0.8),
            "injured_hw": maybe(0.35, 1, 1.5),
            "killed_patients": maybe(0.15, 1, 1.5),
            "injured_patients": maybe(0.22, 1, 3),
        }
        if counts["killed_others"]:
            counts["killed_children"] = maybe(0.3, 1, 1)
    elif attack in {"individual_weapons", "assault"}:
        counts = {"killed_hw": maybe(0.25, 1, 0.5), "injured_hw": maybe(0.5, 1, 1)}
    elif attack in {"abduction_arrest", "armed_search"}:
        counts = {rng.choice(["hw_abducted", "hw_arrested", "hw_detained"]): maybe(0.9, 1, 1.2)}
    else:
        counts = {"killed_patients": maybe(0.15, 1, 0.3)}
    return {m: v for m, v in counts.items() if v is not None}


def _impacts(rng: random.Random, attack: str, location_type: str) -> list[str]:
    """[facility damage, service interruption] for the attack and where it happened."""
    if location_type not in {"health_building", "warehouse"}:
        return ["unknown", "unknown"]
    if attack == "militarization":
        return ["none", "full"]
    if attack not in {"heavy_weapons", "fire", "chemical", "unknown"}:
        return [
            pick(rng, {"none": 40, "unknown": 60}),
            pick(rng, {"partial": 30, "none": 30, "unknown": 40}),
        ]
    damage = pick(rng, {"destroyed": 12, "damaged": 48, "none": 10, "unknown": 30})
    interruption = {
        "destroyed": {"full": 1},
        "damaged": {"full": 40, "partial": 45, "none": 5, "unknown": 10},
    }.get(damage, {"partial": 20, "none": 50, "unknown": 30})
    return [damage, pick(rng, interruption)]


def _certainty(rng: random.Random, sources: int, state: str) -> str:
    """More sources, more certainty; rejected reports are mostly rumours."""
    if state == "rejected":
        return pick(rng, {"rumour": 60, "possible": 30, "probable": 10})
    weights = {1: (20, 40, 30, 10), 2: (5, 25, 45, 25)}.get(sources, (2, 13, 45, 40))
    return pick(
        rng, dict(zip(["rumour", "possible", "probable", "confirmed"], weights, strict=True))
    )


def _resolved(records: list[RecordPlan]) -> dict[str, Count]:
    measures = dict.fromkeys(m for r in records for m in r.counts)
    return {
        m: resolve_count(Count(*r.counts[m]) for r in records if m in r.counts) for m in measures
    }


def _resources(story: Story) -> list[str]:
    base = {
        "health_building": "facility",
        "ambulance_road": "transport",
        "warehouse": "warehouse",
        "idp_camp": "facility",
    }
    resources = [base.get(story.location_type, "personnel")]
    if any(m.endswith("_hw") or m.startswith("hw_") for m in story.counts):
        resources.append("personnel")
    if any("patients" in m for m in story.counts):
        resources.append("patients")
    if "removal_of_assets" in story.attack_types or story.location_type == "warehouse":
        resources.append("supplies")
    return list(dict.fromkeys(resources))


def _title(story: Story) -> str:
    target = story.facility.name_latin if story.facility else TARGETS[story.location_type]["en"]
    return f"{TITLE_PREFIX[story.opener]} {target}, {story.area.town_en}"


def _location(rng: random.Random, story: Story) -> dict[str, Any]:
    """Precision and place: exact points (generated) for some, district or governorate for others."""
    area = story.area
    if story.facility is not None:
        exact = rng.random() < 0.4
        return {
            "location_precision": 1 if exact else 2,
            "place_pcode": area.pcode,
            "exact": (story.facility.lat, story.facility.lon) if exact else None,
        }
    precision = pick(rng, {1: 15, 2: 40, 3: 35, 4: 10})
    pcode = {3: area.district_pcode, 4: area.governorate_pcode}.get(precision, area.pcode)
    return {
        "location_precision": precision,
        "place_pcode": pcode,
        "exact": near(rng, area) if precision == 1 else None,
    }


def _claims(rng: random.Random, story: Story) -> list[tuple[str, str, str, str]]:
    """(category, name, source name, confidence): who blamed whom; sometimes sources disagree."""
    if not story.perpetrator:
        return []
    confidence = pick(
        rng,
        {"alleged": 60, "likely": 30, "established": 10 if story.certainty == "confirmed" else 0},
    )
    claims = [
        (story.perpetrator, _group_name(story.perpetrator), story.sources[0].name, confidence)
    ]
    if len(story.sources) > 1 and rng.random() < 0.2:
        other = pick(rng, BLAME[BLAME_GROUP.get(story.opener, "armed")])
        if other != story.perpetrator:
            claims.append((other, _group_name(other), story.sources[1].name, "alleged"))
    return claims


def _group_name(category: str) -> str:
    return "Armed group (demo)" if category == "non_state_group" else ""


def _duplicate(rng: random.Random, key: int, target: IncidentPlan) -> IncidentPlan:
    """A second report of ``target`` entered as its own incident, then merged into it."""
    others = [s for s in GENERATED_SOURCES if s not in target.story.sources] or target.story.sources
    story = dataclasses.replace(
        target.story, key=key, sources=[rng.choice(others)], submitted=False
    )
    records = plan_records(rng, story)
    return IncidentPlan(
        key=key,
        title=target.title,
        story=story,
        records=records,
        counts=_resolved(records),
        resources=target.resources,
        facility_damage=target.facility_damage,
        service_interruption=target.service_interruption,
        interruption_from=target.interruption_from,
        interruption_until=None,
        location_precision=target.location_precision,
        place_pcode=target.place_pcode,
        exact=target.exact,
        state="merged",
        state_reason=f"Duplicate of generated incident #{target.key}.",
        merged_into=target.key,
    )
