"""Generated attacks on health care and the reports several sources make of them.

``generate_incident_lists(n_incidents, n_lists, seed)`` returns the incident records all
sources hold together and the truth (record id -> incident id). Attacks hit facilities
whose names repeat from town to town (every town has its "al-Rahma Hospital"), the same
facility is often hit again days later, and sources differ in date precision, place level,
coordinates, facility spelling, attack types and counts.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.linkage.records import DAY, MONTH, WEEK, IncidentRecord
from carewatch_core.synth.people import DAYS, FIRST_DAY, Zipf, _places

FACILITY_NAMES = (
    ("al-Rahma", "الرحمة"),
    ("al-Shifa", "الشفاء"),
    ("al-Amal", "الأمل"),
    ("al-Salam", "السلام"),
    ("al-Nur", "النور"),
    ("al-Hayat", "الحياة"),
    ("al-Iman", "الإيمان"),
    ("al-Zahra", "الزهراء"),
    ("al-Quds", "القدس"),
    ("al-Hikma", "الحكمة"),
    ("Ibn Sina", "ابن سينا"),
    ("al-Razi", "الرازي"),
    ("Ibn al-Nafis", "ابن النفيس"),
    ("al-Ansar", "الأنصار"),
    ("al-Huda", "الهدى"),
    ("al-Muwasat", "المواساة"),
    ("al-Watani", "الوطني"),
    ("al-Awda", "العودة"),
    ("al-Ihsan", "الإحسان"),
    ("al-Bir", "البر"),
    ("al-Kindi", "الكندي"),
    ("al-Sham", "الشام"),
)
FACILITY_KINDS = (
    ("Hospital", "مشفى", "Hosp."),
    ("Field Hospital", "مشفى ميداني", "Field Hosp."),
    ("Medical Point", "نقطة طبية", "MP"),
    ("Health Centre", "مركز صحي", "PHC"),
    ("Clinic", "عيادة", "Clinic"),
)
ATTACK_TYPES = (
    "heavy_weapons",
    "individual_weapons",
    "obstruction",
    "armed_search",
    "abduction_arrest",
    "militarization",
    "fire",
    "threat",
    "removal_of_assets",
)
#: Degrees of latitude per km (longitude is close enough at Syria's latitude, x 1.2).
DEGREES_PER_KM = 1 / 111.0


@dataclass(frozen=True, slots=True)
class Facility:
    name: int
    kind: int
    place: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Incident:
    incident_id: str
    facility: Facility
    day: date
    attack_types: frozenset[str]
    killed: int
    injured: int


@dataclass(frozen=True, slots=True)
class Reporter:
    """One source: how it reports."""

    name: str
    base: float
    precision: tuple[float, float, float]  # day, week, month
    coordinates: float  # share of reports with coordinates
    arabic: float  # share of reports in Arabic
    duplicates: float


def _facilities(count: int, rng: random.Random) -> list[Facility]:
    places = _places()
    centres = [_centre(index) for index in range(len(places))]
    facilities = []
    for _index in range(count):
        place = rng.randrange(len(places))
        lat, lon = centres[place]
        facilities.append(
            Facility(
                rng.randrange(len(FACILITY_NAMES)),
                rng.randrange(len(FACILITY_KINDS)),
                place,
                lat + rng.gauss(0, 0.05),
                lon + rng.gauss(0, 0.05),
            )
        )
    return facilities


def _centre(index: int) -> tuple[float, float]:
    place = Gazetteer.load("SY").at_level(3)[index]
    return place.lat, place.lon


def incidents(n_incidents: int, rng: random.Random) -> list[Incident]:
    """True attacks; facilities are hit with Zipf frequencies, so some many times."""
    facilities = _facilities(max(10, n_incidents // 3), rng)
    pick = Zipf(tuple((str(index), "") for index in range(len(facilities))), 0.4)
    result = []
    for index in range(n_incidents):
        facility = facilities[int(pick.draw(rng)[0])]
        kinds = frozenset(rng.sample(ATTACK_TYPES[:4], rng.choice((1, 1, 2))))
        result.append(
            Incident(
                f"I{index}",
                facility,
                FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                kinds,
                _count(rng, 0.5),
                _count(rng, 0.6),
            )
        )
    return result


def _count(rng: random.Random, zero: float) -> int:
    return 0 if rng.random() < zero else int(rng.expovariate(0.3)) + 1


def reporters(n_lists: int, rng: random.Random) -> list[Reporter]:
    precisions = ((0.9, 0.07, 0.03), (0.7, 0.2, 0.1), (0.95, 0.05, 0.0))
    return [
        Reporter(
            f"source-{index + 1}",
            rng.uniform(-0.8, 0.8),
            rng.choice(precisions),
            rng.uniform(0.3, 0.9),
            rng.uniform(0.0, 0.6),
            rng.uniform(0.0, 0.03),
        )
        for index in range(n_lists)
    ]


def _reported_date(day: date, reporter: Reporter, rng: random.Random) -> tuple[date, int]:
    precision = rng.choices((DAY, WEEK, MONTH), weights=reporter.precision)[0]
    if precision == WEEK:
        return day - timedelta(days=day.weekday()), WEEK
    if precision == MONTH:
        return day.replace(day=1), MONTH
    return day + timedelta(days=rng.choice((0,) * 8 + (-1, 1))), DAY


def _facility_name(facility: Facility, arabic: bool, rng: random.Random) -> str:
    if rng.random() < 0.15:
        return ""
    name, name_ar = FACILITY_NAMES[facility.name]
    kind, kind_ar, short = FACILITY_KINDS[facility.kind]
    if arabic:
        return f"{kind_ar} {name_ar}"
    spelled = name.replace("al-", rng.choice(("al-", "Al-", "Al ", "el-", "")))
    return f"{spelled} {short if rng.random() < 0.3 else kind}"


def _place(facility: Facility, arabic: bool, rng: random.Random) -> str:
    places = _places()
    name_en, name_ar, governorate = places[facility.place]
    if rng.random() < 0.2:
        return governorate
    return name_ar if arabic else name_en


def _point(
    facility: Facility, reporter: Reporter, rng: random.Random
) -> tuple[float | None, float | None]:
    if rng.random() > reporter.coordinates:
        return None, None
    spread = rng.choice((0.2, 1.0, 5.0)) * DEGREES_PER_KM
    return round(facility.lat + rng.gauss(0, spread), 5), round(
        facility.lon + rng.gauss(0, spread), 5
    )


def _types(kinds: frozenset[str], rng: random.Random) -> frozenset[str]:
    roll = rng.random()
    if roll < 0.1:
        return frozenset()
    if roll < 0.2:
        return kinds | {rng.choice(ATTACK_TYPES)}
    if roll < 0.25 and len(kinds) > 1:
        return frozenset(list(kinds)[:1])
    return kinds


def _reported_count(count: int, rng: random.Random) -> int | None:
    roll = rng.random()
    if roll < 0.2:
        return None
    return count if roll < 0.85 else max(0, count + rng.choice((-1, 1, 2)))


def report(
    incident: Incident, reporter: Reporter, record_id: str, rng: random.Random
) -> IncidentRecord:
    """What ``reporter`` says about ``incident``."""
    arabic = rng.random() < reporter.arabic
    day, precision = _reported_date(incident.day, reporter, rng)
    lat, lon = _point(incident.facility, reporter, rng)
    return IncidentRecord(
        record_id=record_id,
        source=reporter.name,
        date=day,
        date_precision=precision,
        place=_place(incident.facility, arabic, rng),
        lat=lat,
        lon=lon,
        facility=_facility_name(incident.facility, arabic, rng),
        attack_types=_types(incident.attack_types, rng),
        killed=_reported_count(incident.killed, rng),
        injured=_reported_count(incident.injured, rng),
    )


def generate_incident_lists(
    n_incidents: int, n_lists: int, seed: int
) -> tuple[list[IncidentRecord], dict[str, str]]:
    """Reports of ``n_incidents`` generated attacks by ``n_lists`` sources, and the truth
    (``truth[record.record_id]`` is the true incident's id). Seeded and reproducible."""
    rng = random.Random(seed)  # nosec B311  # seeded on purpose: reproducible synthetic lists
    true_incidents = incidents(n_incidents, rng)
    records: list[IncidentRecord] = []
    truth: dict[str, str] = {}
    for reporter in reporters(n_lists, rng):
        listed: list[IncidentRecord] = []
        for incident in true_incidents:
            if rng.random() >= 1 / (1 + math.exp(-reporter.base)):
                continue
            for _copy in range(1 + (rng.random() < reporter.duplicates)):
                record_id = f"{reporter.name}-{len(listed) + 1}"
                listed.append(report(incident, reporter, record_id, rng))
                truth[record_id] = incident.incident_id
        rng.shuffle(listed)
        records.extend(listed)
    return records, truth
