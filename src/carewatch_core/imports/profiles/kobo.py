"""Submissions of CareWatch's own field form, exported from KoBoToolbox or ODK Central.

The form (``carewatch fieldform``) uses the project's vocabulary codes as choice names and the
gazetteer's p-codes for places, so no mapping is needed: a select_multiple cell holds codes
separated by spaces, a place is the most precise p-code given (sub-district, district,
governorate). Exports "with XML values and headers" are expected (the default in both tools);
a code the form does not know is kept and flagged. Each submission's own ID (KoBoToolbox
``_uuid``, ODK ``meta/instanceID`` or ``KEY``) identifies it, so exporting again and importing
adds only the new submissions.
"""

from __future__ import annotations

from typing import Any

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.imports import errors as E
from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo
from carewatch_core.imports.profiles.common import counts_of, known_codes, set_date
from carewatch_core.imports.rows import RowView

#: The field form's choice names (the project's vocabulary codes; a test keeps them equal to
#: the Django choices in incidents/choices.py and sources/choices.py).
ATTACK_TYPES = frozenset(
    {
        "heavy_weapons",
        "individual_weapons",
        "threat",
        "obstruction",
        "removal_of_assets",
        "abduction_arrest",
        "armed_search",
        "assault",
        "militarization",
        "fire",
        "criminalization",
        "chemical",
        "sexual_assault",
        "other",
        "unknown",
    }
)
WEAPONS = frozenset(
    {
        "aerial_bomb_plane",
        "aerial_bomb_drone",
        "barrel_bomb",
        "missile",
        "shelling",
        "rocket",
        "cluster",
        "chemical",
        "firearms",
        "ied",
        "vbied",
        "arson",
        "other",
        "unknown",
    }
)
LANGUAGES = frozenset({"ar", "en", "fr", "ku", "tr", "other"})
COUNTS = {
    "killed_hw": "count_killed_hw",
    "injured_hw": "count_injured_hw",
    "killed_others": "count_killed_others",
    "injured_others": "count_injured_others",
}


def _column(name: str) -> Column:
    """A question's column: its name alone or inside a group path (``group/name``, ``group-name``)."""
    return Column((name, f"meta/{name}", f"meta-{name}"))


COLUMNS = {
    "id": Column(("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY")),
    **{
        name: _column(name)
        for name in (
            "title",
            "date_start",
            "date_precision",
            "governorate",
            "district",
            "subdistrict",
            "place_text",
            "facility_text",
            "attack_types",
            "weapons",
            "narrative",
            "language",
            "photo",
            "_submission_time",
        )
    },
    **{column: _column(column) for column in COUNTS.values()},
}


def _codes(view: RowView, name: str, known: frozenset[str], kind: str) -> list[str]:
    """Space-separated choice names; unknown ones are flagged (kept in the source's values)."""
    return known_codes(view, name, view.text(name).split(), known, kind)


def _place(view: RowView, record: dict[str, Any]) -> None:
    """The most precise p-code given; one the gazetteer does not know is flagged."""
    gazetteer = Gazetteer.load("SY")
    record["place_text"] = view.text("place_text")[:200]
    for name in ("subdistrict", "district", "governorate"):
        pcode = view.text(name).strip()
        if not pcode:
            continue
        if pcode in gazetteer:
            record["place_pcode"], record["place_confidence"] = pcode, 1.0
            return
        view.flag(name, E.UNKNOWN_PLACE)


def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
    precision = view.text("date_precision").strip()
    set_date(
        record,
        extra,
        view.date("date_start", day_first=view.day_first),
        int(precision) if precision in {"1", "2", "3"} else None,
    )
    _place(view, record)
    record["facility_text"] = view.text("facility_text")[:200]
    record["attack_types"] = _codes(view, "attack_types", ATTACK_TYPES, "attack_type")
    record["weapons"] = _codes(view, "weapons", WEAPONS, "weapon")
    record["counts"] = counts_of(view, COUNTS)
    record["description"] = view.text("narrative")
    language = view.text("language").strip()
    extra["language"] = language if language in LANGUAGES else ""
    if view.text("title"):
        extra["title"] = view.text("title")[:300]
    if view.text("photo"):
        extra["photo_file"] = view.text("photo")[:255]
    if view.text("_submission_time"):
        extra["submitted_at"] = view.text("_submission_time")[:40]


PROFILE = Profile(
    name="kobo",
    label="CareWatch field form (KoBoToolbox / ODK export)",
    source=SourceInfo(
        name="Field team (KoBoToolbox / ODK)",
        source_type="own_staff",
        reliability="B",
        url="",
        citation="CareWatch field form submissions",
    ),
    columns=COLUMNS,
    map_row=map_row,
    required=("id", "date_start", "attack_types"),
    day_first=False,
    date_fields=("date_start",),
)
