"""The seed press release's campaign as demo content: the petition "Stop au ciblage des hôpitaux
et du personnel médical en Syrie" (Pr Raphaël Pitti's, on Change.org: 78,240 supporters on
17 October 2017, shown beside the verified count and never added to it), the four heads of state
its signers were asked to address, and generated supporters and signatures, marked generated.

Source of the petition's figure, title and targets: UOSSM France's press release, Paris,
17 October 2017 (``seeds.PRESS_RELEASE_DATE``).
"""

from __future__ import annotations

import datetime
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from carewatch.actions.models import ActionText, CallToAction, DecisionMaker
from carewatch.lib.clients import keys_of
from carewatch.petitions.choices import PetitionStatus, SignatureState
from carewatch.petitions.models import ExternalCount, Petition, PetitionText, Signature
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter

SLUG = "doctors-in-danger"
SEED = 2017

TEXTS = {
    Language.FRENCH: (
        "Stop au ciblage des hôpitaux et du personnel médical en Syrie",
        "Les attaques systématiques contre les hôpitaux continuent. Depuis que nous documentons "
        "ces attaques, {{ killed_hw }} soignants y ont été tués, et {{ incidents 2017 }} attaques "
        "contre les soins de santé ont été vérifiées pour la seule année 2017.\n\n"
        "Le 28 septembre 2017, le nom de chacun d'entre eux a été lu sur le parvis de l'Hôtel de "
        "Ville à Paris.",
        "Protégez les hôpitaux et le personnel médical en Syrie, et faites respecter le droit "
        "international humanitaire.",
    ),
    Language.ENGLISH: (
        "Stop the targeting of hospitals and medical staff in Syria",
        "The systematic attacks on hospitals go on. Since we began documenting them, "
        "{{ killed_hw }} health workers have been killed in them, and {{ incidents 2017 }} "
        "attacks on health care were verified in 2017 alone.\n\n"
        "On 28 September 2017 the name of each of them was read out in front of Paris City Hall.",
        "Protect hospitals and medical staff in Syria, and enforce international humanitarian law.",
    ),
    Language.ARABIC: (
        "أوقفوا استهداف المستشفيات والكوادر الطبية في سوريا",
        "تتواصل الهجمات الممنهجة على المستشفيات. منذ بدأنا توثيق هذه الهجمات قُتل فيها "
        "{{ killed_hw }} من العاملين الصحيين، وجرى التحقق من {{ incidents 2017 }} هجومًا على "
        "الرعاية الصحية في عام 2017 وحده.\n\n"
        "في 28 أيلول/سبتمبر 2017 تُليت أسماؤهم جميعًا أمام مبنى بلدية باريس.",
        "احموا المستشفيات والكوادر الطبية في سوريا، وطبّقوا القانون الدولي الإنساني.",
    ),
}

# The call to action: the seed's own tweet (in French), and the same in English and Arabic.
CALL = {
    Language.FRENCH: (
        "Interpellez les chefs d'État",
        "{handle} entendrez-vous l'appel du Pr @rpitti57 pour protéger les soignants en #Syrie ? "
        "#DoctorsinDanger",
        "Protégez les soignants en Syrie",
    ),
    Language.ENGLISH: (
        "Call on the heads of state",
        "{handle} will you hear Pr @rpitti57's call to protect health workers in #Syria? "
        "#DoctorsinDanger",
        "Protect health workers in Syria",
    ),
    Language.ARABIC: (
        "خاطبوا رؤساء الدول",
        "{handle} هل ستستجيبون لنداء البروفيسور @rpitti57 لحماية العاملين الصحيين في #سوريا؟ "
        "#DoctorsinDanger",
        "احموا العاملين الصحيين في سوريا",
    ),
}

# The heads of state the press release names or points to (October 2017).
TARGETS = (
    (
        "Emmanuel Macron",
        "Président de la République française",
        "FR",
        "EmmanuelMacron",
        Language.FRENCH,
    ),
    ("Donald Trump", "President of the United States", "US", "POTUS", Language.ENGLISH),
    ("Justin Trudeau", "Prime Minister of Canada", "CA", "JustinTrudeau", Language.ENGLISH),
    ("Angela Merkel", "Bundeskanzlerin", "DE", "", Language.ENGLISH),
)

COUNTRIES = ("FR", "FR", "FR", "FR", "SY", "SY", "DE", "CA", "US", "GB", "BE", "TR", "LB", "JO")
GIVEN = ("Amina", "Karim", "Claire", "Omar", "Lina", "Hugo", "Sami", "Nour", "Julie", "Yara")
FAMILY = ("Haddad", "Martin", "Khoury", "Bernard", "Saleh", "Dubois", "Nasser", "Laurent")


@transaction.atomic
def load_campaign(*, signatures: int = 400) -> Petition | None:
    """Create the demo petition and its generated signatures (None: already there)."""
    if Petition.objects.filter(slug=SLUG).exists():
        return None
    petition = Petition.objects.create(
        slug=SLUG,
        status=PetitionStatus.OPEN,
        goal=1000,
        milestones=[100, 500, 1000],
        opened_on=datetime.date(2017, 9, 28),
    )
    for language, (title, story, ask) in TEXTS.items():
        PetitionText.objects.create(
            petition=petition, language=language, title=title, story=story, ask=ask
        )
    call = CallToAction.objects.create(slug=SLUG)
    for language, (heading, message, subject) in CALL.items():
        ActionText.objects.create(
            call=call, language=language, heading=heading, message=message, subject=subject
        )
    for name, role, country, handle, language in TARGETS:
        target = DecisionMaker.objects.create(
            name=name, role=role, country=country, x_handle=handle, language=language
        )
        petition.targets.add(target)
        call.targets.add(target)
    petition.call_to_action = call
    petition.save(update_fields=["call_to_action"])
    ExternalCount.objects.create(
        petition=petition,
        platform="Change.org",
        count=78_240,
        as_of=datetime.date(2017, 10, 17),
    )
    _generated(petition, signatures)
    return petition


def _generated(petition: Petition, count: int) -> None:
    chance = random.Random(SEED)  # nosec B311  # generated demo data, no secret
    now = timezone.now()
    for i in range(count):
        given, family = chance.choice(GIVEN), chance.choice(FAMILY)
        email = f"{given}.{family}.{i}@generated.example".lower()
        supporter = Supporter.objects.create(
            email=email,
            email_key=email,
            name=f"{given} {family}",
            country=chance.choice(COUNTRIES),
            language=chance.choice(Language.values),
            created_via=f"petition:{SLUG}",
            generated=True,
        )
        signed = now - timedelta(days=chance.randint(0, 45), minutes=chance.randint(0, 1400))
        confirmed = chance.random() < 0.9
        keys = keys_of(f"198.18.{chance.randint(0, 255)}.{chance.randint(1, 254)}")
        Signature.objects.create(
            petition=petition,
            supporter=supporter,
            state=SignatureState.CONFIRMED if confirmed else SignatureState.PENDING,
            country=supporter.country,
            name_to_targets=chance.random() < 0.4,
            email_domain="generated.example",
            address_key=keys.address,
            network_key=keys.network,
            language=supporter.language,
            confirmed_at=signed + timedelta(minutes=chance.randint(1, 300)) if confirmed else None,
            generated=True,
        )
    Signature.objects.filter(petition=petition).update(created_at=now)  # auto_now_add; spread below
    for pk, confirmed_at in Signature.objects.filter(
        petition=petition, confirmed_at__isnull=False
    ).values_list("pk", "confirmed_at"):
        if confirmed_at is not None:
            moment = confirmed_at - timedelta(minutes=5)
            Signature.objects.filter(pk=pk).update(created_at=moment)
