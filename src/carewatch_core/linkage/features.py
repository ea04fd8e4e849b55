"""Records as the columns the linkers compare: name parts and keys, dates, places.

Everything slow (name folding, place resolution) is cached per distinct value, so a
million records with the usual repetition of names and places are prepared in seconds.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.resolve import resolve
from carewatch_core.linkage.records import DAY, MONTH, WEEK, IncidentRecord, PlaceCodes
from carewatch_core.names import name_key, normalise_arabic

Columns = dict[str, list[Any]]
#: Words of a facility name that say what kind of facility it is, not which one.
FACILITY_KINDS = re.compile(
    r"\b(hospital|hosp|field|medical|point|mp|health|centre|center|phc|clinic|"
    r"مشفي|مستشفي|ميداني|نقطه|طبيه|مركز|صحي|عياده)\b"
)


@functools.lru_cache(maxsize=1 << 14)
def place_codes(text: str, country: str = "SY") -> tuple[str, str]:
    """(governorate p-code, sub-district p-code) of a place name; "" where unknown.

    A district's name is also its chief town's ("Ariha", "Ar-Rastan"), and a report naming it
    almost always means the town, which lies in the district's central sub-district ("Markaz
    Ariha", the district's p-code followed by 00): that sub-district is taken. Otherwise two
    reports of one attack, one saying "Ariha" and one "مركز أريحا", shared only a governorate."""
    if not text.strip():
        return "", ""
    gazetteer = Gazetteer.load(country)
    found = resolve(text, gazetteer)
    if found is None or found.level < 1:
        return "", ""
    if found.level == 2 and f"{found.pcode}00" in gazetteer.places:
        return found.pcode[:4], f"{found.pcode}00"
    return found.pcode[:4], found.pcode if found.level == 3 else ""


#: What kind of facility a name says it is (the words ``FACILITY_KINDS`` leaves out of the key).
KIND_WORDS = (
    ("field_hospital", re.compile(r"\b(field|ميداني)\b")),
    ("hospital", re.compile(r"\b(hospital|hosp|مشفي|مستشفي)\b")),
    ("medical_point", re.compile(r"\b(point|mp|نقطه)\b")),
    ("health_centre", re.compile(r"\b(centre|center|phc|مركز)\b")),
    ("clinic", re.compile(r"\b(clinic|عياده)\b")),
)


@functools.lru_cache(maxsize=1 << 16)
def facility_kind(text: str) -> str:
    """The kind of facility a name says ("al-Rahma Field Hospital", "مشفى ميداني الرحمة": both
    "field_hospital"); "" when the name does not say."""
    folded = normalise_arabic(text).casefold()
    return next((kind for kind, words in KIND_WORDS if words.search(folded)), "")


@functools.lru_cache(maxsize=1 << 16)
def facility_key(text: str) -> str:
    """The name key of a facility name without the words for its kind, the same in both
    scripts ("al-Rahma Hospital" and "مشفى الرحمة" are both "rhm"); digits are kept."""
    words = FACILITY_KINDS.sub(" ", normalise_arabic(text).casefold()).split()
    keys = (word if word.isdigit() else name_key(word) for word in words)
    return " ".join(key for key in keys if key)


def day_span(day: date | None, precision: int) -> tuple[int | None, int | None]:
    """The first and last day (proleptic ordinals) a date of this precision may mean:
    the day itself, the week from that Monday, or the calendar month."""
    if day is None:
        return None, None
    if precision == WEEK:
        return day.toordinal(), day.toordinal() + 6
    if precision == MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1).toordinal(), day.replace(day=last).toordinal()
    return day.toordinal(), day.toordinal()


@functools.lru_cache(maxsize=1 << 16)
def nearest_codes(lat: float, lon: float, country: str = "SY") -> tuple[str, str]:
    """(governorate, sub-district) p-codes of the sub-district whose centre is nearest
    to a point, if within 30 km of it; a rough stand-in for a polygon lookup."""
    places = Gazetteer.load(country).at_level(3)
    scale = math.cos(math.radians(lat))
    best = min(places, key=lambda place: (place.lat - lat) ** 2 + ((place.lon - lon) * scale) ** 2)
    distance = math.hypot(best.lat - lat, (best.lon - lon) * scale) * 111.0
    return (best.pcode[:4], best.pcode) if distance <= 30 else ("", "")


def _incident_codes(record: IncidentRecord) -> tuple[str, str]:
    adm1, adm3 = place_codes(record.place)
    if not adm3 and record.lat is not None and record.lon is not None:
        near1, near3 = nearest_codes(round(record.lat, 2), round(record.lon, 2))
        if near3 and adm1 in ("", near1):
            return near1, near3
    return adm1, adm3


def incident_columns(records: Iterable[IncidentRecord]) -> Columns:
    """Columns for incident linkage, one row per record (``None`` where unknown)."""
    columns: Columns = {
        name: []
        for name in (
            "unique_id",
            "source",
            "day_start",
            "day_end",
            "exact_day",
            "week",
            "month",
            "year",
            "adm1",
            "adm3",
            "lat",
            "lon",
            "facility",
            "facility_kind",
            "attack_types",
            "killed",
            "injured",
        )
    }
    for record in records:
        _add_incident(columns, record)
    return columns


def _add_incident(columns: Columns, record: IncidentRecord) -> None:
    start, end = day_span(record.date, record.date_precision)
    columns["unique_id"].append(record.record_id)
    columns["source"].append(record.source)
    columns["day_start"].append(start)
    columns["day_end"].append(end)
    columns["exact_day"].append(start if record.date_precision == DAY else None)
    columns["week"].append(start // 7 if start is not None else None)
    columns["month"].append(f"{record.date.year}-{record.date.month:02}" if record.date else None)
    columns["year"].append(record.date.year if record.date else None)
    adm1, adm3 = _incident_codes(record)
    columns["adm1"].append(adm1 or None)
    columns["adm3"].append(adm3 or None)
    columns["lat"].append(record.lat)
    columns["lon"].append(record.lon)
    columns["facility"].append(facility_key(record.facility) or None)
    columns["facility_kind"].append(facility_kind(record.facility) or None)
    columns["attack_types"].append(sorted(record.attack_types) or None)
    columns["killed"].append(record.killed)
    columns["injured"].append(record.injured)


INCIDENT_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("source", pa.string()),
        ("day_start", pa.int64()),
        ("day_end", pa.int64()),
        ("exact_day", pa.int64()),
        ("week", pa.int64()),
        ("month", pa.string()),
        ("year", pa.int64()),
        ("adm1", pa.string()),
        ("adm3", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("facility", pa.string()),
        ("facility_kind", pa.string()),
        ("attack_types", pa.list_(pa.string())),
        ("killed", pa.int64()),
        ("injured", pa.int64()),
    ]
)


def incident_table(records: Sequence[IncidentRecord], codes: PlaceCodes | None = None) -> Any:
    """The Arrow table of incident linkage (``INCIDENT_SCHEMA``), with known place codes."""
    return chunked_table(
        records, lambda chunk: with_place_codes(incident_columns(chunk), codes), INCIDENT_SCHEMA
    )


#: Records turned into columns at a time (``chunked_table``).
TABLE_CHUNK = 100_000


def chunked_table(
    records: Sequence[Any], columns_of: Callable[[Sequence[Any]], Columns], schema: Any
) -> Any:
    """The Arrow table (of ``schema``) of ``columns_of(records)``, built ``TABLE_CHUNK`` records at
    a time: a million records' columns as Python lists are tens of millions of objects, whose
    memory Python keeps (in part) long after they are freed, through the whole linkage."""
    chunks = [
        pa.table(columns_of(records[start : start + TABLE_CHUNK]), schema=schema)
        for start in range(0, len(records), TABLE_CHUNK)
    ]
    return pa.concat_tables(chunks) if chunks else schema.empty_table()


def with_place_codes(columns: Columns, codes: PlaceCodes | None) -> Columns:
    """Replace the place codes found from place names by ones already known (a database keeps
    the gazetteer place itself, which a name may not give back: "Idleb" is three places)."""
    if codes:
        for index, record_id in enumerate(columns["unique_id"]):
            if record_id in codes:
                adm1, adm3 = codes[record_id]
                columns["adm1"][index], columns["adm3"][index] = adm1 or None, adm3 or None
    return columns
