"""Generated sources and what each says about an incident: several reports that disagree a little.

Real incidents reach us from several sources with different counts, dates, spellings and
languages; the generated ones do too, so the demo's incident pages show records side by
side and the consolidation rules have something to consolidate.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from carewatch.demo.geography import Area, pick
from carewatch.demo.plan_facilities import FacilityPlan
from carewatch.demo.texts import PERPETRATOR_TEXT, TARGETS, narrative

UMBRELLA_SOURCE = "Generated demo data (not real)"
GENERATED_DESCRIPTION = (
    "Generated for the CareWatch demo. Not a real organisation; its reports are invented."
)

CountPair = tuple[int, int | None]


@dataclass(frozen=True)
class SourcePlan:
    name: str
    source_type: str
    reliability: str
    kind: str
    languages: dict[str, float]


GENERATED_SOURCES: tuple[SourcePlan, ...] = (
    SourcePlan(UMBRELLA_SOURCE, "dataset", "F", "dataset_row", {"en": 1}),
    SourcePlan(
        "Demo field team North (generated)", "own_staff", "B", "field_form", {"ar": 7, "en": 3}
    ),
    SourcePlan(
        "Demo field team South (generated)", "own_staff", "B", "field_form", {"ar": 6, "en": 4}
    ),
    SourcePlan(
        "Demo health monitoring network (generated)",
        "ngo",
        "B",
        "statement",
        {"en": 6, "ar": 3, "fr": 1},
    ),
    SourcePlan(
        "Demo news agency (generated)", "media", "D", "news_article", {"ar": 5, "en": 4, "fr": 1}
    ),
    SourcePlan(
        "Demo hospital directors' network (generated)",
        "medical_staff",
        "C",
        "statement",
        {"ar": 6, "en": 4},
    ),
    SourcePlan("Demo civil defence unit (generated)", "ngo", "C", "statement", {"ar": 5, "en": 5}),
    SourcePlan("Demo UN health cluster (generated)", "un_agency", "B", "dataset_row", {"en": 1}),
    SourcePlan("Demo French relief NGO (generated)", "ngo", "C", "press_release", {"fr": 1}),
)
FIELD_TEAMS = tuple(s for s in GENERATED_SOURCES if s.kind == "field_form")


@dataclass
class RecordPlan:
    """One generated report and the incident record it carries."""

    source: str
    kind: str
    language: str
    published_on: datetime.date
    title: str
    text: str
    date: datetime.date
    date_precision: int
    place_text: str
    facility_text: str
    attack_types: list[str]
    weapons: list[str]
    counts: dict[str, CountPair]
    certainty: str
    perpetrator_text: str = ""
    dataset_key: str = ""
    by_submitter: bool = False


@dataclass
class Story:
    """What happened, as the generator knows it: the truth each source reports its part of."""

    key: int
    date: datetime.date
    date_precision: int
    area: Area
    facility: FacilityPlan | None
    location_type: str
    opener: str
    attack_types: list[str]
    weapons: list[str]
    counts: dict[str, int]
    impacts: list[str]
    certainty: str
    perpetrator: str = ""
    sources: list[SourcePlan] = field(default_factory=list)
    submitted: bool = False


def choose_sources(rng: random.Random, submitted: bool) -> list[SourcePlan]:
    """1–4 distinct sources; a documenter's submission starts with a field team's form."""
    count = pick(rng, {1: 30, 2: 35, 3: 25, 4: 10})
    first = [rng.choice(FIELD_TEAMS)] if submitted else []
    others = [s for s in GENERATED_SOURCES if s not in first]
    return first + rng.sample(others, count - len(first))


def plan_records(rng: random.Random, story: Story) -> list[RecordPlan]:
    """The first source gives the full story; the others vary counts, dates and spellings."""
    return [_record(rng, story, source, primary=i == 0) for i, source in enumerate(story.sources)]


def _record(rng: random.Random, story: Story, source: SourcePlan, primary: bool) -> RecordPlan:
    language = pick(rng, source.languages)
    day = (
        story.date
        if primary or rng.random() > 0.15
        else story.date + datetime.timedelta(days=rng.choice([-1, 1]))
    )
    counts: dict[str, CountPair] = (
        {m: (v, None) for m, v in story.counts.items()}
        if primary
        else _vary_counts(rng, story.counts)
    )
    text = narrative(
        language,
        story.opener,
        _target(story, language),
        _town(story.area, language),
        story.area.governorate_ar if language == "ar" else story.area.governorate,
        day,
        counts,
        story.impacts,
    )
    delay = rng.randint(30, 90) if source.kind == "dataset_row" else rng.randint(0, 10)
    return RecordPlan(
        source=source.name,
        kind=source.kind,
        language=language,
        published_on=day + datetime.timedelta(days=delay),
        title=text.split(".")[0][:200],
        text=text,
        date=day,
        date_precision=story.date_precision
        if primary
        else max(story.date_precision, pick(rng, {1: 7, 2: 3})),
        place_text=_place_text(rng, story.area, language),
        facility_text=_facility_text(rng, story.facility, language),
        attack_types=list(story.attack_types),
        weapons=list(story.weapons) if primary or rng.random() < 0.7 else ["unknown"],
        counts=counts,
        certainty=story.certainty if primary else _nearby_certainty(rng, story.certainty),
        perpetrator_text=PERPETRATOR_TEXT[story.perpetrator][language]
        if story.perpetrator and rng.random() < 0.7
        else "",
        dataset_key=f"DEMO-{story.key:05d}-{source.name[:4].upper()}"
        if source.kind == "dataset_row"
        else "",
        by_submitter=primary and story.submitted,
    )


def _vary_counts(rng: random.Random, truth: dict[str, int]) -> dict[str, CountPair]:
    """Another source's toll: some counts missing (unknown), some lower, some a range."""
    counts: dict[str, CountPair] = {}
    for measure, value in truth.items():
        roll = rng.random()
        if roll < 0.2:
            continue
        if roll < 0.35:
            counts[measure] = (max(0, value - rng.randint(0, 2)), value + rng.randint(1, 3))
        elif roll < 0.55:
            counts[measure] = (max(1, value - rng.randint(1, 2)), None)
        else:
            counts[measure] = (value, None)
    return counts


def _nearby_certainty(rng: random.Random, certainty: str) -> str:
    levels = ["rumour", "possible", "probable", "confirmed"]
    index = levels.index(certainty) + rng.choice([-1, 0, 0, 1])
    return levels[min(max(index, 0), 3)]


def _town(area: Area, language: str) -> str:
    return area.town_ar if language == "ar" else area.town_en


def _target(story: Story, language: str) -> str:
    if story.facility is None:
        return TARGETS[story.location_type][language]
    return story.facility.name_ar if language == "ar" else story.facility.name_latin


def _place_text(rng: random.Random, area: Area, language: str) -> str:
    if language == "ar":
        return area.town_ar
    return rng.choice(
        [area.town_en, area.town_en, *area.spellings, f"{area.town_en}, {area.governorate}"]
    )


def _facility_text(rng: random.Random, facility: FacilityPlan | None, language: str) -> str:
    if facility is None:
        return ""
    arabic = [facility.name_ar, *(a for a, _ in facility.aliases if not a.isascii())]
    latin = [facility.name_latin, *(a for a, _ in facility.aliases if a.isascii())]
    return rng.choice(arabic if language == "ar" else latin)
