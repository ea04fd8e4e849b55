"""The seeded catalogue: item groups as the WHO Model List of Essential Medicines (23rd list,
2023) numbers its sections, and the medical devices group of WHO's priority medical devices;
a few items each that trauma hospitals in Syria report running out of. Staff add more
(``carewatch supply_item``)."""

from __future__ import annotations

EML = "WHO Model List of Essential Medicines, 23rd list (2023), section {}"
DEVICES = "WHO list of priority medical devices"

GROUPS = [
    (
        "anaesthetics",
        EML.format(1),
        {"en": "Anaesthetics", "fr": "Anesthésiques", "ar": "مواد التخدير"},
    ),
    (
        "pain",
        EML.format(2),
        {
            "en": "Pain and palliative care",
            "fr": "Douleur et soins palliatifs",
            "ar": "مسكّنات الألم والرعاية التلطيفية",
        },
    ),
    (
        "anti-infectives",
        EML.format(6),
        {"en": "Anti-infective medicines", "fr": "Anti-infectieux", "ar": "مضادات العدوى"},
    ),
    (
        "blood",
        EML.format("10–11"),
        {
            "en": "Blood and blood products",
            "fr": "Sang et produits sanguins",
            "ar": "الدم ومشتقاته",
        },
    ),
    (
        "fluids",
        EML.format(26),
        {"en": "Intravenous fluids", "fr": "Solutés de perfusion", "ar": "السوائل الوريدية"},
    ),
    (
        "devices",
        DEVICES,
        {
            "en": "Medical devices and surgical supplies",
            "fr": "Dispositifs médicaux et fournitures chirurgicales",
            "ar": "الأجهزة الطبية واللوازم الجراحية",
        },
    ),
]

ITEMS = [
    (
        "anaesthetics",
        "lidocaine-1pc",
        "vial",
        {
            "en": "Lidocaine 1% injection",
            "fr": "Lidocaïne 1 % injectable",
            "ar": "ليدوكائين 1% حقن",
        },
    ),
    (
        "anaesthetics",
        "ketamine-50",
        "vial",
        {
            "en": "Ketamine 50 mg/mL injection",
            "fr": "Kétamine 50 mg/mL injectable",
            "ar": "كيتامين 50 ملغ/مل حقن",
        },
    ),
    (
        "pain",
        "morphine-10",
        "ampoule",
        {
            "en": "Morphine 10 mg/mL injection",
            "fr": "Morphine 10 mg/mL injectable",
            "ar": "مورفين 10 ملغ/مل حقن",
        },
    ),
    (
        "pain",
        "paracetamol-500",
        "tablet",
        {
            "en": "Paracetamol 500 mg tablet",
            "fr": "Paracétamol 500 mg comprimé",
            "ar": "باراسيتامول 500 ملغ أقراص",
        },
    ),
    (
        "anti-infectives",
        "ceftriaxone-1g",
        "vial",
        {
            "en": "Ceftriaxone 1 g injection",
            "fr": "Ceftriaxone 1 g injectable",
            "ar": "سيفترياكسون 1 غ حقن",
        },
    ),
    (
        "anti-infectives",
        "amoxicillin-500",
        "capsule",
        {
            "en": "Amoxicillin 500 mg capsule",
            "fr": "Amoxicilline 500 mg gélule",
            "ar": "أموكسيسيلين 500 ملغ كبسولات",
        },
    ),
    (
        "blood",
        "tranexamic-acid",
        "ampoule",
        {
            "en": "Tranexamic acid 100 mg/mL injection",
            "fr": "Acide tranexamique 100 mg/mL injectable",
            "ar": "حمض الترانيكساميك 100 ملغ/مل حقن",
        },
    ),
    (
        "blood",
        "blood-bag",
        "bag",
        {"en": "Blood bag, 450 mL", "fr": "Poche de sang 450 mL", "ar": "كيس دم 450 مل"},
    ),
    (
        "fluids",
        "saline-1l",
        "bag",
        {
            "en": "Sodium chloride 0.9%, 1 L",
            "fr": "Chlorure de sodium 0,9 %, 1 L",
            "ar": "كلوريد الصوديوم 0.9%، 1 لتر",
        },
    ),
    (
        "fluids",
        "ringer-lactate-1l",
        "bag",
        {"en": "Ringer's lactate, 1 L", "fr": "Ringer lactate, 1 L", "ar": "رينغر لاكتات، 1 لتر"},
    ),
    (
        "devices",
        "sterile-gloves",
        "pair",
        {
            "en": "Sterile surgical gloves",
            "fr": "Gants chirurgicaux stériles",
            "ar": "قفازات جراحية معقّمة",
        },
    ),
    (
        "devices",
        "sutures",
        "pack",
        {
            "en": "Absorbable sutures",
            "fr": "Fils de suture résorbables",
            "ar": "خيوط جراحية قابلة للامتصاص",
        },
    ),
    ("devices", "gauze", "roll", {"en": "Gauze bandage", "fr": "Bande de gaze", "ar": "شاش طبي"}),
    (
        "devices",
        "external-fixator",
        "set",
        {"en": "External fixator set", "fr": "Fixateur externe (kit)", "ar": "مثبّت خارجي (طقم)"},
    ),
    (
        "devices",
        "oxygen-cylinder",
        "cylinder",
        {
            "en": "Medical oxygen cylinder",
            "fr": "Bouteille d'oxygène médical",
            "ar": "أسطوانة أكسجين طبي",
        },
    ),
]


def seed(item_group: type, item: type) -> None:
    """Create the groups and items that are missing (a migration's models are passed in)."""
    groups = {}
    for position, (code, source, names) in enumerate(GROUPS):
        groups[code], _ = item_group.objects.get_or_create(  # type: ignore[attr-defined]
            code=code, defaults={"names": names, "source": source, "position": position}
        )
    for group, code, unit, names in ITEMS:
        item.objects.get_or_create(  # type: ignore[attr-defined]
            code=code, defaults={"group": groups[group], "names": names, "unit": unit}
        )
