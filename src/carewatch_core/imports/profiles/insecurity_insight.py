"""Insecurity Insight "Attacks on Health Care" incident data (workbook, CSV or API JSON).

Columns are found by their header names, or by their HXL hashtags (row 2 of the workbook).
Insecurity Insight counts one where the number affected is not specified: that rule is
recorded with every record, so a 1 can be read as "at least one".
"""

from __future__ import annotations

from typing import Any

from carewatch_core.imports.cells import table
from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo
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
    "facility_destroyed": Column(("Number of Attacks on Health Facilities Reporting Destruction",), ("#indicator+health_facility+destroyed",)),
    "facility_damaged": Column(("Number of Attacks on Health Facilities Reporting Damaged",), ("#indicator+health_facility+damaged",)),
    "forceful_entry": Column(("Forceful Entry into Health Facility",), ("#indicator+health_facility+armed_entry",)),
    "occupation": Column(("Occupation of Health Facility",), ("#indicator+health_facility+occupy",)),
    "transport_destroyed": Column(("Health Transportation Destroyed",), ("#indicator+health_transport+destroyed",)),
    "transport_damaged": Column(("Health Transportation Damaged",), ("#indicator+health_transport+damaged",)),
    "transport_stolen": Column(("Health Transportation Stolen/Hijacked",), ("#indicator+health_transport+abducted",)),
    "looting": Column(("Looting/Theft/Robbery/Burglary of Health Supplies",), ("#indicator+health_supplies+taken",)),
    "obstruction": Column(("Access Denied or Obstructed",), ("#indicator+health_obstruction",)),
    "hw_killed": Column(("Health Workers Killed",), ("#affected+healthworker+killed",)),
    "hw_injured": Column(("Health Workers Injured",), ("#affected+healthworker+injured",)),
    "hw_kidnapped": Column(("Health Workers Kidnapped",), ("#affected+healthworker+kidnapped",)),
    "hw_arrested": Column(("Health Workers Arrested",), ("#affected+healthworker+arrested",)),
    "hw_threatened": Column(("Health Workers Threatened",), ("#affected+healthworker+threatened",)),
    "hw_assaulted": Column(("Health Workers Assaulted",), ("#affected+healthworker+assaulted",)),
    "hw_sexual": Column(("Health Workers Sexually Assaulted",), ("#affected+healthworker+sgbv",)),
}  # fmt: skip

WEAPONS = table({
    "Aerial Bomb: Plane": "aerial_bomb_plane", "Aerial Bomb: Drone": "aerial_bomb_drone",
    "Aerial Bomb: Missile": "missile", "Aerial Bomb: No Information on Platform Type": "unknown",
    "Aerial Bomb: Barrel Bomb": "barrel_bomb", "Barrel Bomb": "barrel_bomb", "Missile": "missile",
    "Shelling": "shelling", "Artillery": "shelling", "Mortar": "shelling", "Rocket": "rocket", "RPG": "rocket",
    "Cluster Bomb": "cluster", "Chemical or Hot Liquid": "chemical", "Chemical Weapon": "chemical",
    "Firearms": "firearms", "Tasers, Live and Rubber Bullets": "firearms", "Unspecified IED": "ied",
    "Remote-controlled IED": "ied", "RCIED": "ied", "SVIED": "ied", "Hand Grenade": "other", "Mine": "other",
    "UXO": "other", "VBIED": "vbied", "Arson": "arson", "Knife": "other", "Stones, Sticks and Gravel": "other",
    "Fist and Foot": "other", "Unarmed Perpetrator": None, "Unspecified Explosive": "other",
    "Other Weapon": "other", "No Information on the Weapon Used": "unknown",
    "Not Applicable: No Direct Violence": None,
})  # fmt: skip

PERPETRATORS = table({
    "Armed Forces of Government/Self-Declared Government": "state_forces",
    "Government/Self-Declared Government": "state_forces", "Foreign Forces: Military": "foreign_forces",
    "NSA": "non_state_group", "Police": "police_security", "Criminal": "criminal",
    "Patient or Family": "patient_family", "No Information": "unknown",
})  # fmt: skip

LOCATIONS = table({
    "Health Building": "health_building", "Road": "ambulance_road", "Checkpoint": "checkpoint", "Home": "home",
    "IDP/Refugee Camp": "idp_camp", "Warehouse": "warehouse", "No Information": None, "Open Space": "other",
    "Administration": "other", "Project Site": "other", "Compound/Office Building": "other", "Other": "other",
    "Communication": "other", "Public Building": "other", "School": "other", "Police Station": "other",
    "Airstrip": "other", "Ship/Water": "other",
})  # fmt: skip

#: Insecurity Insight geo precision codes are the project's location precision codes.
PRECISION = {str(code): code for code in range(1, 8)}

# Weapons that make an attack "violence with heavy weapons" in the WHO SSA sense.
_HEAVY = frozenset({"aerial_bomb_plane", "aerial_bomb_drone", "barrel_bomb", "missile", "shelling", "rocket", "cluster"})
_INDIVIDUAL = frozenset({"firearms", "ied", "vbied"})
_SPLIT = splitter(WEAPONS)


def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    set_date(record, extra, view.date("date", day_first=None))
    syria = is_syria(view.text("country_iso"), view.text("country"))
    extra["country"] = view.text("country_iso") or view.text("country")
    if syria:
        place(view, record, [("admin1", None)])
    elif view.text("admin1"):
        record["place_text"] = view.text("admin1")[:200]
    coordinates(view, record, extra, syria, precision_code(view, "precision", PRECISION))
    record["description"] = view.text("description")
    record["weapons"] = view.codes("weapon", WEAPONS, "weapon", _SPLIT)
    _perpetrator(view, record, extra)
    extra["location_type"] = view.code("location", LOCATIONS, "location_type")
    record["counts"] = counts_of(view, {"killed_hw": "hw_killed", "injured_hw": "hw_injured",
                                        "hw_abducted": "hw_kidnapped", "hw_arrested": "hw_arrested"})  # fmt: skip
    _indicators(view, record, extra)


def _perpetrator(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    extra["perpetrator"] = view.code("perpetrator", PERPETRATORS, "perpetrator")
    parts = [view.text("perpetrator"), view.text("perpetrator_name")]
    record["perpetrator_text"] = ": ".join(p for p in parts if p)[:200]


def _positive(view: RowView, name: str) -> bool:
    return bool(view.count(name).low)  # an unknown count has no lower bound


_HIT_COLUMNS = tuple(name for name in COLUMNS if name.startswith(("facility_", "transport_", "hw_")))


def _indicators(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    """Resources affected, damage and attack types from the indicator columns and the weapon."""
    hit = {name: bool(view.count(name).low) for name in _HIT_COLUMNS}
    hit.update(forceful_entry=_positive(view, "forceful_entry"), occupation=_positive(view, "occupation"),
               looting=_positive(view, "looting"), obstruction=bool(yes_no(view, "obstruction")))  # fmt: skip
    extra["facility_damage"] = "destroyed" if hit["facility_destroyed"] else "damaged" if hit["facility_damaged"] else None
    resources = [("facility", hit["facility_destroyed"] or hit["facility_damaged"] or hit["forceful_entry"] or hit["occupation"]),
                 ("transport", any(hit[k] for k in ("transport_destroyed", "transport_damaged", "transport_stolen"))),
                 ("supplies", hit["looting"]), ("personnel", any(v for k, v in hit.items() if k.startswith("hw_")))]  # fmt: skip
    extra["resources"] = [code for code, on in resources if on]
    # An aerial bomb from an unknown platform has the weapon "unknown" but is still heavy weapons.
    aerial = "aerial bomb" in view.text("weapon").casefold()
    record["attack_types"] = _attack_types(record["weapons"], hit, aerial)


def _attack_types(weapons: list[str], hit: dict[str, bool], aerial: bool) -> list[str]:
    types = [
        ("heavy_weapons", aerial or any(w in _HEAVY for w in weapons)), ("individual_weapons", any(w in _INDIVIDUAL for w in weapons)),
        ("chemical", "chemical" in weapons), ("fire", "arson" in weapons),
        ("abduction_arrest", hit["hw_kidnapped"] or hit["hw_arrested"]), ("armed_search", hit["forceful_entry"]),
        ("militarization", hit["occupation"]), ("removal_of_assets", hit["looting"] or hit["transport_stolen"]),
        ("obstruction", hit["obstruction"]), ("threat", hit["hw_threatened"]), ("assault", hit["hw_assaulted"]),
        ("sexual_assault", hit["hw_sexual"]),
    ]  # fmt: skip
    return [code for code, on in types if on]


PROFILE = Profile(
    name="insecurity_insight",
    label="Insecurity Insight – attacks on health care",
    source=SourceInfo(
        name="Insecurity Insight", source_type="dataset", reliability="B",
        url="https://insecurityinsight.org/",
        citation="Insecurity Insight. 2024. 2016-2023 Attacks on Health Care Incident Data, v. 05 January 2024.",
    ),
    columns=COLUMNS,
    map_row=map_row,
    required=("id", "date"),
    counting_rule=COUNTING_RULE,
)
