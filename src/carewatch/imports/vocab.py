"""What a saved mapping may map values to: each profile field's vocabulary, with its choices.

Only fields whose values go through the profile's vocabulary look-up (or the gazetteer) take
a user's value mapping; kobo and carewatch files already carry the project's codes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices

from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import (
    AttackType,
    Certainty,
    LocationType,
    PerpetratorCategory,
    Weapon,
)
from carewatch.places.fields import place_label
from carewatch.places.models import Place
from carewatch.places.selectors import places_by_governorate

PLACE = "place"
VOCABULARIES: dict[str, type[TextChoices]] = {
    "weapon": Weapon,
    "perpetrator": PerpetratorCategory,
    "location_type": LocationType,
    "attack_type": AttackType,
    "certainty": Certainty,
    "facility_type": FacilityType,
}

_INSECURITY_INSIGHT = {
    "admin1": PLACE,
    "weapon": "weapon",
    "perpetrator": "perpetrator",
    "location": "location_type",
}
#: profile → field → vocabulary ("place": a gazetteer p-code). Checked against the profiles by the tests.
FIELD_VOCABULARIES: dict[str, dict[str, str]] = {
    "insecurity_insight": _INSECURITY_INSIGHT,
    "hxl": _INSECURITY_INSIGHT,
    "who_ssa": {
        "certainty": "certainty",
        "attack_type": "attack_type",
        "facility_type": "facility_type",
    },
    "acled": {"admin1": PLACE, "admin2": PLACE, "admin3": PLACE, "inter1": "perpetrator"},
}


def vocabulary_of(profile: str, field: str) -> str | None:
    return FIELD_VOCABULARIES.get(profile, {}).get(field)


def codes_of(vocabulary: str) -> list[tuple[str, Any]]:
    """(code, label) pairs; places grouped by governorate as (group, [(p-code, label)])."""
    if vocabulary == PLACE:
        return _places()
    return list(VOCABULARIES[vocabulary].choices)


def valid_code(vocabulary: str, code: str) -> bool:
    if vocabulary == PLACE:
        return Place.objects.filter(pcode=code).exists()
    return code in VOCABULARIES[vocabulary].values


def _places() -> list[tuple[str, Any]]:

    return [
        (g.name, [(g.pcode, g.name)] + [(p.pcode, place_label(p)) for p in places])
        for g, places in places_by_governorate()
    ]
