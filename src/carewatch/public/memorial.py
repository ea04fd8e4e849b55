"""The public memorial roll: only ``people.selectors.memorial_roll`` (cleared names of health
workers killed), with the place of death generalised to the public level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q, QuerySet

from carewatch.people.choices import Fate
from carewatch.people.models import Person, PersonFate
from carewatch.people.selectors import memorial_roll, search_people
from carewatch.places.models import Place
from carewatch.places.selectors import public_place as generalised

KILLED = Q(fates__fate=Fate.KILLED)


@dataclass
class Entry:
    name_ar: str
    name_latin: str
    profession: str
    organisation: str
    date: Any
    place: str


def total() -> int:
    return memorial_roll().count()


def includes_generated() -> bool:
    return memorial_roll().filter(is_generated=True).exists()


def entries(filters: dict[str, Any]) -> QuerySet[Person]:
    """Cleared health workers killed, filtered; the most recent deaths first."""
    qs = memorial_roll()
    if filters.get("text"):
        qs = search_people(qs, filters["text"])
    if filters.get("profession"):
        qs = qs.filter(profession=filters["profession"])
    if filters.get("year"):
        qs = qs.filter(
            pk__in=PersonFate.objects.filter(fate=Fate.KILLED, date__year=filters["year"]).values(
                "person_id"
            )
        )
    if filters.get("governorate"):
        within = _within(filters["governorate"])
        qs = qs.filter(
            pk__in=PersonFate.objects.filter(fate=Fate.KILLED, place__in=within).values("person_id")
        )
    qs = qs.annotate(died=Min("fates__date", filter=KILLED))
    return qs.prefetch_related("fates__place__parent__parent").order_by(
        "-died", "name_latin", "name_ar", "pk"
    )


def _within(governorate: Place) -> QuerySet[Place]:
    g = governorate.pk
    return Place.objects.filter(
        Q(pk=g) | Q(parent_id=g) | Q(parent__parent_id=g) | Q(parent__parent__parent_id=g)
    )


def public_place(place: Place | None) -> Place | None:
    """``place`` generalised to the public level (``places.selectors.public_place``); no country-level name."""
    found = generalised(place)
    return found if found is not None and found.level >= 1 else None


def entry(person: Person) -> Entry:
    killed = [f for f in person.fates.all() if f.fate == Fate.KILLED]
    fate = min(killed, key=lambda f: (f.date is None, f.date)) if killed else None
    place = public_place(fate.place) if fate else None
    return Entry(
        person.name_ar,
        person.name_latin,
        str(person.get_profession_display()),
        person.affiliation,
        fate.date if fate else None,
        place.name if place else "",
    )
