"""Reading people through the access rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.people.choices import MemorialClearance, Profession
from carewatch.people.models import Person
from carewatch_core.names import search_tokens


def people_for(user: Any) -> QuerySet[Person]:
    """HQ staff see everyone; field documenters and the public see nobody here.

    The public memorial roll is a separate selector (``memorial_roll``) that shows cleared names only.
    """
    qs = Person.objects.select_related("facility", "home_place")
    return qs if can(user, "person.view") else qs.none()


def memorial_roll() -> QuerySet[Person]:
    """Health workers killed whose names are cleared for publication (S3)."""
    return (
        Person.objects.exclude(memorial_clearance=MemorialClearance.NOT_CLEARED)
        .filter(merged_into__isnull=True)
        .exclude(profession="not_health_worker")
        .filter(fates__fate="killed")
        .distinct()
    )


def search_people(qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    for token in search_tokens(text)[:8]:
        qs = qs.filter(search_key__icontains=token)
    return qs


@dataclass
class PersonFilters:
    text: str = ""
    profession: str = ""
    fate: str = ""
    clearance: str = ""
    health_worker: str = ""


def filter_people(qs: QuerySet[Person], f: PersonFilters, may_read_names: bool) -> QuerySet[Person]:
    """Apply the list filters. A reader who may not read uncleared names cannot find them by name
    either (a search would confirm that a name is in the database). People merged into another
    (review queue) are left out: the one they were merged into stands for them."""
    qs = qs.filter(merged_into__isnull=True)
    if f.text:
        qs = search_people(
            qs if may_read_names else qs.exclude(memorial_clearance=MemorialClearance.NOT_CLEARED),
            f.text,
        )
    if f.profession:
        qs = qs.filter(profession=f.profession)
    if f.clearance:
        qs = qs.filter(memorial_clearance=f.clearance)
    if f.health_worker:
        worker = Profession.NOT_HEALTH_WORKER
        qs = (
            qs.exclude(profession=worker)
            if f.health_worker == "yes"
            else qs.filter(profession=worker)
        )
    if f.fate:
        qs = qs.filter(fates__fate=f.fate).distinct()
    return qs
