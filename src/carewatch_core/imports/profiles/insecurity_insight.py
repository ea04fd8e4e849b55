"""Insecurity Insight "Attacks on Health Care" incident data (workbook, CSV or API JSON).

Columns are found by their header names, or by their HXL hashtags (row 2 of the workbook).
Insecurity Insight counts one where the number affected is not specified: that rule is
recorded with every record, so a 1 can be read as "at least one".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from carewatch_core.imports.cells import table
from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo, Step, in_steps
from carewatch_core.imports.profiles.common import (
    coordinates,
    counts_of,
    is_syria,
    place,
    precision_code,
    set_date,
    splitter,
    yes_no,
)
from carewatch_core.imports.rows import RowView

COUNTING_RULE = "one_when_unspecified"

COLUMNS = {
    "id": Column(("SiND Event ID", "SIND Event ID", "Event ID"), ("#event+id",)),
    "date": Column(("Date",), ("#date",)),
    "description": Column(("Event Description",), ("#description",)),
    "country": Column(("Country",), ("#country+name",)),
    "country_iso": Column(("Country ISO",), ("#country+iso", "#country_iso")),
    "admin1": Column(("Admin 1",), ("#adm1", "#admin1")),
    "lat": Column(("Latitude",), ("#geo+lat", "#lat")),
    "lon": Column(("Longitude",), ("#geo+lon", "#long", "#lon")),
    "precision": Column(("Geo Precision",), ("#geo+precision",)),
    "perpetrator": Column(("Reported Perpetrator",), ("#group+perp",)),
    "perpetrator_name": Column(("Reported Perpetrator Name",), ("#group+perp+name",)),
    "weapon": Column(("Weapon Carried/Used",), ("#weapons",)),
    "location": Column(("Location",), ("#loc",)),
    "facility_destroyed": Column(
        ("Number of Attacks on Health Facilities Reporting Destruction",),
        ("#indicator+health_facility+destroyed",),
    ),
    "facility_damaged": Column(
        ("Number of Attacks on Health Facilities Reporting Damaged",),
        ("#indicator+health_facility+damaged",),
    ),
    "forceful_entry": Column(
        ("Forceful Entry into Health Facility",), ("#indicator+health_facility+armed_entry",)
    ),
    "occupation": Column(
        ("Occupation of Health Facility",), ("#indicator+health_facility+occupy",)
    ),
    "transport_destroyed": Column(
        ("Health Transportation Destroyed",), ("#indicator+health_transport+destroyed",)
    ),
    "transport_damaged": Column(
        ("Health Transportation Damaged",), ("#indicator+health_transport+damaged",)
    ),
    "transport_stolen": Column(
        ("Health Transportation Stolen/Hijacked",), ("#indicator+health_transport+abducted",)
    ),
    "looting": Column(
        ("Looting/Theft/Robbery/Burglary of Health Supplies",),
        ("#indicator+health_supplies+taken",),
    ),
    "obstruction": Column(("Access Denied or Obstructed",), ("#indicator+health_obstruction",)),
    "hw_killed": Column(("Health Workers Killed",), ("#affected+healthworker+killed",)),
    "hw_injured": Column(("Health Workers Injured",), ("#affected+healthworker+injured",)),
    "hw_kidnapped": Column(("Health Workers Kidnapped",), ("#affected+healthworker+kidnapped",)),
    "hw_arrested": Column(("Health Workers Arrested",), ("#affected+healthworker+arrested",)),
    "hw_threatened": Column(("Health Workers Threatened",), ("#affected+healthworker+threatened",)),
    "hw_assaulted": Column(("Health Workers Assaulted",), ("#affected+healthworker+assaulted",)),
    "hw_sexual": Column(("Health Workers Sexually Assaulted",), ("#affected+healthworker+sgbv",)),
}

WEAPONS = table(
    {
        "Aerial Bomb: Plane": "aerial_bomb_plane",
        "Aerial Bomb: Drone": "aerial_bomb_drone",
        "Aerial Bomb: Missile": "missile",
        "Aerial Bomb: No Information on Platform Type": "unknown",
        "Aerial Bomb: Barrel Bomb": "barrel_bomb",
        "Barrel Bomb": "barrel_bomb",
        "Missile": "missile",
        "Shelling": "shelling",
        "Artillery": "shelling",
        "Mortar": "shelling",
        "Rocket": "rocket",
        "RPG": "rocket",
        "Cluster Bomb": "cluster",
        "Chemical or Hot Liquid": "chemical",
        "Chemical Weapon": "chemical",
        "Firearms": "firearms",
        "Tasers, Live and Rubber Bullets": "firearms",
        "Unspecified IED": "ied",
        "Remote-controlled IED": "ied",
        "RCIED": "ied",
        "SVIED": "ied",
        "Hand Grenade": "other",
        "Mine": "other",
        "UXO": "other",
        "VBIED": "vbied",
        "Arson": "arson",
        "Knife": "other",
        "Stones, Sticks and Gravel": "other",
        "Fist and Foot": "other",
        "Unarmed Perpetrator": None,
        "Unspecified Explosive": "other",
        "Other Weapon": "other",
        "No Information on the Weapon Used": "unknown",
        "Not Applicable: No Direct Violence": None,
    }
)

PERPETRATORS = table(
    {
        "Armed Forces of Government/Self-Declared Government": "state_forces",
        "Government/Self-Declared Government": "state_forces",
        "Foreign Forces: Military": "foreign_forces",
        "NSA": "non_state_group",
        "Police": "police_security",
        "Criminal": "criminal",
        "Patient or Family": "patient_family",
        "No Information": "unknown",
    }
)

LOCATIONS = table(
    {
        "Health Building": "health_building",
        "Road": "ambulance_road",
        "Checkpoint": "checkpoint",
        "Home": "home",
        "IDP/Refugee Camp": "idp_camp",
        "Warehouse": "warehouse",
        "No Information": None,
        "Open Space": "other",
        "Administration": "other",
        "Project Site": "other",
        "Compound/Office Building": "other",
        "Other": "other",
        "Communication": "other",
        "Public Building": "other",
        "School": "other",
        "Police Station": "other",
        "Airstrip": "other",
        "Ship/Water": "other",
    }
)

#: Insecurity Insight geo precision codes are the project's location precision codes.
PRECISION = {str(code): code for code in range(1, 8)}

# Weapons that make an attack "violence with heavy weapons" in the WHO SSA sense.
_HEAVY = frozenset(
    {
        "aerial_bomb_plane",
        "aerial_bomb_drone",
        "barrel_bomb",
        "missile",
        "shelling",
        "rocket",
        "cluster",
    }
)
_INDIVIDUAL = frozenset({"firearms", "ied", "vbied"})
_SPLIT = splitter(WEAPONS)


# The row function in steps. A step with fields reads only those cells, so the mapper runs it once
# per distinct combination of them and replays the result (dates, places, vocabularies and count
# columns repeat heavily). Steps pass what later steps need through record keys starting with "_",
# which the last step removes. Each count column is read by one step only (a flag is raised once).


def _date(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    set_date(record, extra, view.date("date", day_first=view.day_first))


def _country(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    syria = is_syria(view.text("country_iso"), view.text("country"))
    record["_syria"] = syria
    extra["country"] = view.text("country_iso") or view.text("country")
    if syria:
        place(view, record, [("admin1", None)])
    elif view.text("admin1"):
        record["place_text"] = view.text("admin1")[:200]


def _precision(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    record["_precision"] = precision_code(view, "precision", PRECISION)


def _point(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    coordinates(view, record, extra, record.pop("_syria"), record.pop("_precision"))
    record["description"] = view.text("description")


def _vocabularies(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    record["weapons"] = view.codes("weapon", WEAPONS, "weapon", _SPLIT)
    _perpetrator(view, record, extra)
    extra["location_type"] = view.code("location", LOCATIONS, "location_type")
    # An aerial bomb from an unknown platform has the weapon "unknown" but is still heavy weapons.
    aerial = "aerial bomb" in view.text("weapon").casefold()
    record["_weapon_types"] = _attack_types(
        record["weapons"], dict.fromkeys(COLUMNS, False), aerial
    )


def _perpetrator(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    extra["perpetrator"] = view.code("perpetrator", PERPETRATORS, "perpetrator")
    parts = [view.text("perpetrator"), view.text("perpetrator_name")]
    record["perpetrator_text"] = ": ".join(p for p in parts if p)[:200]


_CASUALTIES = {
    "killed_hw": "hw_killed",
    "injured_hw": "hw_injured",
    "hw_abducted": "hw_kidnapped",
    "hw_arrested": "hw_arrested",
}
# The indicator columns in groups, in the order their flags were always reported.
_GROUPS = {
    "casualties": tuple(_CASUALTIES.values()),
    "damage": (
        "facility_destroyed",
        "facility_damaged",
        "transport_destroyed",
        "transport_damaged",
        "transport_stolen",
    ),
    "harm": ("hw_threatened", "hw_assaulted", "hw_sexual"),
    "entry": ("forceful_entry", "occupation", "looting", "obstruction"),
}


_HIT_KEYS = tuple("_hit_" + group for group in _GROUPS)


def _casualties(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    record["counts"] = counts_of(view, _CASUALTIES)
    record["_hit_casualties"] = _hits(view, _GROUPS["casualties"])


def _hits(view: RowView, names: tuple[str, ...]) -> int:
    """Which of ``names`` have a positive count (or a yes), as bits in ``names``' order."""
    hits = (
        bool(yes_no(view, n)) if n == "obstruction" else bool(view.count(n).low) for n in names
    )  # unknown: no low
    return sum(1 << i for i, on in enumerate(hits) if on)


def _hit_step(group: str) -> Step:
    def hits(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
        record["_hit_" + group] = _hits(view, _GROUPS[group])

    return Step(hits, _GROUPS[group])


def _indicators(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    """Resources affected, damage and attack types from the indicator columns and the weapon."""
    pop = record.pop
    damage, resources, types = _summary(*map(pop, _HIT_KEYS))
    extra["facility_damage"] = damage
    extra["resources"] = list(resources)
    weapon_types = pop("_weapon_types")  # the weapon's types come first
    record["attack_types"] = [*weapon_types, *types] if types else list(weapon_types)


@lru_cache(maxsize=1 << 16)  # as many as there are combinations of the 16 indicator bits
def _summary(*masks: int) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(facility damage, resources, attack types other than the weapon's) from the groups' bits."""
    hit = {
        name: bool(mask >> i & 1)
        for group, mask in zip(_GROUPS.values(), masks, strict=True)
        for i, name in enumerate(group)
    }
    damage = (
        "destroyed" if hit["facility_destroyed"] else "damaged" if hit["facility_damaged"] else None
    )
    resources = [
        (
            "facility",
            hit["facility_destroyed"]
            or hit["facility_damaged"]
            or hit["forceful_entry"]
            or hit["occupation"],
        ),
        (
            "transport",
            any(hit[k] for k in ("transport_destroyed", "transport_damaged", "transport_stolen")),
        ),
        ("supplies", hit["looting"]),
        ("personnel", any(v for k, v in hit.items() if k.startswith("hw_"))),
    ]
    return damage, tuple(code for code, on in resources if on), tuple(_attack_types([], hit, False))


STEPS = (
    Step(_date, ("date",)),
    Step(_country, ("country_iso", "country", "admin1")),
    Step(_precision, ("precision",)),
    Step(_point),
    Step(_vocabularies, ("weapon", "perpetrator", "perpetrator_name", "location")),
    Step(_casualties, _GROUPS["casualties"]),
    _hit_step("damage"),
    _hit_step("harm"),
    _hit_step("entry"),
    Step(_indicators),
)
map_row = in_steps(STEPS)


def _attack_types(weapons: list[str], hit: dict[str, bool], aerial: bool) -> list[str]:
    types = [
        ("heavy_weapons", aerial or any(w in _HEAVY for w in weapons)),
        ("individual_weapons", any(w in _INDIVIDUAL for w in weapons)),
        ("chemical", "chemical" in weapons),
        ("fire", "arson" in weapons),
        ("abduction_arrest", hit["hw_kidnapped"] or hit["hw_arrested"]),
        ("armed_search", hit["forceful_entry"]),
        ("militarization", hit["occupation"]),
        ("removal_of_assets", hit["looting"] or hit["transport_stolen"]),
        ("obstruction", hit["obstruction"]),
        ("threat", hit["hw_threatened"]),
        ("assault", hit["hw_assaulted"]),
        ("sexual_assault", hit["hw_sexual"]),
    ]
    return [code for code, on in types if on]


PROFILE = Profile(
    name="insecurity_insight",
    label="Insecurity Insight – attacks on health care",
    source=SourceInfo(
        name="Insecurity Insight",
        source_type="dataset",
        reliability="B",
        url="https://insecurityinsight.org/",
        citation="Insecurity Insight. 2024. 2016-2023 Attacks on Health Care Incident Data, v. 05 January 2024.",
    ),
    columns=COLUMNS,
    map_row=map_row,
    steps=STEPS,
    required=("id", "date"),
    counting_rule=COUNTING_RULE,
    # Insecurity Insight's own exports write dates month first (its API `M/D/YY h:mm AM`). Its workbook
    # holds dates in the short-date format, which a spreadsheet program saving it as CSV writes in its
    # own locale's order (3/7/2021 or 7/3/2021 for 7 March): the file's unambiguous dates tell which
    # (Mapper.day_first); this is for a file whose dates do not. The generic HXL profile, which maps
    # rows the same way, refuses ambiguous dates unless the file's own dates settle them.
    day_first=False,
)
