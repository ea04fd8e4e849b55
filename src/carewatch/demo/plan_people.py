"""Generated people: health workers (and some patients) named in the generated incidents.

Each person fills a place an incident's toll already counts (a health worker killed, a nurse
injured, a doctor arrested), so names and numbers agree; each is named by one to three of
that incident's reports, with the spellings sources really vary on.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from carewatch.demo.geography import pick
from carewatch.demo.namebank import (
    AFFILIATIONS,
    CLEARED_BY,
    FAMILY,
    FAMILY_DETAILS,
    FEMALE_GIVEN,
    MALE_GIVEN,
    SPECIALTIES,
    NamePart,
)
from carewatch.demo.plan_incidents import IncidentPlan
from carewatch.demo.plan_records import RecordPlan
from carewatch.demo.texts import PROFESSION_TEXT

FATE_OF_MEASURE = {
    "killed_hw": "killed",
    "injured_hw": "injured",
    "hw_abducted": "abducted",
    "hw_arrested": "arrested",
    "hw_detained": "arrested",
    "killed_patients": "killed",
}
FATE_OF_ATTACK = {"threat": "threatened", "assault": "assaulted"}
PROFESSIONS = {
    "nurse": 20,
    "doctor": 14,
    "surgeon": 5,
    "paramedic": 16,
    "ambulance_driver": 10,
    "pharmacist": 5,
    "midwife": 4,
    "technician": 5,
    "medical_student": 3,
    "support_staff": 10,
    "mental_health": 2,
    "dentist": 2,
    "other": 4,
}
FEMALE_SHARE = {
    "midwife": 1.0,
    "nurse": 0.5,
    "mental_health": 0.5,
    "pharmacist": 0.4,
    "not_health_worker": 0.45,
    "doctor": 0.2,
    "technician": 0.3,
    "medical_student": 0.35,
}


@dataclass
class PersonRecordPlan:
    incident_key: int
    record_index: int
    name_ar: str
    name_latin: str
    sex: str
    age_text: str
    profession_text: str
    fate: str
    date: datetime.date
    place_text: str


@dataclass
class PersonPlan:
    key: int
    parts: list[NamePart]
    sex: str
    profession: str
    fate: str
    incident: IncidentPlan
    age: int | None = None
    age_high: int | None = None
    specialty: str = ""
    affiliation: str = ""
    family_details: str = ""
    clearance: str = "not_cleared"
    cleared_by: str = ""
    cleared_on: datetime.date | None = None
    records: list[PersonRecordPlan] = field(default_factory=list)

    @property
    def name_ar(self) -> str:
        return " ".join(ar for ar, _ in self.parts)

    @property
    def name_latin(self) -> str:
        return " ".join(spellings[0] for _, spellings in self.parts)


def plan_people(rng: random.Random, incidents: list[IncidentPlan], count: int) -> list[PersonPlan]:
    """``count`` people, each filling one counted victim of a (non-rejected, non-merged) incident."""
    slots = _slots(incidents)
    rng.shuffle(slots)
    open_incidents = [i for i in incidents if i.state not in {"rejected", "merged"}]
    while len(slots) < count and open_incidents:
        slots.append((rng.choice(open_incidents), rng.choice(["threatened", "disappeared"]), True))
    return [_person(rng, key, *slot) for key, slot in enumerate(slots[:count], start=1)]


def _slots(incidents: list[IncidentPlan]) -> list[tuple[IncidentPlan, str, bool]]:
    """(incident, fate, is health worker) for every person an incident's toll counts."""
    slots = []
    for incident in incidents:
        if incident.state in {"rejected", "merged"}:
            continue
        for measure, counted in incident.counts.items():
            if measure in FATE_OF_MEASURE and counted.low:
                slots += [
                    (incident, FATE_OF_MEASURE[measure], measure != "killed_patients")
                ] * counted.low
        for attack in incident.story.attack_types:
            if attack in FATE_OF_ATTACK:
                slots.append((incident, FATE_OF_ATTACK[attack], True))
    return slots


def _person(
    rng: random.Random, key: int, incident: IncidentPlan, fate: str, health_worker: bool
) -> PersonPlan:
    profession = pick(rng, PROFESSIONS) if health_worker else "not_health_worker"
    sex = "female" if rng.random() < FEMALE_SHARE.get(profession, 0.1) else "male"
    person = PersonPlan(
        key=key, parts=_name(rng, sex), sex=sex, profession=profession, fate=fate, incident=incident
    )
    person.age, person.age_high = _age(rng, health_worker)
    person.specialty = rng.choice(SPECIALTIES) if profession in {"doctor", "surgeon"} else ""
    person.affiliation = rng.choice(AFFILIATIONS) if health_worker else ""
    person.family_details = rng.choice(FAMILY_DETAILS) if rng.random() < 0.25 else ""
    _clearance(rng, person)
    person.records = _records(rng, person)
    return person


def _name(rng: random.Random, sex: str) -> list[NamePart]:
    """Given, father's and (half the time) grandfather's names, then the family name."""
    given = rng.choice(FEMALE_GIVEN if sex == "female" else MALE_GIVEN)
    ancestors = rng.sample(MALE_GIVEN, 2 if rng.random() < 0.5 else 1)
    return [given, *ancestors, rng.choice(FAMILY)]


def _age(rng: random.Random, health_worker: bool) -> tuple[int | None, int | None]:
    low, high = (21, 64) if health_worker else (2, 80)
    roll = rng.random()
    if roll < 0.15:
        return None, None
    age = rng.randint(low, high)
    return (age, age + 5) if roll < 0.3 else (age, None)


def _clearance(rng: random.Random, person: PersonPlan) -> None:
    """Some names of health workers killed are cleared for the memorial roll; most are not."""
    if person.fate != "killed" or person.profession == "not_health_worker":
        return
    clearance = pick(rng, {"cleared": 40, "public_record": 10, "not_cleared": 50})
    if clearance != "not_cleared":
        person.clearance, person.cleared_by = clearance, rng.choice(CLEARED_BY)
        person.cleared_on = person.incident.story.date + datetime.timedelta(
            days=rng.randint(30, 400)
        )


def _records(rng: random.Random, person: PersonPlan) -> list[PersonRecordPlan]:
    """One to three of the incident's reports name the person, each in its own spelling."""
    reports = person.incident.records
    chosen = rng.sample(range(len(reports)), min(len(reports), pick(rng, {1: 50, 2: 35, 3: 15})))
    return [_record(rng, person, index, reports[index]) for index in sorted(chosen)]


def _record(
    rng: random.Random, person: PersonPlan, index: int, report: RecordPlan
) -> PersonRecordPlan:
    language = report.language
    parts = person.parts if rng.random() < 0.6 else [person.parts[0], person.parts[-1]]
    if language == "ar":
        name_ar, name_latin = " ".join(ar for ar, _ in parts), ""
    else:
        name_ar, name_latin = "", " ".join(rng.choice(spellings) for _, spellings in parts)
    return PersonRecordPlan(
        incident_key=person.incident.key,
        record_index=index,
        name_ar=name_ar,
        name_latin=name_latin,
        sex=person.sex if rng.random() < 0.7 else "",
        age_text=_age_text(rng, person, language),
        profession_text=PROFESSION_TEXT[person.profession][language],
        fate=person.fate,
        date=report.date,
        place_text=report.place_text,
    )


def _age_text(rng: random.Random, person: PersonPlan, language: str) -> str:
    if person.age is None or rng.random() < 0.3:
        return ""
    if person.age_high is not None:
        return f"{person.age}-{person.age_high}"
    about = {"en": "about {n}", "fr": "environ {n} ans", "ar": "{n} عاماً"}[language]
    return about.format(n=person.age) if rng.random() < 0.3 else str(person.age)
