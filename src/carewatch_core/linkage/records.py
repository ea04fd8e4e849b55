"""The records linkage reads: one person or one incident as one source gives it.

Every field but ``record_id`` and ``source`` may be empty (``""`` or ``None``): sources
leave out what they do not know. Values are as received; the linkers normalise them.

Also here, for the same reason (the web side builds them without importing the linker's libraries:
docs/architecture.md, "Start-up"): the records' known place codes and reviewers' labelled pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

#: Date precision codes (ACLED time precision, docs/domain.md): exact day, week, month.
DAY, WEEK, MONTH = 1, 2, 3
#: Half-width in days of the window a date of each precision stands for.
PRECISION_DAYS = {DAY: 0, WEEK: 3, MONTH: 15}


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as one source lists them. ``sex`` is "m", "f" or ""; ``profession``
    a profession code (people/choices.py) or free text; ``place`` a place name in any
    script (where the person died)."""

    record_id: str
    source: str
    name_ar: str = ""
    name_latin: str = ""
    sex: str = ""
    age: int | None = None
    date_of_death: date | None = None
    place: str = ""
    profession: str = ""
    facility: str = ""


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One attack as one source reports it. ``date_precision`` is ``DAY``, ``WEEK`` or
    ``MONTH``; ``attack_types`` are attack-type codes (incidents/choices.py); counts are
    ``None`` when unknown (not zero)."""

    record_id: str
    source: str
    date: date | None = None
    date_precision: int = DAY
    place: str = ""
    lat: float | None = None
    lon: float | None = None
    facility: str = ""
    attack_types: frozenset[str] = frozenset()
    killed: int | None = None
    injured: int | None = None


#: Known place codes of records: record id → (governorate p-code, sub-district p-code or "").
PlaceCodes = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class LabelledPair:
    """A reviewer's decision on two record ids: ``match`` True (same) or False (not the same)."""

    left: str
    right: str
    match: bool
