"""A generated population of people killed, and the lists several sources make of them.

``generate_person_lists(n_people, n_lists, seed)`` returns the records all lists hold
together and the truth (record id -> person id). People come in households (brothers and
sisters share father, grandfather and family name, the hardest non-matches); a quarter are
health workers with a profession and a facility. Capture is heterogeneous and correlated:
every person has a visibility shared by all lists, health-worker lists see health workers
better, and each list also copies some of the previous list's names.

A ``Shape`` adds the habits of real published lists: one script per list (Arabic names in one,
Latin in another), no date of death anywhere, many ages unknown, and a list published again
(the second list a later release of the first: the same people and more, names re-spelled in
the new release's own habits, ages drifting by a year).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.linkage.records import PersonRecord
from carewatch_core.synth.romanise import Habits, spell_arabic, spell_latin, typo
from carewatch_core.synth.vocabulary import FAMILY, FEMALE, MALE, Name

PROFESSIONS = (
    "doctor",
    "surgeon",
    "nurse",
    "midwife",
    "pharmacist",
    "paramedic",
    "ambulance_driver",
    "technician",
    "medical_student",
    "support_staff",
)
FIRST_DAY = date(2011, 3, 15)
DAYS = (date(2023, 12, 31) - FIRST_DAY).days
HEALTH_WORKER_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Person:
    """One true person: name parts as (scholarly, Arabic) pairs, and facts."""

    person_id: str
    given: Name
    father: Name
    grandfather: Name
    family: Name
    sex: str
    age: int
    date_of_death: date
    place: int
    profession: str
    facility: str
    visibility: float


class Zipf:
    """Draws items with weight 1 / rank ** exponent."""

    def __init__(self, items: tuple[Name, ...], exponent: float = 1.0) -> None:
        self.items = items
        weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> Name:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect(self.cumulative, point)]


MALE_NAMES, FEMALE_NAMES = Zipf(MALE), Zipf(FEMALE)
#: Family names, and given names used as family names (al-Ahmad, Hamdan, Ibrahim).
FAMILY_NAMES = Zipf(FAMILY + tuple((name, arabic) for name, arabic in MALE[40:]), 0.6)


def _facilities(places: int, rng: random.Random) -> list[str]:
    kinds = ("Hospital", "Field Hospital", "Medical Point", "Health Centre", "Clinic")
    return [f"{rng.choice(kinds)} {number}" for number in range(places * 2)]


def _household(index: int, rng: random.Random, places: int, facilities: list[str]) -> list[Person]:
    """One to three people sharing father, grandfather and family name (siblings);
    they often die the same day in the same place."""
    father, grandfather, family = MALE_NAMES.draw(rng), MALE_NAMES.draw(rng), FAMILY_NAMES.draw(rng)
    size = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
    day = rng.randrange(DAYS)
    place = rng.randrange(places)
    people = []
    for member in range(size):
        people.append(
            _person(
                f"P{index}-{member}",
                (father, grandfather, family),
                rng,
                facilities,
                day if rng.random() < 0.5 else rng.randrange(DAYS),
                place,
            )
        )
    return people


def _person(
    person_id: str,
    names: tuple[Name, Name, Name],
    rng: random.Random,
    facilities: list[str],
    day: int,
    place: int,
) -> Person:
    sex = "m" if rng.random() < 0.7 else "f"
    given = (MALE_NAMES if sex == "m" else FEMALE_NAMES).draw(rng)
    worker = rng.random() < HEALTH_WORKER_SHARE
    return Person(
        person_id=person_id,
        given=given,
        father=names[0],
        grandfather=names[1],
        family=names[2],
        sex=sex,
        age=rng.randint(22, 65) if worker else rng.randint(1, 85),
        date_of_death=FIRST_DAY + timedelta(days=day),
        place=place,
        profession=rng.choice(PROFESSIONS) if worker else "",
        facility=rng.choice(facilities) if worker else "",
        visibility=rng.gauss(0, 1),
    )


def population(n_people: int, seed: int) -> list[Person]:
    """``n_people`` true people, in households."""
    rng = random.Random(seed)  # nosec B311  # seeded on purpose: reproducible synthetic lists
    places = len(_places())
    facilities = _facilities(places, rng)
    people: list[Person] = []
    for index in itertools.count():
        if len(people) >= n_people:
            break
        people.extend(_household(index, rng, places, facilities))
    return people[:n_people]


@functools.lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str, str], ...]:
    """Sub-districts as (English name, Arabic name, governorate English name)."""
    gazetteer = Gazetteer.load("SY")
    rows = []
    for place in gazetteer.at_level(3):
        governorate = gazetteer.ancestor_at_level(place.pcode, 1)
        rows.append((place.name_en, place.name_ar, governorate.name_en if governorate else ""))
    return tuple(rows)


@dataclass(frozen=True)
class Shape:
    """Habits of real lists the default generator does not have (see the module's docstring)."""

    one_script_per_source: bool = False
    dates_of_death: bool = True
    releases: bool = False
    unknown_ages: float = 0.0


#: Real lists as tried: one script per list, no date of death, a third of ages unknown, and
#: the second list a re-release of the first.
REAL_SHAPE = Shape(
    one_script_per_source=True, dates_of_death=False, releases=True, unknown_ages=0.3
)
#: Scripts of the lists of a shape with one script per list: the first two (a list and its
#: re-release) Latin, the third Arabic, and so on.
ONE_SCRIPT_EACH = ("latin", "latin", "ar", "latin", "ar", "latin")


@dataclass(frozen=True, slots=True)
class Source:
    """One list: its name, spelling habits and recording habits."""

    name: str
    habits: Habits
    base: float  # capture log-odds for an average person
    health_focus: float  # extra log-odds for health workers
    copies: float  # extra log-odds when the previous list has the person
    scripts: str  # "ar", "latin" or "both"
    parts: tuple[float, float, float]  # probabilities of 4, 3 and 2 name parts
    duplicates: float  # share of its people listed twice


def sources(n_lists: int, rng: random.Random, shape: Shape = Shape()) -> list[Source]:
    scripts = (
        ONE_SCRIPT_EACH
        if shape.one_script_per_source
        else ("both", "latin", "ar", "latin", "both", "latin")
    )
    return [
        Source(
            name=f"list-{index + 1}",
            habits=Habits.draw(rng),
            base=rng.uniform(-1.2, 0.3),
            health_focus=rng.choice((0.0, 0.0, 1.5)),
            copies=rng.uniform(0.0, 1.0),
            scripts=scripts[index % len(scripts)],
            parts=rng.choice(((0.5, 0.4, 0.1), (0.1, 0.7, 0.2), (0.2, 0.5, 0.3))),
            duplicates=rng.uniform(0.0, 0.04),
        )
        for index in range(n_lists)
    ]


def captured(person: Person, source: Source, previous: bool, rng: random.Random) -> bool:
    """Whether ``source`` lists ``person`` (heterogeneous, correlated capture)."""
    log_odds = source.base + 0.8 * person.visibility + source.copies * previous
    log_odds += source.health_focus * bool(person.profession)
    return rng.random() < 1 / (1 + math.exp(-log_odds))


def _name_parts(person: Person, source: Source, rng: random.Random) -> list[Name]:
    count = rng.choices((4, 3, 2), weights=source.parts)[0]
    parts = [person.given, person.father, person.grandfather, person.family]
    return (
        [parts[0], parts[1], parts[3]]
        if count == 3
        else (parts if count == 4 else [parts[0], parts[3]])
    )


def _names(
    person: Person, source: Source, rng: random.Random, parts_out: list[Name] | None = None
) -> tuple[str, str]:
    parts = _name_parts(person, source, rng)
    if parts_out is not None:
        parts_out[:] = parts
    latin = spell_latin(" ".join(part[0] for part in parts), source.habits)
    arabic = spell_arabic(" ".join(part[1] for part in parts), source.habits)
    if rng.random() < source.habits.typo:
        latin = typo(latin, rng)
    if rng.random() < source.habits.typo:
        arabic = typo(arabic, rng)
    if source.scripts == "ar":
        return arabic, ""
    if source.scripts == "latin":
        return "", latin
    return (
        (arabic, "")
        if rng.random() < 0.3
        else ((arabic, latin) if rng.random() < 0.5 else ("", latin))
    )


def _age(age: int, rng: random.Random, shape: Shape, release: bool) -> int | None:
    roll = rng.random()
    if roll < 0.15 or (shape.unknown_ages and rng.random() < shape.unknown_ages):
        return None
    if release and rng.random() < 0.3:
        age += rng.choice((-1, 1))
    return age if roll < 0.75 else max(0, age + rng.choice((-2, -1, 1, 2)))


def _date(day: date, rng: random.Random) -> date | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    return day if roll < 0.8 else day + timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))


def _place(place: tuple[str, str, str], arabic: bool, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return ""
    if roll < 0.35:
        return place[2]
    return place[1] if arabic else place[0]


def record(
    person: Person,
    source: Source,
    record_id: str,
    rng: random.Random,
    places: tuple[tuple[str, str, str], ...],
    shape: Shape = Shape(),
    release: bool = False,
    parts_out: list[Name] | None = None,
) -> PersonRecord:
    """What ``source`` writes about ``person`` (``release``: in a later release of a list);
    ``parts_out`` receives the name parts it writes, before any spelling habit or typo."""
    name_ar, name_latin = _names(person, source, rng, parts_out)
    return PersonRecord(
        record_id=record_id,
        source=source.name,
        name_ar=name_ar,
        name_latin=name_latin,
        sex=person.sex if rng.random() < 0.9 else "",
        age=_age(person.age, rng, shape, release),
        date_of_death=_date(person.date_of_death, rng) if shape.dates_of_death else None,
        place=_place(places[person.place], not name_latin, rng),
        profession=person.profession if rng.random() < 0.8 else "",
        facility=person.facility if person.facility and rng.random() < 0.6 else "",
    )


def generate_person_lists(
    n_people: int,
    n_lists: int,
    seed: int,
    shape: Shape = Shape(),
    written: dict[str, tuple[Name, ...]] | None = None,
) -> tuple[list[PersonRecord], dict[str, str]]:
    """Records of ``n_people`` generated people on ``n_lists`` lists, and the truth.

    Returns ``(records, truth)``: ``truth[record.record_id]`` is the id of the true
    person. Persons no list captured have no record, so ``len(set(truth.values()))`` is
    the observed count and ``n_people`` the true total (for estimation). The same seed
    gives the same lists. Records come list by list, shuffled within each list. ``shape``:
    the habits of real lists (``REAL_SHAPE``). ``written``, if given, receives each record's name
    parts as written before spelling habits and typos (what a linker with perfect
    transliteration would see: ``bench/linkage_bound.py``); the lists are the same either way.
    """
    rng = random.Random(seed)  # nosec B311  # seeded on purpose: reproducible synthetic lists
    places = _places()
    people = population(n_people, rng.getrandbits(32))
    lists = sources(n_lists, rng, shape)
    records: list[PersonRecord] = []
    truth: dict[str, str] = {}
    previous = [False] * len(people)
    for index, source in enumerate(lists):
        listed: list[PersonRecord] = []
        release = shape.releases and index == 1
        current = [
            (release and was) or captured(person, source, was, rng)
            for person, was in zip(people, previous, strict=True)
        ]
        for person, taken in zip(people, current, strict=True):
            copies = 1 + (rng.random() < source.duplicates) if taken else 0
            for _copy in range(copies):
                record_id = f"{source.name}-{len(listed) + 1}"
                parts: list[Name] = []
                listed.append(record(person, source, record_id, rng, places, shape, release, parts))
                truth[record_id] = person.person_id
                if written is not None:
                    written[record_id] = tuple(parts)
        rng.shuffle(listed)
        records.extend(listed)
        previous = current
    return records, truth
