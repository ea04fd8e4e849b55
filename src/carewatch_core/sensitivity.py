"""Field sensitivity classes (docs/domain.md "Sensitivity"), declared once for every output.

Each entity lists its fields that are *not* public; any field not listed is public. Pages,
the API, exports and the audit log all ask ``visible(entity, field, clearance)`` — or
``level_of(entity, field, scope)`` — and nothing else decides.

Two facts about a row widen the table, and both are stated here rather than where a row is
shown (a :class:`Scope`):

- a person whose name is cleared for the memorial roll: their names and the memorial's fields
  (profession, organisation, what happened to them) are public;
- the administrator's public location level: an incident's district is public when the public
  level is the district (docs/domain.md "Places").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    PUBLIC = 0
    INTERNAL = 1
    RESTRICTED = 2


P, N, R = Level.PUBLIC, Level.INTERNAL, Level.RESTRICTED  # N: iNternal

FIELD_CLASSES: dict[str, dict[str, Level]] = {
    "incident": {
        "title": N,
        "narrative": N,
        "narrative_language": N,
        "district": N,
        "place": N,
        "facilities": N,
        "exact_lat": R,
        "exact_lon": R,
        "state_reason": N,
        "created_by": N,
        "assigned_to": N,
        "records": N,
        "time": N,
        "perpetrator_claims": N,
        "people": N,
        "reference": P,
        # The place generalised to the administrator's public level (district by default, docs/domain.md).
        # ``district`` itself stays internal: public outputs name it only through this field, and
        # only when the public level is the district.
        "public_location": P,
    },
    "incident_record": {"*": N, "lat": R, "lon": R},
    "report": {"*": N, "informant_name": R, "informant_contact": R, "submitted_by": N},
    # An evidence file as received may carry the camera's GPS position and the author's name in its
    # metadata: the original is restricted; images also have a metadata-free shareable copy.
    "attachment": {"*": N, "original": R},
    "source": {"description": N},
    "facility": {
        "name": N,  # name_latin or name_ar
        "name_ar": N,
        "name_latin": N,
        "aliases": N,
        "operator": N,
        "supporting_organisations": N,
        "place": N,
        "services": N,
        "beds": N,
        "exact_lat": R,
        "exact_lon": R,
        "statuses": N,
        "created_by": N,
    },
    "person": {
        "*": N,
        "family_details": R,
        "date_of_birth": R,
        "home_place": R,
        "name_ar": R,
        "name_latin": R,
        "records": R,
        # The names, normalised for search: as restricted as the names themselves.
        "search_key": R,
        # The name itself (either script; public once cleared, see Scope). ``display_name`` is the
        # internal stand-in: the name where the reader may see it, else a placeholder.
        "name": R,
    },
    "person_record": {"*": R},
    "figure": {},
    "user": {"*": N},
}


# What the memorial roll publishes of a person whose name is cleared (and nothing else of them).
MEMORIAL_FIELDS = frozenset(
    {
        "id",
        "name",
        "name_ar",
        "name_latin",
        "display_name",
        "profession",
        "affiliation",
        "fates",
        "memorial_clearance",
    }
)
DISTRICT_LEVEL = 2  # administrative levels: 0 country, 1 governorate, 2 district, 3 sub-district


@dataclass(frozen=True)
class Scope:
    """The facts of a row (or of every row of a file) that widen the table."""

    cleared: bool = False  # the person's name is cleared for publication
    public_level: int = 0  # the public location level (0 country, 1 governorate, 2 district)


NO_SCOPE = Scope()


def level_of(entity: str, field: str, scope: Scope = NO_SCOPE) -> Level:
    """The class of ``entity.field``: its own entry, else the entity's ``*`` default, else public;
    public where the scope says so (a cleared name, the district at the district public level)."""
    if entity == "person" and scope.cleared and field in MEMORIAL_FIELDS:
        return Level.PUBLIC
    if entity == "incident" and field == "district" and scope.public_level >= DISTRICT_LEVEL:
        return Level.PUBLIC
    classes = FIELD_CLASSES.get(entity, {})
    return classes.get(field, classes.get("*", Level.PUBLIC))


def visible(entity: str, field: str, clearance: Level, scope: Scope = NO_SCOPE) -> bool:
    return level_of(entity, field, scope) <= clearance
