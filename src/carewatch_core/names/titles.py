"""What lists write around a name that is not the name: a title before it ("الشهيد", "Dr.", "الممرضة"),
a nickname or note in brackets ("(أبو خالد)", "[nurse]"), and the mother's name or a nickname after it
("محمد أحمد الحلبي والدته فاطمة", "… الملقب أبو خالد", "… aka Abu Khaled").

Casualty lists often open a name with the martyr's title or the person's profession, and one release
of a list may write them where another does not: left in, "الدكتور محمد أحمد الحلبي" would have
"الدكتور" as its given name and every part one place out. A title is taken off the start only while
two words of the name remain (a one- or two-word name is left as written); a bracketed fragment
is taken out wherever it stands.
"""

from __future__ import annotations

import re

#: Titles a list puts before a name (Arabic, English, French), compared without case and without a
#: final full stop or colon. Words that are also given names (Sayyid, Shahid, Hajji as a name) are
#: left out; the Arabic ones are listed with their article, as titles are written.
TITLES = frozenset(
    {
        # Arabic: the martyr, doctor, nurse, paramedic, pharmacist, engineer, teacher, pilgrim,
        # Mr/Mrs, child; "د" is the abbreviation of doctor.
        "الشهيد",
        "الشهيدة",
        "الدكتور",
        "الدكتورة",
        "د",
        "الطبيب",
        "الطبيبة",
        "الممرض",
        "الممرضة",
        "المسعف",
        "المسعفة",
        "الصيدلاني",
        "الصيدلانية",
        "المهندس",
        "المهندسة",
        "الأستاذ",
        "الاستاذ",
        "الأستاذة",
        "الاستاذة",
        "الحاج",
        "الحاجة",
        "السيد",
        "السيدة",
        "الطفل",
        "الطفلة",
        # English and French.
        "dr",
        "doctor",
        "docteur",
        "martyr",
        "nurse",
        "infirmier",
        "infirmière",
        "paramedic",
        "pharmacist",
        "eng",
        "engineer",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mme",
        "child",
    }
)
_BRACKETED = re.compile(r"[(\[{][^)\]}]*[)\]}]")
#: Words after which a list writes what is not the person's own name: the mother's name ("والدته
#: فاطمة", "mother: Fatima") or a nickname ("الملقب أبو خالد", "aka Abu Khaled").
ENDS = frozenset(
    {
        "والدته",
        "والدتها",
        "أمه",
        "امه",
        "أمها",
        "امها",
        "الملقب",
        "الملقبة",
        "الملقّب",
        "الملقّبة",
        "mother",
        "mother's",
        "mère",
        "aka",
        "a.k.a.",
        "alias",
        "dit",
        "dite",
        "surnommé",
        "surnommée",
        "nicknamed",
    }
)


def _bare(word: str) -> str:
    return word.casefold().rstrip(".:")


def without_titles(text: str) -> str:
    """``text`` without bracketed fragments, without what follows the mother's name or a nickname
    (after two words of the name at least), and without the titles before the name while two words
    of it remain: ``without_titles("الشهيد الطبيب محمد أحمد")`` is ``"محمد أحمد"``."""
    if "(" in text or "[" in text or "{" in text:
        text = _BRACKETED.sub(" ", text)
    words = text.split()
    end = next((i for i, word in enumerate(words) if i >= 2 and _bare(word) in ENDS), len(words))
    start = 0
    while end - start > 2 and _bare(words[start]) in TITLES:
        start += 1
    return " ".join(words[start:end]) if start or end < len(words) else text
