"""ACLED event exports (columns, ``time_precision`` and ``geo_precision`` per the ACLED codebook).

ACLED's ``time_precision`` (1 day, 2 week, 3 month) is the project's date precision. Its
``geo_precision`` is mapped to location precision: 1 (the town named; its coordinates) →
within 25 km, 2 (a part of a region, near a town) → district, 3 (only the region; its
capital's coordinates) → governorate. ``fatalities`` is a total over everyone, so it is kept
as a total, not put into a group's count.
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
)
from carewatch_core.imports.rows import RowView

COLUMNS = {
    "id": Column(("event_id_cnty",), ("#event+code", "#event+id")),
    "date": Column(("event_date",), ("#date+occurred", "#date")),
    "time_precision": Column(("time_precision",)),
    "event_type": Column(("event_type",), ("#event+type",)),
    "sub_event_type": Column(("sub_event_type",)),
    "actor1": Column(("actor1",), ("#group+name+first",)),
    "inter1": Column(("inter1",)),
    "country": Column(("country",), ("#country+name",)),
    "iso": Column(("iso",), ("#country+code",)),
    "admin1": Column(("admin1",), ("#adm1+name",)),
    "admin2": Column(("admin2",), ("#adm2+name",)),
    "admin3": Column(("admin3",), ("#adm3+name",)),
    "location": Column(("location",), ("#loc+name",)),
    "lat": Column(("latitude",), ("#geo+lat",)),
    "lon": Column(("longitude",), ("#geo+lon",)),
    "geo_precision": Column(("geo_precision",), ("#geo+precision",)),
    "notes": Column(("notes",), ("#description",)),
    "fatalities": Column(("fatalities",), ("#affected+killed",)),
}

GEO_PRECISION = {"1": 2, "2": 3, "3": 4}
TIME_PRECISION = {"1": 1, "2": 2, "3": 3}

# sub_event_type → (attack type, weapon or None)
SUB_EVENTS: dict[str, tuple[str, str | None]] = {
    "air/drone strike": ("heavy_weapons", None),
    "shelling/artillery/missile attack": ("heavy_weapons", "shelling"),
    "remote explosive/landmine/ied": ("individual_weapons", "ied"),
    "suicide bomb": ("individual_weapons", "ied"),
    "grenade": ("individual_weapons", "other"),
    "chemical weapon": ("chemical", "chemical"),
    "armed clash": ("individual_weapons", "firearms"),
    "attack": ("other", None),
    "abduction/forced disappearance": ("abduction_arrest", None),
    "arrests": ("abduction_arrest", None),
    "sexual violence": ("sexual_assault", None),
    "looting/property destruction": ("removal_of_assets", None),
    "mob violence": ("assault", None),
    "violent demonstration": ("other", None),
    "excessive force against protesters": ("other", None),
    "protest with intervention": ("other", None),
    "peaceful protest": ("other", None),
    "government regains territory": ("other", None),
    "non-state actor overtakes territory": ("other", None),
    "non-violent transfer of territory": ("other", None),
    "headquarters or base established": ("militarization", None),
    "disrupted weapons use": ("other", None),
    "agreement": ("other", None),
    "change to group/activity": ("other", None),
    "other": ("other", None),
}
_SUB_EVENT_TABLE = table({k: k for k in SUB_EVENTS})

# inter1: the codebook's numeric codes (before 2024) and the text labels used since.
INTERACTIONS = table(
    {
        "1": "state_forces",
        "State forces": "state_forces",
        "2": "non_state_group",
        "Rebel group": "non_state_group",
        "3": "non_state_group",
        "Political militia": "non_state_group",
        "4": "non_state_group",
        "Identity militia": "non_state_group",
        "8": "foreign_forces",
        "External/Other forces": "foreign_forces",
        "0": None,
    }
)


def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    precision = (
        precision_code(view, "time_precision", TIME_PRECISION)
        if view.text("time_precision")
        else None
    )
    set_date(record, extra, view.date("date", day_first=view.day_first), precision)
    syria = is_syria(view.text("country"), view.text("iso"))
    extra["country"] = view.text("country")
    if syria:
        place(view, record, [("admin3", 3), ("admin2", 2), ("admin1", 1)])
    record["place_text"] = (view.text("location") or record.get("place_text", ""))[:200]
    coordinates(view, record, extra, syria, precision_code(view, "geo_precision", GEO_PRECISION))
    sub_event = view.code("sub_event_type", _SUB_EVENT_TABLE, "acled_sub_event")
    attack, weapon = SUB_EVENTS.get(sub_event or "", (None, None))
    record["attack_types"] = [attack] if attack else []
    record["weapons"] = [weapon] if weapon else []
    extra["perpetrator"] = view.code("inter1", INTERACTIONS, "perpetrator")
    record["perpetrator_text"] = view.text("actor1")[:200]
    record["description"] = view.text("notes")
    extra["totals"] = counts_of(view, {"killed": "fatalities"})


PROFILE = Profile(
    name="acled",
    label="ACLED event export",
    source=SourceInfo(
        name="ACLED",
        source_type="dataset",
        reliability="B",
        url="https://acleddata.com/",
        citation="Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com",
    ),
    columns=COLUMNS,
    map_row=map_row,
    required=("id", "date"),
)
