"""WHO Surveillance System for Attacks on Health Care (SSA) dashboard export (CSV).

Dates are US style (``2/8/24 12:00 AM``). The export is global: every row is imported, and
rows of the Syrian Arab Republic are placed in Syria's gazetteer (country level: the export
gives no finer place). Totals of deaths and injuries are not split by group, so they are kept
as totals beside the record's counts, never guessed into a group.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from carewatch_core.imports.cells import key, table
from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo
from carewatch_core.imports.profiles.common import (
    counts_of,
    is_syria,
    set_date,
    split_capitalised,
    yes_no,
)
from carewatch_core.imports.rows import RowView

COLUMNS = {
    "id": Column(("Attack ID",), ("#event+id",)),
    "date": Column(("Attack Date",), ("#date",)),
    "time": Column(("Attack Time",)),
    "country": Column(("Country / Territory", "Country"), ("#country+name",)),
    "certainty": Column(("Certainty Level",)),
    "attack_type": Column(("Attack Type",)),
    "injured": Column(("Total Injured",)),
    "killed": Column(("Total Death", "Total Deaths")),
    "res_facility": Column(("HC Facilities",)),
    "res_transport": Column(("HC Transport",)),
    "res_personnel": Column(("HC Personnel",)),
    "res_supplies": Column(("HC Supplies Assets",)),
    "res_warehouse": Column(("HC Warehouse Storage",)),
    "res_patients": Column(("HC Patients",)),
    "res_other": Column(("HC Other",)),
    "facility_type": Column(("Type of Facility",)),
    "facility_other": Column(("Facility Other",)),
    "hw_abducted": Column(("HW Abduction",)),
    "hw_arrested": Column(("HW Arrest",)),
    "hw_detained": Column(("HW Detention",)),
    "patients_abducted": Column(("Patient Abduction",)),
    "patients_arrested": Column(("Patient Arrest",)),
    "patients_detained": Column(("Patient Detention",)),
}

# Matched on the label before its explanation in brackets ("Obstruction to health care delivery (e.g. …)").
ATTACK_TYPES = table(
    {
        "Violence with heavy weapons": "heavy_weapons",
        "Violence with individual weapons": "individual_weapons",
        "Psychological violence/threat of violence/intimidation": "threat",
        "Obstruction to health care delivery": "obstruction",
        "Removal of health care assets": "removal_of_assets",
        "Abduction/Arrest/Detention of health personnel or patients": "abduction_arrest",
        "Armed or violent search of health care personnel, facility or transport": "armed_search",
        "Armed or violent search": "armed_search",
        "Assault": "assault",
        "Militarization of health care asset": "militarization",
        "Militarization of health care assets": "militarization",
        "Militarization of a health care asset": "militarization",
        "Setting fire": "fire",
        "Criminalization of health care": "criminalization",
        "Chemical agent": "chemical",
        "Sexual assault": "sexual_assault",
        "Other": "other",
        "Unknown": "unknown",
    }
)

CERTAINTY = table(
    {
        "Confirmed": "confirmed",
        "Probable": "probable",
        "Possible": "possible",
        "Rumour": "rumour",
        "Rumor": "rumour",
    }
)

FACILITY_TYPES = table(
    {
        "Primary": "primary",
        "Secondary": "secondary",
        "Tertiary": "tertiary",
        "Mobile Clinic": "mobile_clinic",
        "Pharmacy": "pharmacy",
        "Warehouse": "warehouse",
        "Ambulance station": "ambulance_station",
        "Other": "other",
    }
)

RESOURCES = {
    "res_facility": "facility",
    "res_transport": "transport",
    "res_personnel": "personnel",
    "res_supplies": "supplies",
    "res_warehouse": "warehouse",
    "res_patients": "patients",
    "res_other": "other",
}
_BRACKET = re.compile(r"\s*\(.*$", re.DOTALL)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _label(part: str) -> str:
    return key(_BRACKET.sub("", part))


def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    set_date(record, extra, view.date("date", day_first=view.day_first))
    _time(view, extra)
    country = view.text("country")
    extra["country"] = country
    record["place_text"] = country[:200]
    if is_syria(country):
        record["place_pcode"], record["place_confidence"] = "SY", 1.0
        extra["location_precision"] = 6  # country
    record["certainty"] = view.code("certainty", CERTAINTY, "certainty") or ""
    record["attack_types"] = view.codes(
        "attack_type",
        ATTACK_TYPES,
        "attack_type",
        lambda t: [_label(p) for p in split_capitalised(t)],
    )
    record["counts"] = counts_of(
        view,
        {"hw_abducted": "hw_abducted", "hw_arrested": "hw_arrested", "hw_detained": "hw_detained"},
    )
    extra["totals"] = counts_of(
        view,
        {
            "killed": "killed",
            "injured": "injured",
            "patients_abducted": "patients_abducted",
            "patients_arrested": "patients_arrested",
            "patients_detained": "patients_detained",
        },
    )
    extra["resources"] = [code for name, code in RESOURCES.items() if _affected(view, name)]
    extra["facility_type"] = view.code("facility_type", FACILITY_TYPES, "facility_type")
    record["facility_text"] = view.text("facility_other")[:200]


def _affected(view: RowView, name: str) -> bool:
    """YES/NO columns; "HC Other" may instead say what else was affected (that counts as yes)."""
    if name == "res_other" and key(view.text(name)) not in {"", "yes", "no", "unknown"}:
        return True
    return bool(yes_no(view, name))


def _time(view: RowView, extra: dict[str, Any]) -> None:
    """An exact time like ``11:00``; ranges (``12:00-18:00``) and "Time Unknown" stay in the values."""
    match = _CLOCK.fullmatch(view.text("time"))
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        extra["time"] = datetime.time(int(match.group(1)), int(match.group(2))).isoformat()


PROFILE = Profile(
    name="who_ssa",
    label="WHO Surveillance System for Attacks on Health Care (SSA)",
    source=SourceInfo(
        name="WHO Surveillance System for Attacks on Health Care",
        source_type="un_agency",
        reliability="B",
        url="https://extranet.who.int/ssa/",
        citation="WHO Surveillance System for Attacks on Health Care",
    ),
    columns=COLUMNS,
    map_row=map_row,
    required=("id", "date"),
    day_first=False,
)
