"""What a quantity counts: the vocabulary of measures and populations (codes shared with the
figure records, ``sources.choices.FigureMeasure`` and ``FigurePopulation``), and the words that
name them in English, French and Arabic.

A figure's measure comes from two things near its number: the noun it counts (people, children,
health workers, hospitals, ambulances, attacks, signatures, treatments) and what happened to them
(killed, injured, attacked, out of service, destroyed, supported, run, besieged, displaced).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from carewatch_core.extraction.text import ARABIC_LETTER, ARABIC_MARKS, arabic_pattern
from carewatch_core.lazyre import lazy_compile

MEASURES = (
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "staff_killed",
    "staff_injured",
    "attacks",
    "facilities_attacked",
    "facilities_out_of_service",
    "facilities_destroyed",
    "facilities_supported",
    "facilities_run",
    "ambulances_hit",
    "signatures",
    "treatments",
    "people_besieged",
    "displaced",
)
POPULATIONS = (
    "civilians",
    "children",
    "health_workers",
    "patients",
    "hospitals",
    "health_facilities",
    "ambulances",
    "supporters",
    "people",
)


def _words(latin: str, arabic: str = "") -> tuple[list[str], list[str]]:
    """The expressions of Latin words or phrases ("|"-separated, ``*`` for any word ending) and
    of Arabic stems (matched with their clitics and endings)."""
    latin_parts = [
        re.escape(phrase.strip()).replace(r"\*", r"[\wÀ-ÿ]*").replace(r"\ ", r"\s+")
        for phrase in filter(None, latin.split("|"))
    ]
    arabic_parts = [
        r"\s+".join(arabic_pattern(w) for w in stem.strip().split())
        for stem in filter(None, arabic.split("|"))
    ]
    return latin_parts, arabic_parts


# An Arabic word may carry "and", "with", "for", "like" and the article before its stem.
_CLITICS = "(?:[وفبلك]?(?:ال|لل)?)"
_AR = f"[{ARABIC_LETTER}]"
_ARABIC_TEXT = re.compile(_AR)
_LATIN_TEXT = re.compile(r"[A-Za-zÀ-ÿ]")


@dataclass(frozen=True)
class Vocabulary:
    """A table of words in two regular expressions (one per script), each tried only at the start
    of a word and only on a text of its script; ``codes`` names what one of them matched."""

    latin: re.Pattern[str]
    arabic: re.Pattern[str]
    codes: list[tuple[str, re.Pattern[str]]]

    def code_of(self, word: str) -> str:
        return next(code for code, pattern in self.codes if pattern.fullmatch(word))


def _latin(parts: list[str]) -> str:
    return rf"(?<![\wÀ-ÿ])(?:{'|'.join(parts)})(?![\wÀ-ÿ])" if parts else r"(?!x)x"


def _arabic(parts: list[str]) -> str:
    joined = "|".join(parts)
    return (
        rf"(?<!{_AR}){_CLITICS}(?:{joined})[{ARABIC_LETTER}{ARABIC_MARKS}]{{0,3}}(?!{_AR})"
        if parts
        else r"(?!x)x"
    )


def _compile(table: list[tuple[str, tuple[list[str], list[str]]]]) -> Vocabulary:
    def longest_first(parts: set[str]) -> list[str]:
        return sorted(parts, key=len, reverse=True)

    latin = longest_first({p for _code, (ps, _a) in table for p in ps})
    arabic = longest_first({p for _code, (_l, ps) in table for p in ps})
    codes = [
        (code, lazy_compile(f"{_latin(ls)}|{_arabic(ars)}", re.I)) for code, (ls, ars) in table
    ]
    return Vocabulary(lazy_compile(_latin(latin), re.I), lazy_compile(_arabic(arabic)), codes)


#: What is counted: (noun code, pattern). Order matters where words overlap: the first wins.
NOUNS = _compile(
    [
        ("children", _words("child|children|kids|enfants|enfant|mineurs", "طفل|أطفال|اطفال")),
        (
            "health_workers",
            _words(
                "health workers|health care workers|healthcare workers|medical staff|medical "
                "workers|medical personnel|health staff|staff|doctors|doctor|nurses|nurse|"
                "paramedics|paramedic|surgeons|surgeon|pharmacists|midwives|first responders|"
                "rescuers|volunteers|aid workers|soignants|soignant|personnels? soignants?|"
                "personnel médical|personnels médicaux|médecins|médecin|infirmiers|infirmières|"
                "infirmier|infirmière|secouristes|ambulanciers|pharmaciens|chirurgiens",
                "عامل صحي|عاملين صحيين|العاملين الصحيين|العاملين في القطاع الصحي|كوادر طبية|كادر طبي|"
                "طبيب|أطباء|ممرض|ممرضة|ممرضين|مسعف|مسعفين|مسعفون|صيادلة|جراح",
            ),
        ),
        ("patients", _words("patients|patient|blessés hospitalisés", "مريض|مرضى")),
        (
            "civilians",
            _words("civilians|civilian|civils|civil|population civile", "مدني|مدنيين|مدنيون"),
        ),
        (
            "ambulances",
            _words(
                "ambulances|ambulance|véhicules? sanitaires?",
                "سيارة إسعاف|سيارات إسعاف|سيارات الإسعاف|سيارتي|سيارتا|إسعاف",
            ),
        ),
        (
            "hospitals",
            _words(
                "hospitals|hospital|hôpitaux|hôpital|hopitaux", "مستشفى|مستشفيات|مشفى|مشافي|مستشفي"
            ),
        ),
        (
            "health_facilities",
            _words(
                "health facilities|health facility|medical facilities|medical facility|health "
                "centres|health centers|health centre|health center|clinics|clinic|medical points|"
                "facilities|centres de santé|centre de santé|centres de soins|établissements de "
                "santé|établissements médicaux|structures médicales|structures de santé|"
                "dispensaires|cliniques|points médicaux",
                "منشأة صحية|منشآت صحية|المنشآت الصحية|منشأة|منشآت|مرفق صحي|مرافق صحية|مركز صحي|"
                "مراكز صحية|مستوصف|مستوصفات|عيادة|عيادات|نقطة طبية|نقاط طبية|مركز|مراكز",
            ),
        ),
        (
            "attacks",
            _words(
                "attacks|attack|airstrikes|air strikes|strikes|bombings|incidents|assaults|"
                "attaques|attaque|frappes|bombardements|raids|incidents",
                "هجوم|هجمات|غارة|غارات|اعتداء|اعتداءات|استهداف",
            ),
        ),
        (
            "signatures",
            _words("signatures|signatories|signataires|signatures", "توقيع|توقيعات|تواقيع|موقع"),
        ),
        (
            "treatments",
            _words(
                "treatments|medical treatments|consultations|operations|surgeries|soins|"
                "traitements|consultations médicales|interventions",
                "علاج|معالجة|استشارة|استشارات|عملية جراحية|عمليات جراحية|خدمة طبية|خدمات طبية",
            ),
        ),
        (
            "people",
            _words(
                "people|persons|person|individuals|victims|residents|inhabitants|personnes|"
                "victimes|habitants|gens|supporters",
                "شخص|أشخاص|اشخاص|ضحية|ضحايا|نسمة|مواطن|مواطنين|سكان",
            ),
        ),
    ]
)

#: What happened to what is counted: (outcome code, pattern).
OUTCOMES = _compile(
    [
        (
            "out_of_service",
            _words(
                "out of service|out of action|out of order|non-functional|not functioning|"
                "stopped functioning|stopped working|shut down|forced to close|closed|"
                "hors service|hors d'usage|hors d'état|à l'arrêt|fermé*|ont fermé|"
                "ne fonctionnent plus|ne fonctionne plus",
                "خارج الخدمة|عن الخدمة|توقف عن العمل|توقفت عن العمل|متوقفة|أغلقت|اغلاق|إغلاق",
            ),
        ),
        (
            "destroyed",
            _words("destroyed|razed|levelled|leveled|détruit*|rasé*", "دمر|تدمير|مدمرة|دمار"),
        ),
        (
            "killed",
            _words(
                "killed|dead|died|deaths|death|lost their lives|lost|murdered|executed|"
                "tué*|mort|morts|mortes|décédé*|ont péri|ont perdu la vie|perdu|"
                "assassiné*|exécuté*|victimes",
                "قتل|قتلى|مقتل|قتلوا|استشهد|استشهاد|شهيد|شهداء|لقي حتفه|لقوا حتفهم|حتفهم|وفاة|توفي|"
                "موت|ضحايا|ضحية",
            ),
        ),
        (
            "injured",
            _words(
                "injured|wounded|maimed|hurt|injuries|casualties|blessé*|blessures",
                "جرحى|جريح|جرح|إصابة|إصابات|أصيب|أصيبوا|مصاب|مصابين|مصابون",
            ),
        ),
        (
            "attacked",
            _words(
                "attacked|bombed|hit|struck|targeted|shelled|damaged|attacks on|strikes on|"
                "attaqué*|bombardé*|visé*|ciblé*|frappé*|touché*|endommagé*|"
                "attaques contre|attaques sur",
                "استهدف|استهداف|قصف|هجوم على|هجمات على|ضرب|تضرر|تضررت|أصيبت|الهجوم",
            ),
        ),
        (
            "supported",
            _words(
                "support|supports|supported|supporting|funds|funded|soutenons|soutient|soutiennent|soutenu*|"
                "soutien|appuie|appuient|appuyé*|financé*",
                "يدعم|تدعم|ندعم|دعم|بدعم|المدعومة|مدعومة",
            ),
        ),
        (
            "run",
            _words(
                "operates|operated|runs|manages|managed|gère|gèrent|exploite", "يدير|تدير|تشغل|يشغل"
            ),
        ),
        (
            "signed",
            _words(
                "signed|have signed|signed the petition|backed the call|supported the call|"
                "ont signé|signé|signée|soutenu l'appel|soutenu la pétition|appuyé l'appel",
                "وقع|وقعوا|توقيع|وقّع",
            ),
        ),
        (
            "performed",
            _words(
                "performed|provided|delivered|carried out|réalisé|réalisés|dispensés|prodigués",
                "قدم|قدمت|أجرى|أجرت",
            ),
        ),
        (
            "treated",
            _words(
                "treated|cared for|soigné*|traité*|pris en charge|prises en charge",
                "عولج|عولجوا|تلقى العلاج|تلقوا العلاج|معالجة",
            ),
        ),
        (
            "besieged",
            _words("besieged|under siege|trapped|assiégé*|encerclé*", "محاصر|محاصرين|الحصار|حصار"),
        ),
        (
            "displaced",
            _words(
                "displaced|fled|uprooted|déplacé*|ont fui", "نزح|نازح|نازحين|نزوح|مهجر|مهجرين|تهجير"
            ),
        ),
    ]
)


@dataclass(frozen=True, slots=True)
class Found:
    code: str
    start: int
    end: int


def found_in(table: Vocabulary, text: str, start: int, end: int) -> list[Found]:
    """Every word of ``table`` in ``text[start:end]``, a shorter one inside a longer dropped."""
    hits = []
    stretch = text[start:end]
    for pattern, script in ((table.latin, _LATIN_TEXT), (table.arabic, _ARABIC_TEXT)):
        if script.search(stretch):
            hits += [
                Found(table.code_of(m.group(0)), m.start(), m.end())
                for m in pattern.finditer(text, start, end)
            ]
    hits.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Found] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


class Words:
    """Every word of a table in one text, found in one pass and then asked for by stretch (a
    sentence has as many stretches as quantities)."""

    def __init__(self, table: Vocabulary, text: str) -> None:
        self.hits = found_in(table, text, 0, len(text))
        self.starts = [hit.start for hit in self.hits]

    def between(self, start: int, end: int) -> list[Found]:
        i = bisect.bisect_left(self.starts, start)
        found = []
        while i < len(self.hits) and self.hits[i].start < end:
            if self.hits[i].end <= end:
                found.append(self.hits[i])
            i += 1
        return found


_FACILITY = {"hospitals", "health_facilities"}
_PEOPLE = {"children", "health_workers", "patients", "civilians", "people", None}
_FACILITY_OUTCOMES = {
    "out_of_service": "facilities_out_of_service",
    "destroyed": "facilities_destroyed",
    "attacked": "facilities_attacked",
    "supported": "facilities_supported",
    "run": "facilities_run",
}


def measure_of(noun: str | None, outcome: str | None) -> str | None:
    """The measure a noun and an outcome make together, or ``None`` when they make none."""
    if noun == "signatures" or (outcome == "signed" and noun in ("people", None)):
        return "signatures"
    if noun == "treatments":
        return "treatments"
    if noun == "ambulances":  # "أصيبت" is said of a vehicle hit as of a person injured
        hit = ("attacked", "destroyed", "out_of_service", "injured")
        return "ambulances_hit" if outcome in hit else None
    if noun == "attacks":
        return "attacks"
    if noun in _FACILITY:
        return _FACILITY_OUTCOMES.get("attacked" if outcome == "injured" else outcome or "")
    if noun not in _PEOPLE:
        return None
    if outcome in ("killed", "injured"):
        prefix = {"children": "children_", "health_workers": "staff_"}.get(noun or "", "")
        return prefix + outcome
    return {"besieged": "people_besieged", "displaced": "displaced", "treated": "treatments"}.get(
        outcome or ""
    )
