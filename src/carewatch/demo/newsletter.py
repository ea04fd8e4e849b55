"""The seed newsletter's list and its September issue as demo content: the "Doctors in Danger"
mailing list, generated subscribers (marked generated), and the September newsletter as a draft
in three languages, ready to preview, test and send (to the demo's mail folder).

Source of the newsletter's words and figures: UOSSM Canada's September newsletter (the second
seed document): "450 Civilians dead and 1600 injured – White Helmets; 96 Children dead and 223
maimed and injured since Friday – UNICEF; 2 of the 4 largest hospitals in Aleppo (M2 & M10) have
been bombed and are out of service." Those figures are other organisations' and are quoted with
their source; the newsletter's own figures are live blocks.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings import campaigns
from carewatch.mailings.choices import BlockKind, SubscriptionState
from carewatch.mailings.models import Campaign, MailingList, Subscription
from carewatch.stats.choices import Measure
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter

SLUG = "doctors-in-danger"
NAMES = {
    Language.ENGLISH: "Doctors in Danger",
    Language.FRENCH: "Médecins en danger",
    Language.ARABIC: "أطباء في خطر",
}
DESCRIPTIONS = {
    Language.ENGLISH: "Each month: attacks on health care in Syria, verified, and what you can do.",
    Language.FRENCH: "Chaque mois : les attaques contre les soins en Syrie, vérifiées, et comment agir.",
    Language.ARABIC: "كل شهر: الهجمات على الرعاية الصحية في سوريا، موثّقة، وما يمكنكم فعله.",
}
SUBJECTS = {
    Language.ENGLISH: "September: five of our medical staff killed",
    Language.FRENCH: "Septembre : cinq de nos soignants tués",
    Language.ARABIC: "أيلول/سبتمبر: مقتل خمسة من كوادرنا الطبية",
}
OPENING = {
    Language.ENGLISH: (
        "September was a sad month: five of our medical staff were killed in the line of duty. "
        "The past 7 days have been the most horrific doctors in Aleppo have ever seen. "
        "Airstrikes in the civilian neighbourhoods of Aleppo have left:\n"
        "• 450 civilians dead and 1,600 injured – White Helmets\n"
        "• 96 children dead and 223 maimed and injured since Friday – UNICEF\n"
        "• 2 of the 4 largest hospitals in Aleppo (M2 & M10) bombed and out of service."
    ),
    Language.FRENCH: (
        "Septembre a été un mois triste : cinq de nos soignants ont été tués en service. "
        "Les sept derniers jours ont été les plus terribles que les médecins d'Alep aient connus. "
        "Les frappes aériennes sur les quartiers civils d'Alep ont fait :\n"
        "• 450 morts et 1 600 blessés parmi les civils – Casques blancs\n"
        "• 96 enfants tués et 223 blessés depuis vendredi – UNICEF\n"
        "• 2 des 4 plus grands hôpitaux d'Alep (M2 et M10) bombardés et hors service."
    ),
    Language.ARABIC: (
        "كان أيلول/سبتمبر شهرًا حزينًا: قُتل خمسة من كوادرنا الطبية أثناء أداء واجبهم. "
        "كانت الأيام السبعة الماضية الأشد هولًا مما شهده أطباء حلب. "
        "خلّفت الغارات الجوية على الأحياء المدنية في حلب:\n"
        "• 450 قتيلًا و1600 جريح من المدنيين – الخوذ البيضاء\n"
        "• 96 طفلًا قتيلًا و223 جريحًا منذ يوم الجمعة – اليونيسف\n"
        "• قصف مستشفيين من أكبر أربعة مستشفيات في حلب (M2 وM10) وخروجهما عن الخدمة."
    ),
}
SINCE = {
    Language.ENGLISH: "Since we began documenting them, {{ incidents }} attacks on health care "
    "have been verified, and {{ killed_hw }} health workers killed in them.",
    Language.FRENCH: "Depuis que nous les documentons, {{ incidents }} attaques contre les soins "
    "ont été vérifiées, et {{ killed_hw }} soignants y ont été tués.",
    Language.ARABIC: "منذ بدأنا توثيقها، جرى التحقق من {{ incidents }} هجومًا على الرعاية "
    "الصحية، قُتل فيها {{ killed_hw }} من العاملين الصحيين.",
}
SUBSCRIBERS = 300


@transaction.atomic
def load_newsletter(*, petition_slug: str) -> Campaign | None:
    """The list, its generated subscribers and the September newsletter (None: already there)."""
    if MailingList.objects.filter(slug=SLUG).exists():
        return None
    mailing_list = MailingList.objects.create(slug=SLUG, names=NAMES, descriptions=DESCRIPTIONS)
    _subscribers(mailing_list)
    campaign = campaigns.create_campaign(
        mailing_list=mailing_list, name="September newsletter", actor="demo", generated=True
    )
    for language, subject in SUBJECTS.items():
        campaigns.save_version(
            campaign=campaign,
            language=language,
            subject=subject,
            blocks=[
                {"kind": BlockKind.TEXT, "text": OPENING[language]},
                {"kind": BlockKind.FIGURE, "measure": Measure.KILLED_HEALTH_WORKERS, "year": None},
                {"kind": BlockKind.TEXT, "text": SINCE[language]},
                {"kind": BlockKind.PETITION, "slug": petition_slug},
            ],
            actor="demo",
        )
    return campaign


def _subscribers(mailing_list: MailingList) -> None:
    """Generated supporters (the petition's) on the list, most confirmed."""
    chance = random.Random(2016)  # nosec B311  # generated demo data, no secret
    now = timezone.now()
    rows = Supporter.objects.filter(generated=True).order_by("pk")[:SUBSCRIBERS]
    Subscription.objects.bulk_create(
        Subscription(
            mailing_list=mailing_list,
            supporter=supporter,
            mailbox_key=mailbox_key(supporter.email),
            language=supporter.language,
            form=f"newsletter:{SLUG}",
            state=SubscriptionState.CONFIRMED
            if chance.random() < 0.85
            else SubscriptionState.UNCONFIRMED,
            confirmed_at=now,
            generated=True,
        )
        for supporter in rows
    )
