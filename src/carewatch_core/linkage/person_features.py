"""Person records as the columns person linkage compares, in an Arrow table of fixed types.

Every column has its type whatever the records hold: a list where no row has a date of death
still has a ``dod`` column of dates (all empty), never a column of nulls that a database cannot
type. Each name part comes several ways: its key (consonants, the same in both scripts), its
phonetic key (coarser, for blocking and cross-script comparison), its spelling form (with vowels,
for two spellings in one script: ``names.forms``), whether that form is common in the table
(a form shared by many records is a name, not a typo of another), and the long vowels an Arabic
spelling writes or the vowels a Latin one does (so that حسين never meets Hasan). ``script`` says which script
the compared name is written in.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from carewatch_core.linkage.features import (
    Columns,
    chunked_table,
    facility_key,
    place_codes,
    with_place_codes,
)
from carewatch_core.linkage.records import PersonRecord, PlaceCodes
from carewatch_core.names import NameParts, is_arabic, name_parts
from carewatch_core.names.forms import (
    NAME_CACHES,
    diphthongs,
    long_vowels,
    spelling_form,
    written_long_vowels,
    written_vowels,
)
from carewatch_core.names.phonetic import phonetic_part

PART_NAMES = ("given", "father", "grandfather", "family")
#: A spelling form found in at least this many records (or one in ``COMMON_SHARE`` of them, in a
#: large list, where the same typo of a frequent name recurs) is taken for a name in its own right.
COMMON_FORM = 3
COMMON_SHARE = 1 / 20_000
#: Added to a date for the second, shifted month a date falls in: two dates a few days
#: apart that straddle a month's end share one of the two months (blocking, persons.py).
HALF_MONTH = timedelta(days=15)

_TEXT = pa.string()
_NUMBER = pa.int64()
_BITS = pa.int8()
PERSON_SCHEMA = pa.schema(
    [
        ("unique_id", _TEXT),
        ("source", _TEXT),
        *((part, _TEXT) for part in PART_NAMES),
        *((f"{part}_ph", _TEXT) for part in PART_NAMES),
        *((f"{part}_form", _TEXT) for part in PART_NAMES),
        *((f"{part}_needs", _BITS) for part in PART_NAMES),
        *((f"{part}_has", _BITS) for part in PART_NAMES),
        ("name_key", _TEXT),
        ("script", _BITS),
        ("sex", _TEXT),
        ("age", _NUMBER),
        ("age_band", _NUMBER),
        ("age_band_shifted", _NUMBER),
        ("birth_year", _NUMBER),
        ("dod", pa.date32()),
        ("dod_month", _TEXT),
        ("dod_month_shifted", _TEXT),
        ("adm1", _TEXT),
        ("adm3", _TEXT),
        ("profession", _TEXT),
        ("facility", _TEXT),
    ]
)


@functools.lru_cache(maxsize=1 << 18)
def _parts(name: str) -> NameParts:
    return name_parts(name)


@functools.lru_cache(maxsize=1 << 14)
def _phonetic(key: str) -> str:
    return phonetic_part(key) if key else ""


def _positions(count: int) -> tuple[int | None, ...]:
    """Index of the given, father's, grandfather's and family name among ``count`` parts."""
    return (
        0 if count else None,
        1 if count >= 3 else None,
        2 if count >= 4 else None,
        count - 1 if count >= 2 else None,
    )


@functools.lru_cache(maxsize=1 << 16)
def name_columns(name: str) -> tuple[object, ...]:
    """Keys, phonetic keys, spelling forms and vowels (needed by an Arabic spelling, written by a
    Latin one: ``names.forms.long_vowels``) of the four parts, the whole name's key and its
    script (1 Arabic, 0 Latin; ``None`` for no name)."""
    parts = _parts(name)
    at = _positions(len(parts.keys))
    words = tuple(parts.parts[index] if index is not None else None for index in at)
    keys = tuple(parts.keys[index] if index is not None else "" for index in at)
    last = len(parts.keys) - 1  # the family name, as ``part_key`` takes it
    forms = tuple(
        spelling_form(part, family=index is not None and 0 < index == last) if part else ""
        for index, part in zip(at, words, strict=True)
    )
    arabic = is_arabic(name)
    needs = tuple(
        (long_vowels(part) if arabic else diphthongs(part)) if part else None for part in words
    )
    has = tuple(
        (written_long_vowels(part) if arabic else written_vowels(part)) if part else None
        for part in words
    )
    script = (1 if arabic else 0) if parts.keys else None
    phonetic = tuple(_phonetic(key) for key in keys)
    return keys + phonetic + forms + needs + has + (" ".join(parts.keys), script)


_NAME_COLUMNS = (
    *PART_NAMES,
    *(f"{part}_ph" for part in PART_NAMES),
    *(f"{part}_form" for part in PART_NAMES),
    *(f"{part}_needs" for part in PART_NAMES),
    *(f"{part}_has" for part in PART_NAMES),
    "name_key",
    "script",
)


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02}"


def person_columns(records: Sequence[PersonRecord]) -> Columns:
    """Columns for person linkage, one row per record (``None`` where unknown)."""
    columns: Columns = {name: [] for name in PERSON_SCHEMA.names}
    for record in records:
        _add_person(columns, record)
    return columns


def _add_person(columns: Columns, record: PersonRecord) -> None:
    columns["unique_id"].append(record.record_id)
    columns["source"].append(record.source)
    values = name_columns(record.name_ar.strip() or record.name_latin.strip())
    for name, value in zip(_NAME_COLUMNS, values, strict=True):
        columns[name].append(None if value == "" else value)
    dod, age = record.date_of_death, record.age
    columns["sex"].append(record.sex or None)
    columns["age"].append(age)
    columns["age_band"].append(age // 5 if age is not None else None)
    columns["age_band_shifted"].append((age + 3) // 5 if age is not None else None)
    columns["birth_year"].append(dod.year - age if dod and age is not None else None)
    columns["dod"].append(dod)
    columns["dod_month"].append(_month(dod) if dod else None)
    columns["dod_month_shifted"].append(_month(dod + HALF_MONTH) if dod else None)
    adm1, adm3 = place_codes(record.place)
    columns["adm1"].append(adm1 or None)
    columns["adm3"].append(adm3 or None)
    columns["profession"].append(record.profession or None)
    columns["facility"].append(facility_key(record.facility) if record.facility else None)


def person_table(records: Sequence[PersonRecord], codes: PlaceCodes | None = None) -> Any:
    """The Arrow table of person linkage (``PERSON_SCHEMA`` and ``{part}_common``)."""
    table = chunked_table(
        records, lambda chunk: with_place_codes(person_columns(chunk), codes), PERSON_SCHEMA
    )
    forget_names()
    return with_common_forms(table)


def forget_names() -> None:
    """Empty the caches of name keys and forms: a million records' names fill them with a few
    hundred megabytes that the scoring that follows can use (Python reuses freed memory)."""
    for cached in (name_columns, _parts, _phonetic, *NAME_CACHES):
        cached.cache_clear()


def with_common_forms(table: Any) -> Any:
    """Add ``{part}_common``: 0 unless the part's spelling form is found in at least
    ``COMMON_FORM`` records of the table, or ``COMMON_SHARE`` of them (0 where the part is
    missing); then 1 + the number of vowels the form writes (a form writes each run of vowels as
    one "a"): two common forms with as many vowels are one name spelled two ways (Ismail, Ismael),
    with more or fewer, two names (Muhammad, Mahmud: "mahamad", "mahmad"). One small number, as
    it is carried in each of the millions of candidate pairs of a large list."""
    least = max(COMMON_FORM, round(table.num_rows * COMMON_SHARE))
    for part in PART_NAMES:
        forms = table[f"{part}_form"]
        counts = pc.value_counts(forms.drop_null()) if forms.null_count < len(forms) else None
        common: Any = pa.array([], _TEXT)
        if counts is not None and len(counts):
            frequent = pc.greater_equal(counts.field("counts"), least)
            common = pc.filter(counts.field("values"), frequent)
        flags = pc.fill_null(pc.is_in(forms, value_set=common), False)
        vowels = pc.add(pc.fill_null(pc.count_substring(forms, "a"), 0), 1)
        marks = pc.if_else(flags, pc.min_element_wise(vowels, 100), 0).cast(pa.int8())
        table = table.append_column(f"{part}_common", marks)
    return table
