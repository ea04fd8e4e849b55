"""The demo's published bulletins: September 2017 (the month of the seed press release: "les
attaques systématiques sur les hôpitaux ont augmenté en septembre malgré les accords de
désescalade") compared with the de-escalation agreements, and September 2016 (the month of the
seed newsletter). Their words are written for the demo; their figures come from the demo's
records as the public sees them, frozen at approval like any bulletin's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from carewatch.publishing.models import Bulletin, BulletinText
from carewatch.publishing.services import bulletin_approve, bulletin_create
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
