"""The demo's published bulletins: September 2017 (the month of the seed press release: "les
attaques systématiques sur les hôpitaux ont augmenté en septembre malgré les accords de
désescalade") compared with the de-escalation agreements, and September 2016 (the month of the
seed newsletter). Their words are written for the demo; their figures come from the demo's
records as the public sees them, frozen at approval like any bulletin's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from carewatch.publishing.models import Bulletin, BulletinText, OrganisationProfile
from carewatch.publishing.services import (
    bulletin_approve,
    bulletin_create,
    bulletin_texts_save,
    organisation_save,
    release_create,
)
from carewatch.stats.models import NamedPeriod

WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "2017-09": {
        "en": (
            "September 2017: attacks on health care rose despite the de-escalation agreements",
            "Systematic attacks on hospitals increased in September, despite the de-escalation "
            "agreements. The figures below are the attacks verified in our records.",
        ),
        "fr": (
            "Septembre 2017 : les attaques contre les soins ont augmenté malgré les accords de désescalade",
            "Les attaques systématiques sur les hôpitaux ont augmenté en septembre malgré les accords "
            "de désescalade. Les chiffres ci-dessous sont les attaques vérifiées dans nos données.",
        ),
        "ar": (
            "أيلول ٢٠١٧: ازدادت الهجمات على الرعاية الصحية رغم اتفاقات خفض التصعيد",
            "ازدادت الهجمات الممنهجة على المستشفيات في أيلول رغم اتفاقات خفض التصعيد. "
            "الأرقام أدناه هي الهجمات التي تحققنا منها في سجلاتنا.",
        ),
    },
    "2016-09": {
        "en": (
            "September 2016: Aleppo's hospitals under fire",
            "The month eastern Aleppo was besieged and bombed.",
        ),
        "fr": (
            "Septembre 2016 : les hôpitaux d'Alep sous le feu",
            "Le mois où Alep-Est fut assiégée et bombardée.",
        ),
        "ar": (
            "أيلول ٢٠١٦: مستشفيات حلب تحت النار",
            "الشهر الذي حوصرت فيه أحياء حلب الشرقية وقُصفت.",
        ),
    },
}
AGREEMENTS = ("astana-memorandum-2017", "idlib-de-escalation-zone-2017")


def load_bulletins(user: Any) -> list[Bulletin]:
    """Publish the demo's bulletins once (none is made again when it exists)."""
    made = []
    for month, words in WORDS.items():
        start = dt.date.fromisoformat(f"{month}-01")
        end = dt.date(start.year, 9, 30)
        if Bulletin.objects.filter(slug=month).exists():
            continue
        named = list(NamedPeriod.objects.filter(slug__in=AGREEMENTS)) if start.year == 2017 else []
        bulletin = bulletin_create(
            user=user, period_start=start, period_end=end, compare_with=named
        )
        for language, (title, lead) in words.items():
            BulletinText.objects.create(
                bulletin=bulletin, language=language, title=title, lead=lead
            )
        made.append(bulletin_approve(user=user, bulletin=bulletin))
    return made


PROFILE = {
    "name": "UOSSM",
    "about_fr": (
        "L’UOSSM, Union des Organisations de Secours et Soins Médicaux, est une organisation "
        "humanitaire médicale française et internationale dont la mission est d’apporter secours "
        "et soins médicaux aux populations affectées par le conflit en Syrie."
    ),
    "about_en": (
        "UOSSM, the Union of Medical Care and Relief Organisations, is a French and international "
        "medical humanitarian organisation whose mission is to bring relief and medical care to "
        "the people affected by the conflict in Syria."
    ),
    "about_ar": (
        "اتحاد منظمات الإغاثة والرعاية الطبية منظمة إنسانية طبية فرنسية ودولية، مهمتها تقديم "
        "الإغاثة والرعاية الطبية للسكان المتضررين من النزاع في سوريا."
    ),
    "contact_name": "Press office (demo)",
    "contact_role": "",
    "contact_email": "press@example.org",
    "contact_phone": "",
}
# The seed press release's quote is in French; the English and Arabic are translations of it.
SPEAKER = {
    "fr": "Dr Ziad Alissa, président de l’UOSSM",
    "en": "Dr Ziad Alissa, president of UOSSM (translated from French)",
    "ar": "د. زياد العيسى، رئيس اتحاد منظمات الإغاثة والرعاية الطبية (مترجم عن الفرنسية)",
}
RELEASE: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Doctors in Danger : une campagne pour dire stop au ciblage des hôpitaux "
        "et du personnel médical en Syrie",
        "lead": "Les attaques systématiques sur les hôpitaux ont augmenté en septembre "
        "malgré les accords de désescalade.",
        "body": "Nos données comptent {{ incidents 2017 }} attaques vérifiées contre les soins de santé en 2017, "
        "où {{ killed_hw 2017 }} soignants ont été tués.",
        "quote": "Il y a une augmentation alarmante des attaques aériennes au nord de la Syrie et ses alentours. "
        "Aucune mesure n’est prise pour protéger les hôpitaux et leurs personnels.",
    },
    "en": {
        "title": "Doctors in Danger: a campaign to stop the targeting of hospitals and medical staff in Syria",
        "lead": "Systematic attacks on hospitals increased in September despite the de-escalation agreements.",
        "body": "Our records count {{ incidents 2017 }} verified attacks on health care in 2017, "
        "in which {{ killed_hw 2017 }} health workers were killed.",
        "quote": "There is an alarming increase in air strikes in northern Syria and around it. "
        "Nothing is done to protect hospitals and their staff.",
    },
    "ar": {
        "title": "أطباء في خطر: حملة لوقف استهداف المستشفيات والكوادر الطبية في سوريا",
        "lead": "ازدادت الهجمات الممنهجة على المستشفيات في أيلول رغم اتفاقات خفض التصعيد.",
        "body": "تحصي سجلاتنا {{ incidents 2017 }} هجوماً موثقاً على الرعاية الصحية في ٢٠١٧، "
        "قُتل فيها {{ killed_hw 2017 }} من العاملين الصحيين.",
        "quote": "هناك ازدياد مقلق في الغارات الجوية على شمال سوريا وما حوله. "
        "لا يُتخذ أي إجراء لحماية المستشفيات وكوادرها.",
    },
}


def load_release(user: Any) -> Bulletin | None:
    """The seed press release of 17 October 2017, its figures from the demo's records, with the
    organisation's profile; once."""
    if Bulletin.objects.filter(kind="press_release").exists():
        return None
    if not OrganisationProfile.objects.exists():
        organisation_save(user=user, values=PROFILE)
    release = release_create(user=user, day=dt.date(2017, 10, 17), dateline="Paris")
    bulletin_texts_save(
        user=user,
        bulletin=release,
        texts={lang: {**words, "quote_by": SPEAKER[lang]} for lang, words in RELEASE.items()},
    )
    return bulletin_approve(user=user, bulletin=release)
