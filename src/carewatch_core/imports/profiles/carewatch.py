"""CareWatch's own incident exports (open data or a staff export; CSV, HXL CSV or XLSX).

Another organisation running CareWatch — or this one, restoring or comparing — can take a
published file back in: columns are found by their header or their HXL hashtag, values are
already the project's codes (lists separated by ``;``), places are p-codes (the most precise
given: place, district, governorate), counts are ``low``/``low_max`` pairs with blank for
unknown. The incident ``reference`` identifies each row, so importing a newer export adds only
new incidents and records changed ones as new records.
"""

from __future__ import annotations

from typing import Any

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.imports import errors as E
from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo
from carewatch_core.imports.profiles import kobo
from carewatch_core.imports.profiles.common import known_codes, set_date
from carewatch_core.imports.rows import RowView

MEASURES = {
    "killed_hw": "+healthworker+killed",
    "killed_patients": "+patient+killed",
    "killed_others": "+other+killed",
    "injured_hw": "+healthworker+injured",
    "injured_patients": "+patient+injured",
    "injured_others": "+other+injured",
    "killed_children": "+children+killed",
    "injured_children": "+children+injured",
    "hw_abducted": "+healthworker+kidnapped",
    "hw_arrested": "+healthworker+arrested",
    "hw_detained": "+healthworker+detained",
}
CERTAINTY = frozenset({"rumour", "possible", "probable", "confirmed"})
LOCATION_TYPES = frozenset(
    {"health_building", "ambulance_road", "checkpoint", "home", "idp_camp", "warehouse", "other"}
)

COLUMNS = {
    "id": Column(("reference",), ("#event+id",)),
    "date": Column(("date_start",), ("#date+start",)),
    "date_precision": Column(("date_precision",), ("#date+precision",)),
    "adm1": Column(("adm1_code",), ("#adm1+code",)),
    "adm2": Column(("adm2_code",), ("#adm2+code",)),
    "place": Column(("place_code",), ("#loc+code",)),
    "place_en": Column(("place_name_en",), ("#loc+name+i_en",)),
    "attack_types": Column(("attack_types",), ("#event+type",)),
    "weapons": Column(("weapons",), ("#event+weapon",)),
    "certainty": Column(("certainty",), ("#status+certainty",)),
    "location_type": Column(("location_type",), ("#loc+type",)),
    "title": Column(("title",), ("#description+title",)),
    "narrative": Column(("narrative",), ("#description",)),
    "facilities": Column(("facilities",), ("#loc+name+facility",)),
    **{m: Column((m,), ("#affected" + tag,)) for m, tag in MEASURES.items()},
    **{
        m + "_max": Column((m + "_max",), ("#affected" + tag + "+max",))
        for m, tag in MEASURES.items()
    },
}


def _list(view: RowView, name: str, known: frozenset[str], kind: str) -> list[str]:
    return known_codes(view, name, view.text(name).split(";"), known, kind)


def _one(view: RowView, name: str, known: frozenset[str], kind: str) -> str:
    found = _list(view, name, known, kind)
    return found[0] if found else ""


def _place(view: RowView, record: dict[str, Any]) -> None:
    """The most precise p-code the file gives (staff exports have the place; open data stops at
    the public level)."""
    gazetteer = Gazetteer.load("SY")
    for name in ("place", "adm2", "adm1"):
        pcode = view.text(name).strip()
        if not pcode:
            continue
        if pcode in gazetteer:
            record["place_pcode"], record["place_confidence"] = pcode, 1.0
            record["place_text"] = (view.text("place_en") if name == "place" else "") or gazetteer[
                pcode
            ].name_en
            return
        view.flag(name, E.UNKNOWN_PLACE)


def _counts(view: RowView) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {}
    for measure in MEASURES:
        low = view.count(measure)
        if not low.known:
            continue
        high = view.count(measure + "_max") if view.has(measure + "_max") else None
        out[measure] = [
            low.low,
            high.low if high is not None and high.known and high.low != low.low else None,
        ]
    return out


def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    precision = view.text("date_precision").strip()
    set_date(
        record,
        extra,
        view.date("date", day_first=view.day_first),
        int(precision) if precision in {"1", "2", "3"} else None,
    )
    _place(view, record)
    record["attack_types"] = _list(view, "attack_types", kobo.ATTACK_TYPES, "attack_type")
    record["weapons"] = _list(view, "weapons", kobo.WEAPONS, "weapon")
    record["counts"] = _counts(view)
    record["certainty"] = _one(view, "certainty", CERTAINTY, "certainty")
    record["description"] = view.text("narrative")
    record["facility_text"] = view.text("facilities")[:200]
    location_type = _one(view, "location_type", LOCATION_TYPES, "location_type")
    if location_type:
        extra["location_type"] = location_type
    if view.text("title"):
        extra["title"] = view.text("title")[:300]


PROFILE = Profile(
    name="carewatch",
    label="CareWatch incident export (open data or staff export)",
    source=SourceInfo(
        name="CareWatch export",
        source_type="dataset",
        reliability="F",
        url="",
        citation="CareWatch incident data",
    ),
    columns=COLUMNS,
    map_row=map_row,
    required=("id", "date"),
    day_first=False,
)
