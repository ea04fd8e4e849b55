"""The seeds' three events as demo content, and two coming ones to try registering with.

From the seeds: the "Doctors in Danger" commemoration of 28 September 2017 on the parvis of the
Hôtel de Ville in Paris, where the name of every health worker killed was read out (UOSSM
France's press release of 17 October 2017); UOSSM's gala dinner of 25 November 2017 in the
salons Vianey (same release); the protest of Saturday 1 October 2016, 1–3 PM, at the Consulate
General of the Russian Federation, 175 Bloor St. E, Toronto, with its WHO / WHAT / WHY (UOSSM
Canada's September 2016 newsletter; the French and Arabic words are our translations). The
seeds give no hours for the first two, no ticket prices and no attendance: those are the demo's
own, and every registration is generated (marked generated).

The two coming events (a gala with paid tickets, a table of ten and a few free invitations, and
a protest that counts people without naming them) are generated too, so that registering,
paying, the waiting list and check-in can be tried.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from carewatch.events import tickets
from carewatch.events.choices import Attendance, EventKind, EventStatus, RegistrationState
from carewatch.events.jobs import queue_reminders
from carewatch.events.models import Event, EventText, Registration, TicketType
from carewatch.supporters.models import Supporter

SEED = 2017
PARIS, TORONTO = "Europe/Paris", "America/Toronto"
#: Free invitations to the coming gala: all taken but one, so the next joins the waiting list.
INVITATIONS = 3

COMMEMORATION = {
    "fr": (
        "Doctors in Danger : hommage aux soignants tués en Syrie",
        "Sur le parvis de l'Hôtel de Ville, le nom de chacun des soignants tués en Syrie — "
        "médecins, infirmier(es), pharmaciens — est égrené. Scène musicale et concert de "
        "clôture.",
    ),
    "en": (
        "Doctors in Danger: a tribute to the health workers killed in Syria",
        "In front of Paris City Hall, the name of every health worker killed in Syria — "
        "doctors, nurses, pharmacists — is read out. Music, and a closing concert.",
    ),
    "ar": (
        "أطباء في خطر: تكريم العاملين الصحيين الذين قُتلوا في سوريا",
        "أمام مبنى بلدية باريس تُتلى أسماء جميع العاملين الصحيين الذين قُتلوا في سوريا — "
        "أطباء وممرضين وصيادلة — ثم حفل موسيقي ختامي.",
    ),
}
GALA = {
    "fr": (
        "Dîner de gala de l'UOSSM",
        "Premier grand dîner de gala caritatif de l'UOSSM au profit de ses actions médicales "
        "en Syrie, dans les salons Vianey.",
    ),
    "en": (
        "UOSSM gala dinner",
        "UOSSM's first charity gala dinner, for its medical work in Syria, in the salons Vianey.",
    ),
    "ar": (
        "عشاء خيري لاتحاد منظمات الإغاثة والرعاية الطبية",
        "أول عشاء خيري للاتحاد لدعم عمله الطبي في سوريا، في صالونات فياني.",
    ),
}
PROTEST = {
    "en": (
        "Protest: stop the bombing of Aleppo's hospitals",
        "Anyone opposed to the indiscriminate killing and maiming of civilians.",
        "Activists and different groups will be protesting the violence and horrors of the "
        "past week.",
        "UOSSM will be present to protest the bombing of medical facilities and targeting of "
        "aid workers. For the safety of our patients and medical staff we demand an end to "
        "the violence.",
    ),
    "fr": (
        "Manifestation : arrêtez de bombarder les hôpitaux d'Alep",
        "Toute personne opposée au massacre et aux mutilations aveugles de civils.",
        "Des militants et différents groupes manifesteront contre les violences et les "
        "horreurs de la semaine passée.",
        "L'UOSSM sera présente pour protester contre le bombardement des structures "
        "médicales et le ciblage des humanitaires. Pour la sécurité de nos patients et de "
        "nos soignants, nous exigeons la fin des violences.",
    ),
    "ar": (
        "وقفة احتجاجية: أوقفوا قصف مستشفيات حلب",
        "كل من يرفض القتل والتشويه العشوائي للمدنيين.",
        "يحتجّ ناشطون ومجموعات مختلفة على العنف والفظائع التي شهدها الأسبوع الماضي.",
        "سيحضر الاتحاد للاحتجاج على قصف المنشآت الطبية واستهداف عمال الإغاثة. من أجل سلامة "
        "مرضانا وكوادرنا الطبية نطالب بوقف العنف.",
    ),
}
DEMO = {"fr": " (démo)", "en": " (demo)", "ar": " (تجريبي)"}
PAYMENT = {
    "fr": "Par virement (IBAN de démonstration : FR76 0000 0000 0000 0000 0000 000) ou par "
    "chèque à l'ordre de l'association. Référence : votre nom.",
    "en": "By bank transfer (demo IBAN: FR76 0000 0000 0000 0000 0000 000) or by cheque to "
    "the association. Reference: your name.",
    "ar": "بتحويل مصرفي (رقم حساب تجريبي: FR76 0000 0000 0000 0000 0000 000) أو بشيك باسم "
    "الجمعية. المرجع: اسمك.",
}
GALA_TICKETS = [
    ("diner", {"fr": "Dîner", "en": "Dinner", "ar": "عشاء"}, Decimal("150.00"), 1, 150),
    (
        "table",
        {"fr": "Table de dix", "en": "Table of ten", "ar": "طاولة لعشرة"},
        Decimal("1400.00"),
        10,
        100,
    ),
    (
        "invitation",
        {"fr": "Invitation", "en": "Invitation", "ar": "دعوة"},
        Decimal(0),
        1,
        INVITATIONS,
    ),
]


def _at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def _event(slug: str, kind: str, start: datetime, hours: float, **kw: object) -> Event:
    return Event.objects.create(
        slug=slug,
        kind=kind,
        status=EventStatus.PUBLISHED,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        time_zone=str(start.tzinfo),
        **kw,
    )


def _texts(event: Event, words: Mapping[str, tuple[str, ...]], suffix: bool = False) -> None:
    for language, parts in words.items():
        title = parts[0] + (DEMO[language] if suffix else "")
        fields = (
            {"who": parts[1], "what": parts[2], "why": parts[3]}
            if len(parts) == 4
            else {"description": parts[1]}
        )
        if event.kind == EventKind.GALA:
            fields["payment_note"] = PAYMENT[language]
        EventText.objects.create(event=event, language=language, title=title, **fields)


def _gala_tickets(event: Event) -> list[TicketType]:
    return [
        TicketType.objects.create(
            event=event,
            code=code,
            names=names,
            price=price,
            seats=seats,
            quota=quota,
            position=n,
        )
        for n, (code, names, price, seats, quota) in enumerate(GALA_TICKETS)
    ]


@transaction.atomic
def load_events() -> list[Event] | None:
    """The five events and their generated registrations (None: already there)."""
    if Event.objects.exists():
        return None
    chance = random.Random(SEED)  # nosec B311  # generated demo data, no secret
    people = list(Supporter.objects.filter(generated=True).order_by("pk")[:400])
    commemoration = _event(
        "doctors-in-danger-2017",
        EventKind.COMMEMORATION,
        _at(date(2017, 9, 28), 18, 0, PARIS),
        4,
        venue="Parvis de l'Hôtel de Ville",
        city="Paris",
        country="FR",
        memorial_from=date(2011, 3, 1),
        memorial_to=date(2017, 9, 27),
    )
    _texts(commemoration, COMMEMORATION)
    gala = _event(
        "gala-2017",
        EventKind.GALA,
        _at(date(2017, 11, 25), 20, 0, PARIS),
        4,
        venue="Salons Vianey",
        city="Paris",
        country="FR",
        capacity=250,
    )
    _texts(gala, GALA)
    protest = _event(
        "toronto-2016",
        EventKind.PROTEST,
        _at(date(2016, 10, 1), 13, 0, TORONTO),
        2,
        attendance=Attendance.ANONYMOUS,
        venue="Consulate General of the Russian Federation",
        address="175 Bloor St. E, M4W 3R8",
        city="Toronto",
        country="CA",
    )
    _texts(protest, PROTEST)
    soon = timezone.localdate() + timedelta(days=45)
    coming_gala = _event(
        "gala-demo",
        EventKind.GALA,
        _at(soon, 20, 0, PARIS),
        4,
        venue="Salons Vianey",
        city="Paris",
        country="FR",
        capacity=250,
        generated=True,
    )
    _texts(coming_gala, GALA, suffix=True)
    coming_protest = _event(
        "protest-demo",
        EventKind.PROTEST,
        _at(soon - timedelta(days=25), 13, 0, TORONTO),
        2,
        attendance=Attendance.ANONYMOUS,
        venue="Queen's Park",
        city="Toronto",
        country="CA",
        generated=True,
    )
    _texts(coming_protest, PROTEST, suffix=True)
    _registrations(chance, people, gala, _gala_tickets(gala), past=True)
    _registrations(chance, people, coming_gala, _gala_tickets(coming_gala), past=False)
    _counted(chance, protest, 140)
    _counted(chance, coming_protest, 37)
    for event in (coming_gala, coming_protest):
        queue_reminders(event)
    return [commemoration, gala, protest, coming_gala, coming_protest]


def _registrations(
    chance: random.Random,
    people: list[Supporter],
    event: Event,
    kinds: list[TicketType],
    *,
    past: bool,
) -> None:
    """Generated tickets: dinners (some unpaid when the event is to come), a few tables, every
    invitation but one; at a past event most were checked in."""
    diner, table, invitation = kinds
    plan = [diner] * (90 if past else 40) + [table] * (4 if past else 2)
    plan += [invitation] * (INVITATIONS if past else INVITATIONS - 1)
    for person, kind in zip(chance.sample(people, len(plan)), plan, strict=True):
        unpaid = not past and kind.price > 0 and chance.random() < 0.3
        state = RegistrationState.UNPAID if unpaid else RegistrationState.CONFIRMED
        row = Registration.objects.create(
            event=event,
            ticket_type=kind,
            supporter=person,
            state=state,
            seats=kind.seats,
            language=person.language,
            nonce=tickets.new_nonce(),
            amount_due=kind.price,
            generated=True,
        )
        if state == RegistrationState.CONFIRMED:
            row.code = tickets.code_for(row.pk, row.nonce)
            row.paid_at = event.starts_at - timedelta(days=chance.randint(2, 40))
            if past and chance.random() < 0.85:
                row.checked_in_at = event.starts_at + timedelta(minutes=chance.randint(-20, 50))
                row.checked_in_by = "generated"
            row.save(update_fields=["code", "paid_at", "checked_in_at", "checked_in_by"])


def _counted(chance: random.Random, event: Event, count: int) -> None:
    Registration.objects.bulk_create(
        Registration(
            event=event,
            state=RegistrationState.CONFIRMED,
            language=chance.choice(["ar", "en", "fr"]),
            nonce=tickets.new_nonce(),
            generated=True,
        )
        for _ in range(count)
    )
