"""Short report texts for generated incidents in Arabic, English and French.

Sources write in their own language, so the demo's incident pages show narratives side by
side in several scripts; the phrases are plain templates, not translations of real reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

# Weapon (or attack type, for attacks without one) → the phrase that opens the report.
WEAPON_PHRASES: dict[str, dict[str, str]] = {
    "aerial_bomb_plane": {
        "en": "An airstrike hit",
        "ar": "غارة جوية استهدفت",
        "fr": "Une frappe aérienne a touché",
    },
    "aerial_bomb_drone": {
        "en": "A drone strike hit",
        "ar": "غارة بطائرة مسيّرة استهدفت",
        "fr": "Une frappe de drone a touché",
    },
    "barrel_bomb": {
        "en": "A barrel bomb hit",
        "ar": "برميل متفجر استهدف",
        "fr": "Un baril d'explosifs a touché",
    },
    "missile": {"en": "A missile hit", "ar": "صاروخ استهدف", "fr": "Un missile a touché"},
    "shelling": {
        "en": "Artillery shelling hit",
        "ar": "قصف مدفعي استهدف",
        "fr": "Des tirs d'artillerie ont touché",
    },
    "rocket": {"en": "A rocket hit", "ar": "قذيفة صاروخية استهدفت", "fr": "Une roquette a touché"},
    "cluster": {
        "en": "Cluster munitions hit",
        "ar": "ذخائر عنقودية استهدفت",
        "fr": "Des sous-munitions ont touché",
    },
    "chemical": {
        "en": "A chemical attack affected",
        "ar": "هجوم بمواد كيميائية طال",
        "fr": "Une attaque chimique a touché",
    },
    "firearms": {
        "en": "Gunmen opened fire on",
        "ar": "مسلحون أطلقوا النار على",
        "fr": "Des hommes armés ont tiré sur",
    },
    "ied": {
        "en": "An explosive device went off at",
        "ar": "انفجرت عبوة ناسفة عند",
        "fr": "Un engin explosif a explosé devant",
    },
    "vbied": {
        "en": "A car bomb exploded near",
        "ar": "انفجرت سيارة مفخخة قرب",
        "fr": "Une voiture piégée a explosé près de",
    },
    "arson": {
        "en": "A fire was set at",
        "ar": "أُضرمت النار في",
        "fr": "Un incendie a été allumé dans",
    },
    "threat": {
        "en": "Staff received threats at",
        "ar": "تلقى العاملون تهديدات في",
        "fr": "Le personnel a été menacé à",
    },
    "obstruction": {
        "en": "Armed men stopped and held",
        "ar": "منع مسلحون مرور",
        "fr": "Des hommes armés ont bloqué",
    },
    "abduction_arrest": {
        "en": "Health workers were taken from",
        "ar": "اعتُقل عاملون صحيون من",
        "fr": "Des soignants ont été emmenés de",
    },
    "armed_search": {
        "en": "Armed men searched",
        "ar": "قام مسلحون بتفتيش",
        "fr": "Des hommes armés ont fouillé",
    },
    "militarization": {
        "en": "Armed forces took over",
        "ar": "تمركزت قوات عسكرية في",
        "fr": "Des forces armées ont occupé",
    },
    "removal_of_assets": {
        "en": "Medical supplies were seized at",
        "ar": "صودرت مستلزمات طبية من",
        "fr": "Du matériel médical a été saisi à",
    },
    "assault": {
        "en": "Staff were beaten at",
        "ar": "تعرض العاملون للضرب في",
        "fr": "Des soignants ont été frappés à",
    },
    "unknown": {"en": "An attack hit", "ar": "هجوم استهدف", "fr": "Une attaque a touché"},
}

# The English incident title starts with this, then names the target and the town.
TITLE_PREFIX: dict[str, str] = {
    "aerial_bomb_plane": "Airstrike on",
    "aerial_bomb_drone": "Drone strike on",
    "barrel_bomb": "Barrel bomb on",
    "missile": "Missile strike on",
    "shelling": "Shelling of",
    "rocket": "Rocket attack on",
    "cluster": "Cluster munitions on",
    "chemical": "Chemical attack affecting",
    "firearms": "Shooting at",
    "ied": "Explosive device at",
    "vbied": "Car bomb near",
    "arson": "Arson at",
    "threat": "Threats against",
    "obstruction": "Obstruction of",
    "abduction_arrest": "Health workers detained at",
    "armed_search": "Armed search of",
    "militarization": "Military occupation of",
    "removal_of_assets": "Supplies seized from",
    "assault": "Assault on staff of",
    "unknown": "Attack on",
}

# What was hit when no registered facility is named, by location type.
TARGETS: dict[str, dict[str, str]] = {
    "health_building": {"en": "a health post", "ar": "نقطة طبية", "fr": "un poste de santé"},
    "ambulance_road": {"en": "an ambulance", "ar": "سيارة إسعاف", "fr": "une ambulance"},
    "checkpoint": {
        "en": "a medical team at a checkpoint",
        "ar": "فريقاً طبياً على حاجز",
        "fr": "une équipe médicale à un barrage",
    },
    "home": {"en": "the home of a doctor", "ar": "منزل طبيب", "fr": "le domicile d'un médecin"},
    "idp_camp": {
        "en": "a clinic in a camp for displaced people",
        "ar": "عيادة في مخيم للنازحين",
        "fr": "une clinique dans un camp de déplacés",
    },
    "warehouse": {"en": "a medical warehouse", "ar": "مستودعاً طبياً", "fr": "un entrepôt médical"},
    "other": {"en": "a medical team", "ar": "فريقاً طبياً", "fr": "une équipe médicale"},
}

IN_PLACE = {
    "en": "in {town} ({governorate}) on {date}.",
    "ar": "في {town} ({governorate}) بتاريخ {date}.",
    "fr": "à {town} ({governorate}) le {date}.",
}

COUNT_LABELS: dict[str, dict[str, str]] = {
    "killed_hw": {
        "en": "health workers killed",
        "ar": "قتلى من الكوادر الطبية",
        "fr": "soignants tués",
    },
    "injured_hw": {
        "en": "health workers injured",
        "ar": "جرحى من الكوادر الطبية",
        "fr": "soignants blessés",
    },
    "killed_patients": {"en": "patients killed", "ar": "قتلى من المرضى", "fr": "patients tués"},
    "injured_patients": {
        "en": "patients injured",
        "ar": "جرحى من المرضى",
        "fr": "patients blessés",
    },
    "killed_others": {
        "en": "other people killed",
        "ar": "قتلى آخرون",
        "fr": "autres personnes tuées",
    },
    "injured_others": {
        "en": "other people injured",
        "ar": "جرحى آخرون",
        "fr": "autres personnes blessées",
    },
    "killed_children": {
        "en": "children among the dead",
        "ar": "أطفال بين القتلى",
        "fr": "enfants parmi les morts",
    },
    "injured_children": {
        "en": "children among the injured",
        "ar": "أطفال بين الجرحى",
        "fr": "enfants parmi les blessés",
    },
    "hw_abducted": {
        "en": "health workers abducted",
        "ar": "عاملون صحيون مختطفون",
        "fr": "soignants enlevés",
    },
    "hw_arrested": {
        "en": "health workers arrested",
        "ar": "عاملون صحيون معتقلون",
        "fr": "soignants arrêtés",
    },
    "hw_detained": {
        "en": "health workers detained",
        "ar": "عاملون صحيون محتجزون",
        "fr": "soignants détenus",
    },
}

TOLL = {"en": "Toll reported: {items}.", "ar": "الحصيلة: {items}.", "fr": "Bilan : {items}."}
LIST_SEPARATOR = {"en": "; ", "ar": "، ", "fr": " ; "}

IMPACT: dict[str, dict[str, str]] = {
    "destroyed": {
        "en": "The building was destroyed.",
        "ar": "دُمّر المبنى بالكامل.",
        "fr": "Le bâtiment a été détruit.",
    },
    "damaged": {
        "en": "The building was damaged.",
        "ar": "لحقت أضرار بالمبنى.",
        "fr": "Le bâtiment a été endommagé.",
    },
    "full": {
        "en": "All services stopped.",
        "ar": "توقف المرفق عن العمل.",
        "fr": "Tous les services ont été suspendus.",
    },
    "partial": {
        "en": "Some services stopped.",
        "ar": "توقف جزئي للخدمات.",
        "fr": "Une partie des services a été suspendue.",
    },
}

PERPETRATOR_TEXT: dict[str, dict[str, str]] = {
    "state_forces": {
        "en": "government aircraft or artillery",
        "ar": "قوات حكومية",
        "fr": "forces gouvernementales",
    },
    "foreign_forces": {"en": "foreign aircraft", "ar": "طيران أجنبي", "fr": "aviation étrangère"},
    "non_state_group": {"en": "an armed group", "ar": "مجموعة مسلحة", "fr": "un groupe armé"},
    "police_security": {"en": "security forces", "ar": "قوات أمنية", "fr": "forces de sécurité"},
    "criminal": {
        "en": "unidentified gunmen",
        "ar": "مسلحون مجهولون",
        "fr": "des hommes armés non identifiés",
    },
    "patient_family": {
        "en": "a patient's relatives",
        "ar": "أقارب أحد المرضى",
        "fr": "des proches d'un patient",
    },
    "unknown": {"en": "unknown", "ar": "مجهول", "fr": "inconnu"},
}

PROFESSION_TEXT: dict[str, dict[str, str]] = {
    "doctor": {"en": "doctor", "ar": "طبيب", "fr": "médecin"},
    "surgeon": {"en": "surgeon", "ar": "جراح", "fr": "chirurgien"},
    "nurse": {"en": "nurse", "ar": "ممرض", "fr": "infirmier"},
    "midwife": {"en": "midwife", "ar": "قابلة", "fr": "sage-femme"},
    "pharmacist": {"en": "pharmacist", "ar": "صيدلاني", "fr": "pharmacien"},
    "dentist": {"en": "dentist", "ar": "طبيب أسنان", "fr": "dentiste"},
    "paramedic": {"en": "paramedic", "ar": "مسعف", "fr": "secouriste"},
    "ambulance_driver": {"en": "ambulance driver", "ar": "سائق إسعاف", "fr": "ambulancier"},
    "technician": {"en": "lab technician", "ar": "فني مخبر", "fr": "technicien de laboratoire"},
    "medical_student": {"en": "medical student", "ar": "طالب طب", "fr": "étudiant en médecine"},
    "mental_health": {"en": "psychologist", "ar": "أخصائي نفسي", "fr": "psychologue"},
    "support_staff": {
        "en": "hospital staff",
        "ar": "موظف في المشفى",
        "fr": "personnel de l'hôpital",
    },
    "other": {"en": "health worker", "ar": "عامل صحي", "fr": "agent de santé"},
    "not_health_worker": {"en": "patient", "ar": "مريض", "fr": "patient"},
}


def narrative(
    language: str,
    opener: str,
    target: str,
    town: str,
    governorate: str,
    day: datetime.date,
    counts: Mapping[str, tuple[int, int | None]],
    impacts: list[str],
) -> str:
    """One report's text: what hit what, where and when, the toll it gives, the damage."""
    parts = [
        f"{WEAPON_PHRASES[opener][language]} {target} "
        + IN_PLACE[language].format(town=town, governorate=governorate, date=day.isoformat())
    ]
    if counts:
        items = LIST_SEPARATOR[language].join(
            f"{COUNT_LABELS[m][language]} {_display(c)}" for m, c in counts.items()
        )
        parts.append(TOLL[language].format(items=items))
    parts += [IMPACT[i][language] for i in impacts if i in IMPACT]
    return " ".join(parts)


def _display(count: tuple[int, int | None]) -> str:
    low, high = count
    return f"{low}–{high}" if high is not None and high != low else str(low)
