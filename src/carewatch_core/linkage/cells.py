"""One cell of an analyst's list, as real lists write it.

Lists come from spreadsheets and other programs' exports, not from a form: a header written
``Record ID``, ages stored as ``35.0``, dates as ``03/05/2013`` or ``2013-05-03 00:00:00`` or a
spreadsheet's own date, sex as ``Adult - Male``, ``ذكر`` or ``femme``, a latitude with a decimal
comma (read by the import's ``as_float``). Each reader here takes what such a list holds and gives
the value, or ``None`` with the cell left for the caller to report as a problem; nothing is guessed
(a date that could be 3 May or 5 March is read only when the file, or the analyst, says which comes
first).
"""

from __future__ import annotations

import datetime
import re

from carewatch_core.digits import ascii_digits
from carewatch_core.imports.tables import Cell

#: What a list writes for a man or a woman, word by word (English, French, Arabic).
MALE_WORDS = frozenset(
    {"m", "male", "man", "men", "boy", "masculin", "homme", "garçon", "garcon", "ذكر", "رجل"}
)
FEMALE_WORDS = frozenset(
    {
        "f",
        "female",
        "woman",
        "women",
        "girl",
        "féminin",
        "feminin",
        "femme",
        "fille",
        "أنثى",
        "انثى",
        "أنثي",
        "انثي",
        "امرأة",
        "امراة",
        "إمرأة",
        "طفلة",
        "فتاة",
    }
)
#: Words that come with the sex in some lists' one column ("Adult - Male", "Child - Female")
#: and say nothing of it: a value of these alone is read as sex unknown.
AGE_CLASS_WORDS = frozenset(
    {"adult", "child", "minor", "adulte", "enfant", "mineur", "بالغ", "طفل", "قاصر"}
)
#: Other names lists give the columns (as ``header_name`` writes them): used when the column's own
#: name is not in the header.
HEADER_ALIASES = {
    # English
    "id": "record_id",
    "gender": "sex",
    "name": "name_latin",
    "full_name": "name_latin",
    "arabic_name": "name_ar",
    "name_arabic": "name_ar",
    "name_en": "name_latin",
    "name_english": "name_latin",
    "english_name": "name_latin",
    "latin_name": "name_latin",
    "dod": "date_of_death",
    "death_date": "date_of_death",
    "date_of_death_day": "date_of_death",
    "place_of_death": "place",
    "location": "place",
    "governorate": "place",
    # French
    "sexe": "sex",
    "âge": "age",
    "nom_arabe": "name_ar",
    "nom_latin": "name_latin",
    "date_de_décès": "date_of_death",
    "date_du_décès": "date_of_death",
    "lieu": "place",
    "lieu_du_décès": "place",
    # Arabic: the number, the name, sex, age, date of death (or of martyrdom), place, governorate, source,
    # profession
    "الرقم": "record_id",
    "رقم": "record_id",
    "الرقم_التسلسلي": "record_id",
    "المعرف": "record_id",
    "الاسم": "name_ar",
    "الاسم_الكامل": "name_ar",
    "الجنس": "sex",
    "العمر": "age",
    "تاريخ_الوفاة": "date_of_death",
    "تاريخ_الاستشهاد": "date_of_death",
    "المكان": "place",
    "مكان_الوفاة": "place",
    "مكان_الاستشهاد": "place",
    "المحافظة": "place",
    "المصدر": "source",
    "المهنة": "profession",
}
_WORDS = re.compile(r"[^\W_]+")
_WHOLE = re.compile(r"(\d+)(?:[.,]0+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+")


def header_name(cell: Cell) -> str:
    """A column's name as the reader looks it up: ``Record ID`` and ``record-id`` are
    ``record_id``; ``Name (AR)`` is ``name_ar``."""
    text = "" if cell is None else str(cell)
    return "_".join(_WORDS.findall(text.casefold()))


def cell_text(cell: Cell) -> str:
    """The cell as text: a whole number stored as ``35.0`` is ``35``, a spreadsheet's date
    ``2013-05-03`` (with its time when it has one)."""
    if type(cell) is str:  # every cell of a CSV file
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def sex_of(text: str) -> str | None:
    """``m``, ``f``, ``""`` when the value names no sex ("Adult"), ``None`` when it cannot be
    read (an unknown word, or both sexes)."""
    sexes = set()
    for word in _WORDS.findall(text.casefold()):
        if word in MALE_WORDS:
            sexes.add("m")
        elif word in FEMALE_WORDS:
            sexes.add("f")
        elif word not in AGE_CLASS_WORDS:
            return None
    if len(sexes) > 1:
        return None
    return sexes.pop() if sexes else ""


def whole_number(text: str) -> int | None:
    """A whole number as lists write it: ``35``, ``٣٥``, ``35.0`` (a spreadsheet's number),
    ``1,200`` or ``1 200`` (thousands); ``None`` for anything else."""
    text = ascii_digits(text).strip()
    if _THOUSANDS.fullmatch(text):
        return int(re.sub(r"\D", "", text))
    found = _WHOLE.fullmatch(text)
    return int(found.group(1)) if found else None


_APPROXIMATELY = r"(?:~|c\.|ca\.|about|approx\.?|approximately|around|environ|حوالي|حوالى|نحو)?\s*"
_YEARS = r"(?:\s*(?:years?|yrs?|y|ans?|سنة|سنه|سنوات|عام|عاما|عامًا|عاماً)(?:\s+old)?)?"
_AGE_YEARS = re.compile(_APPROXIMATELY + r"(\d+)(?:[.,]0+)?" + _YEARS, re.IGNORECASE)
_AGE_UNDER_A_YEAR = re.compile(
    r"\d+\s*(?:months?|mois|weeks?|semaines?|days?|jours?|أشهر|اشهر|شهر|شهرا|شهرًا|شهراً|"
    r"أسابيع|اسابيع|أسبوع|اسبوع|أيام|ايام|يوم|يوما|يومًا|يوماً)",
    re.IGNORECASE,
)
_AGE_RANGE = re.compile(r"(\d+)\s*(?:-|–|to|à|إلى|الى)\s*(\d+)" + _YEARS, re.IGNORECASE)


def age_of(text: str) -> tuple[int | None, bool]:
    """An age in whole years as lists write it, and whether it was a range: ``35``, ``35.0``,
    ``35 years``, ``٣٥ عاماً``, ``~35``, ``حوالي 35``; under a year (``6 months``, ``3 أيام``) is 0;
    a range (``30-35``) is its middle, rounded down (``(32, True)``); ``(None, False)`` for
    anything else."""
    text = ascii_digits(text).strip()
    if found := _AGE_YEARS.fullmatch(text):
        return int(found.group(1)), False
    if _AGE_UNDER_A_YEAR.fullmatch(text):
        return 0, False
    if (found := _AGE_RANGE.fullmatch(text)) and int(found.group(1)) <= int(found.group(2)):
        return (int(found.group(1)) + int(found.group(2))) // 2, True
    return None, False


#: Words that say a person was not identified ("Unidentified", "مجهول الهوية", "inconnu") …
UNIDENTIFIED_WORDS = frozenset(
    {
        "unknown",
        "unidentified",
        "anonymous",
        "unnamed",
        "مجهول",
        "مجهولة",
        "معروف",
        "معروفة",
        "inconnu",
        "inconnue",
        "identifié",
        "identifiée",
        "identifie",
        "identifiee",
    }
)
#: … and the words that come with them ("Unidentified child", "جثة مجهولة الهوية", "non identifié").
UNIDENTIFIED_COMPANIONS = frozenset(
    {
        "person",
        "name",
        "man",
        "woman",
        "child",
        "boy",
        "girl",
        "male",
        "female",
        "victim",
        "body",
        "martyr",
        "الهوية",
        "الاسم",
        "غير",
        "شخص",
        "رجل",
        "امرأة",
        "امراة",
        "طفل",
        "طفلة",
        "جثة",
        "جثمان",
        "شهيد",
        "شهيدة",
        "non",
        "personne",
        "homme",
        "femme",
        "enfant",
        "victime",
        "corps",
        "nom",
    }
)


def unidentified(name: str) -> bool:
    """Does ``name`` say the person was not identified ("Unidentified", "Unknown child 3",
    "مجهول الهوية", "جثة مجهولة", "non identifié")? Such names are the same for many people, and
    linked on them, all of a list's unidentified dead would be one person."""
    words = [w for w in _WORDS.findall(name.casefold()) if not w.isdigit()]
    return (
        bool(words)
        and any(w in UNIDENTIFIED_WORDS for w in words)
        and all(w in UNIDENTIFIED_WORDS or w in UNIDENTIFIED_COMPANIONS for w in words)
    )
