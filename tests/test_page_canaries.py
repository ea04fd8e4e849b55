"""Canary values on the web pages (S1–S3, S8): nothing internal or restricted reaches a reader who may not see it.

The API's seeded ``world`` (api_fixtures) plus a few more objects put a unique string or an
exact coordinate in every internal and restricted field a page could show. Then every page of
the URL configuration outside the API — found by walking it, not listed by hand — is fetched
in English and Arabic as the public and as each role: every page without an id, every page
with an id for each seeded object and for an id that does not exist (404), the htmx
exact-location fragments, the POST-only actions (with an empty, invalid form: their error
pages re-render the detail page), and each list page that has a search box, searched (htmx
rows; the full page once) for the canaries that are in search keys: a reader who may not read
a canary must not find it, nor get a row for it (a search is an oracle too).

Who may read a canary comes from the two tables of the design, not from this test:
``carewatch_core.sensitivity`` gives its class (public / internal / restricted), and the role
must have that clearance (``permissions.clearance_of``) *and* the function that opens that kind
of object (``permissions.can``) — or be the field documenter who wrote it. A restricted value
shown to a role cleared for it must also be an explicit, audited read: exact coordinates only
in the exact-location fragments, and no restricted value on a page that wrote no audit entry.

The crawl runs once (113 URLs × 7 readers × 2 languages, ~1,700 requests) and is cached for the
module; each test then checks one role × one URL pattern, so a leak fails (or is marked
``xfail``) on its own. A person's home place is not a canary: it is a gazetteer place whose name
every place drop-down rightly shows; the page shows it only under ``restricted``.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api_support import (
    CANARY_CONTACT,
    CANARY_FACILITY,
    CANARY_FAMILY,
    CANARY_INFORMANT,
    CANARY_NARRATIVE,
    CANARY_OWN_INFORMANT,
    CANARY_SOURCE_NOTE,
    CANARY_TITLE,
    CANARY_UNCLEARED,
    FACILITY_LAT,
    FACILITY_LON,
    INCIDENT_LAT,
    INCIDENT_LON,
    RECORD_LAT,
    RECORD_LON,
    World,
    district,
)
from carewatch_core.counts import Count
from carewatch_core.sensitivity import Level, level_of

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]

# --- Canaries the API world does not seed (unique to this module) -------------------------------

OWN_TITLE = "CANARY-OWN-TITLE-3b90c1"
OWN_NARRATIVE = "CANARY-OWN-NARRATIVE-a4d2e8"
OWN_PLACE_TEXT = "CANARY-OWN-PLACE-TEXT-61f0"
OWN_FACILITY_TEXT = "CANARY-OWN-FACILITY-TEXT-9c3e"
OWN_CONTACT = "CANARY-OWN-CONTACT-+963-555-0142"
OWN_LAT, OWN_LON = 35.402817, 36.390553
STATE_REASON = "CANARY-STATE-REASON-58be"
PERPETRATOR = "CANARY-PERPETRATOR-d17c"
WITNESS_SOURCE = "CANARY-WITNESS-Abu-Samir-6e0a"
REPORT_TITLE = "CANARY-REPORT-TITLE-2e6f"
REPORT_TEXT = "CANARY-REPORT-TEXT-77a0"
FACILITY_AR = "مشفى كناريالسري"
OPERATOR = "CANARY-OPERATOR-0c4f"
SUPPORTERS = "CANARY-SUPPORTERS-b8e3"
SERVICES = "CANARY-SERVICES-71ad"
ALIAS = "CANARY-ALIAS-M7-4fe0"
STATUS_NOTE = "CANARY-STATUS-NOTE-e91b"
FACILITY2_LAT, FACILITY2_LON = 36.208642, 36.975319
PERSON_AR = "نزار كناريمكتوم"
PERSON_LATIN = "CANARYHIDDEN Nizar"
SPECIALTY = "CANARY-SPECIALTY-33c7"
AFFILIATION = "CANARY-AFFILIATION-c0d5"
PERSON_DOB = datetime.date(1961, 7, 23)
UNCLEARED_DOB = datetime.date(1990, 1, 2)  # the API world's uncleared person
FAMILY_TWO = "CANARY-FAMILY-TWO-8a12"
CLEARED_FAMILY = "CANARY-CLEARED-FAMILY-fa03"
RECORD_NAME_AR = "سليم كناريمصدر"
RECORD_NAME_LATIN = "CANARYRECORD Salim"
RECORD_PROFESSION = "CANARY-PROFESSION-TEXT-1b7d"
PUBLIC_QUOTE = "CANARY-PUBLIC-QUOTE-5a5e"
FIELD_QUOTE = "CANARY-FIELD-QUOTE-d3b9"
STATEMENT_QUOTE = (
    "CANARY-STATEMENT-QUOTE-nurse-named-8e2f"  # a witness's words: published only if decided
)
EXIF_CANARY = "CANARY-EXIF-GPS-camera-owner-5c1d"  # in a photo's metadata: the original only
# A supporter (who signed a petition): their own class, read only with the supporter functions.
SUPPORTER_EMAIL = "canary.supporter.b71e@example.org"
SUPPORTER_NAME = "CANARY-SUPPORTER-NAME-4d2a"
SUPPORTER_POSTCODE = "CANARY-PC-91f3"

# --- Who may read what ---------------------------------------------------------------------------

OTHERS, OWN = "others", "own"  # whose object: HQ staff's, or the author documenter's own submission

# The function that opens each kind of object (accounts.permissions); ``incident_record`` is read
# through its incident.
OPENS = {
    "incident": "incident.view_all",
    "incident_record": "incident.view_all",
    "report": "report.view",
    "source": "source.view",
    "facility": "facility.view",
    "person": "person.view",
    "person_record": "person.view",
    "figure": "figure.view",
    "attachment": "report.view",
}
COORDINATES = {"exact_lat", "exact_lon", "lat", "lon"}


@dataclass(frozen=True)
class Canary:
    field: str  # "entity.field" as in carewatch_core.sensitivity.FIELD_CLASSES
    value: Any  # a string, a float (exact coordinate) or a date
    scope: str = OTHERS
    level: Level | None = None  # only where the class is not the sensitivity table's (say why)

    @property
    def entity(self) -> str:
        return self.field.split(".")[0]

    @property
    def cls(self) -> Level:
        return self.level if self.level is not None else level_of(*self.field.split("."))

    @property
    def is_coordinate(self) -> bool:
        return self.field.split(".")[1] in COORDINATES

    @property
    def label(self) -> str:
        return f"{self.field}={self.text}"

    @property
    def text(self) -> str:
        return self.value.isoformat() if isinstance(self.value, datetime.date) else str(self.value)

    def pattern(self) -> re.Pattern[str]:
        """The value as a page could print it: escaped; a coordinate from 3 decimals on (~100 m), with any
        decimal separator and Western, Arabic-Indic or Persian digits."""
        if not isinstance(self.value, float):
            return re.compile("|".join(re.escape(v) for v in {self.text, html.escape(self.text)}))
        whole, fraction = f"{self.value:.6f}".split(".")
        digits = {str(d): f"[{d}{chr(0x660 + d)}{chr(0x6F0 + d)}]" for d in range(10)}
        return re.compile(
            "".join(digits[c] for c in whole)
            + r"\s*[.,\u066B]\s*"
            + "".join(digits[c] for c in fraction[:3])
        )


CANARIES = (
    Canary("supporter.email", SUPPORTER_EMAIL, level=Level.PUBLIC),
    Canary("supporter.name", SUPPORTER_NAME, level=Level.PUBLIC),
    Canary("supporter.postcode", SUPPORTER_POSTCODE, level=Level.PUBLIC),
    # Incidents (the world's verified one, a documenter's own submission, a rejected one).
    Canary("incident.title", CANARY_TITLE),
    Canary("incident.narrative", CANARY_NARRATIVE),
    Canary("incident.exact_lat", INCIDENT_LAT),
    Canary("incident.exact_lon", INCIDENT_LON),
    Canary("incident.state_reason", STATE_REASON),
    Canary("incident.perpetrator_claims", PERPETRATOR),
    Canary("incident.title", OWN_TITLE, OWN),
    Canary("incident.narrative", OWN_NARRATIVE, OWN),
    Canary("incident.exact_lat", OWN_LAT, OWN),
    Canary("incident.exact_lon", OWN_LON, OWN),
    Canary("incident_record.lat", RECORD_LAT),
    Canary("incident_record.lon", RECORD_LON),
    Canary("incident_record.place_text", OWN_PLACE_TEXT, OWN),
    Canary("incident_record.facility_text", OWN_FACILITY_TEXT, OWN),
    # Reports and sources.
    Canary("report.informant_name", CANARY_INFORMANT),
    Canary("report.informant_contact", CANARY_CONTACT),
    Canary("report.informant_name", CANARY_OWN_INFORMANT, OWN),
    Canary("report.informant_contact", OWN_CONTACT, OWN),
    Canary("report.title", REPORT_TITLE),
    Canary("report.original_text", REPORT_TEXT),
    Canary("source.description", CANARY_SOURCE_NOTE),
    # An eyewitness is a person: the sensitivity table does not class source names, but public pages
    # name such sources by their type only (sources.choices.PUBLIC_SOURCE_TYPES; docs/domain.md: witness
    # identities). Held here to the internal class.
    Canary("source.name", WITNESS_SOURCE, level=Level.INTERNAL),
    # Figures from reports published by their source are public; those from statements (unless
    # decided) and field forms (never) public pages leave out (public_figures).
    Canary("figure.quote", PUBLIC_QUOTE),
    Canary("figure.quote", FIELD_QUOTE, level=Level.INTERNAL),
    Canary("figure.quote", STATEMENT_QUOTE, level=Level.INTERNAL),
    # Facilities (the registry: internal, readable by every staff role that has facility.view).
    Canary("facility.name_latin", CANARY_FACILITY),
    Canary("facility.name_ar", FACILITY_AR),
    Canary("facility.aliases", ALIAS),
    Canary("facility.operator", OPERATOR),
    Canary("facility.supporting_organisations", SUPPORTERS),
    Canary("facility.services", SERVICES),
    Canary("facility.statuses", STATUS_NOTE),
    Canary("facility.exact_lat", FACILITY_LAT),
    Canary("facility.exact_lon", FACILITY_LON),
    Canary("facility.exact_lat", FACILITY2_LAT),
    Canary("facility.exact_lon", FACILITY2_LON),
    # People: uncleared names, family details, date of birth; person records (all restricted).
    Canary("person.name_latin", CANARY_UNCLEARED),
    Canary("person.family_details", CANARY_FAMILY),
    Canary("person.date_of_birth", UNCLEARED_DOB),
    Canary("person.name_ar", PERSON_AR),
    Canary("person.name_latin", PERSON_LATIN),
    Canary("person.date_of_birth", PERSON_DOB),
    Canary("person.family_details", FAMILY_TWO),
    Canary("person.specialty", SPECIALTY),
    Canary("person.affiliation", AFFILIATION),
    Canary("person.family_details", CLEARED_FAMILY),  # of a person whose *name* is cleared
    Canary("person_record.name_ar", RECORD_NAME_AR),
    Canary("person_record.name_latin", RECORD_NAME_LATIN),
    Canary("person_record.profession_text", RECORD_PROFESSION),
    # Evidence: a photo whose metadata names its author; the shareable copy has no metadata.
    Canary("attachment.original", EXIF_CANARY),
)

# Searched for on every list page with a search box (each is in a search key).
SEARCHED = (
    CANARY_TITLE,
    OWN_TITLE,
    CANARY_FACILITY,
    FACILITY_AR,
    ALIAS,
    CANARY_UNCLEARED,
    PERSON_AR,
)

# Values no web page shows to anyone (the API does, to the verifier): exempt from the control.
NOT_ON_ANY_PAGE = {
    str(RECORD_LAT): "the point a source gave is not shown on the incident page",
    str(RECORD_LON): "the point a source gave is not shown on the incident page",
}

ROLES = (
    "anonymous",
    "other_documenter",
    "author_documenter",
    "analyst",
    "communications",
    "verifier",
    "campaigner",
    "administrator",
)
LANGUAGES = ("en", "ar")


def search_text(value: str) -> str:
    """What to type in the search box: never the canary itself (the box echoes it back)."""
    query = value.lower().replace("-", " ") if re.search("[A-Za-z]", value) else value.split()[-1]
    assert value not in query
    return query


# --- The URL configuration -----------------------------------------------------------------------


def routes() -> list[tuple[str, str, Any]]:
    """(name, route, view) of every page outside the API, e.g. ("incident-detail", "incidents/<int:pk>/", view)."""
    found: list[tuple[str, str, Any]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if not route.startswith("api/"):
                    walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                assert p.name, f"unnamed page {route}: name it so the crawl can build its URL"
                found.append((p.name, route, p.callback))

    walk(get_resolver().url_patterns, "")
    return found


ROUTES = routes()
ROUTE_NAMES = [name for name, _route, _view in ROUTES]


# --- Seeding -------------------------------------------------------------------------------------


def _values(**overrides: Any) -> Any:
    from carewatch.incidents.values import IncidentValues

    base: dict[str, Any] = {
        "title": "Shelling near a clinic",
        "date_start": datetime.date(2018, 2, 6),
        "place_id": district().pk,
        "attack_types": ["heavy_weapons"],
        "counts": {"killed_others": Count(1)},
        "certainty": "possible",
    }
    return IncidentValues(**(base | overrides))


def seed_more(world: World) -> dict[str, Any]:
    """What the API world leaves plain: own-submission fields, a rejected incident, an eyewitness
    source, a second facility with every internal field, a person with Arabic names and records."""
    from carewatch.facilities.services import facility_create, facility_status_add
    from carewatch.incidents.services import (
        incident_create,
        incident_record_create,
        incident_submit,
    )
    from carewatch.incidents.values import PerpetratorValue
    from carewatch.people.services import (
        person_create,
        person_fate_add,
        person_record_create,
        person_update,
    )
    from carewatch.sources.services import (
        attachment_add,
        figure_record,
        report_create,
        source_create,
    )

    verifier, documenter = world.personas["verifier"], world.personas["field_documenter"]
    own = incident_submit(
        user=documenter,
        values=_values(
            title=OWN_TITLE, narrative=OWN_NARRATIVE, exact_lat=OWN_LAT, exact_lon=OWN_LON
        ),
        language="en",
        place_text=OWN_PLACE_TEXT,
        facility_text=OWN_FACILITY_TEXT,
        informant_name="A neighbour",
        informant_contact=OWN_CONTACT,
    )
    figure_record(
        user=verifier,
        report=own.records.get().report,
        quantity=7,
        measure="injured",
        population="civilians",
        quote=FIELD_QUOTE,
    )

    witness = source_create(
        user=verifier, name=WITNESS_SOURCE, source_type="eyewitness", reliability="C"
    )
    statement = report_create(
        user=verifier,
        source=witness,
        kind="statement",
        language="en",
        title=REPORT_TITLE,
        original_text=REPORT_TEXT,
        published_on=datetime.date(2017, 9, 21),
    )
    figure_record(
        user=verifier,
        report=statement,
        quantity=3,
        measure="staff_killed",
        population="health_workers",
        quote=STATEMENT_QUOTE,
    )
    release = report_create(
        user=verifier,
        source=world.source,
        kind="press_release",
        language="en",
        original_text=PUBLIC_QUOTE,
        published_on=datetime.date(2017, 9, 22),
    )
    figure_record(
        user=verifier,
        report=release,
        quantity=4,
        measure="staff_killed",
        population="health_workers",
        quote=PUBLIC_QUOTE,
    )
    incident_record_create(
        user=verifier,
        report=statement,
        incident=world.public,
        fields={"date": world.public.date_start, "place_id": district().pk},
    )
    rejected = incident_create(
        user=verifier,
        state="rejected",
        state_reason=STATE_REASON,
        values=_values(
            title="Reported attack, not confirmed",
            perpetrators=[
                PerpetratorValue(category="non_state_group", source_id=witness.pk, name=PERPETRATOR)
            ],
        ),
    )

    facility = facility_create(
        user=verifier,
        name_ar=FACILITY_AR,
        name_latin="",
        facility_type="primary",
        place=district(),
        operator=OPERATOR,
        supporting_organisations=SUPPORTERS,
        services=SERVICES,
        exact_lat=FACILITY2_LAT,
        exact_lon=FACILITY2_LON,
        aliases=[(ALIAS, "code_name")],
    )
    facility_status_add(
        facility=facility,
        user=verifier,
        status="functional",
        date=datetime.date(2017, 9, 22),
        report=statement,
        note=STATUS_NOTE,
    )

    person = person_create(
        user=verifier,
        name_ar=PERSON_AR,
        name_latin=PERSON_LATIN,
        profession="paramedic",
        specialty=SPECIALTY,
        affiliation=AFFILIATION,
        date_of_birth=PERSON_DOB,
        family_details=FAMILY_TWO,
        facility=facility,
    )
    person_fate_add(
        person=person, user=verifier, fate="injured", incident=rejected, date=rejected.date_start
    )
    person_fate_add(
        person=person, user=verifier, fate="threatened", incident=own, date=own.date_start
    )  # on the author's page
    person_record_create(
        user=verifier,
        report=statement,
        person=person,
        name_ar=RECORD_NAME_AR,
        name_latin=RECORD_NAME_LATIN,
        profession_text=RECORD_PROFESSION,
        fate="injured",
    )
    attachment_add(
        user=verifier,
        report=statement,
        filename="photo.jpg",
        content_type="image/jpeg",
        chunks=[_photo()],
    )
    cleared = world.cleared.__class__.objects.get(pk=world.cleared.pk)
    person_update(
        person=cleared,
        user=verifier,
        expected_version=cleared.version,
        family_details=CLEARED_FAMILY,
    )
    from carewatch.accounts.services import account_create

    spare = account_create(
        actor=None,
        username="spare-account",
        password="a spare passphrase for the crawl",
        role="analyst",
    )
    from tests.import_fixtures import import_objects

    run, mapping = import_objects(verifier)
    petition, signature = _campaign()
    bulletins = _bulletins(verifier)
    return {
        "estimates": [_estimate(verifier)],
        "bulletins": bulletins,
        "petition": petition,
        "signature": signature,
        "own2": own,
        "rejected": rejected,
        "facility2": facility,
        "person2": person,
        "spare": spare,
        "pairs": _review_pairs(world, person, rejected),
        "import_run": run,
        "mapping": mapping,
    }


def _bulletins(author: Any) -> list[Any]:
    """A bulletin published for the month of the canary incidents and people (September 2017;
    its figures computed as the public sees them), a draft for the month after, and a press
    release with a live figure."""
    from carewatch.publishing.logo import logo_png
    from carewatch.publishing.models import BulletinText
    from carewatch.publishing.services import (
        bulletin_approve,
        bulletin_create,
        organisation_save,
        release_create,
    )

    def _logo() -> bytes:
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (8, 4), (140, 28, 28)).save(out, format="PNG")
        return logo_png(out.getvalue())

    published = bulletin_create(
        user=author, period_start=datetime.date(2017, 9, 1), period_end=datetime.date(2017, 9, 30)
    )
    for language in ("en", "ar"):
        BulletinText.objects.create(
            bulletin=published, language=language, title=f"September {language}"
        )
    bulletin_approve(user=author, bulletin=published)
    draft = bulletin_create(
        user=author, period_start=datetime.date(2017, 10, 1), period_end=datetime.date(2017, 10, 31)
    )
    organisation_save(user=author, values={"name": "Crawl NGO", "logo": _logo()})
    release = release_create(user=author, day=datetime.date(2017, 10, 17), dateline="Paris")
    BulletinText.objects.create(
        bulletin=release, language="en", title="Release", body="So far {{ killed_hw 2017 }} killed."
    )
    bulletin_approve(user=author, bulletin=release)
    return [published, draft, release]


def _campaign() -> tuple[Any, Any]:
    """A petition signed (and confirmed) by the canary supporter, with the canary incidents' public
    figures in its story."""
    from tests.petition_support import make_petition

    from carewatch.actions.models import ActionText, CallToAction, DecisionMaker
    from carewatch.petitions.services import Choices, confirm, confirm_token, sign
    from carewatch.supporters.services_supporters import Details

    call = CallToAction.objects.create(slug=CALL_SLUG)
    ActionText.objects.create(call=call, language="en", heading="Act", message="{handle} act")
    call.targets.add(
        DecisionMaker.objects.create(name="A Minister", role="Minister", x_handle="minister")
    )
    petition = make_petition(
        story="So far {{ incidents }} attacks, {{ killed 2018 }} killed.", call_to_action=call
    )
    signed = sign(
        petition=petition,
        details=Details(
            email=SUPPORTER_EMAIL, name=SUPPORTER_NAME, country="FR", postcode=SUPPORTER_POSTCODE
        ),
        choices=Choices(True, "contact", True, "names"),
        address="192.0.2.44",
        form="crawl",
    )
    confirm(token=confirm_token(signed.signature))
    _newsletter(signed.signature.supporter)
    _events()
    _gifts()
    return petition, signed.signature


def _need() -> Any:
    """A count of the canary facility's stock that runs out in two days: its need (an item group,
    a quantity, a governorate) is what the public appeal shows."""
    from decimal import Decimal

    from carewatch.facilities.models import Facility
    from carewatch.supplies.models import Item
    from carewatch.supplies.services import Count, record_stock

    facility = Facility.objects.order_by("pk").first()
    report = record_stock(
        user=facility.created_by,
        facility=facility,
        count=Count(
            Item.objects.get(code="blood-bag"), Decimal(4), Decimal(2), datetime.date(2017, 9, 20)
        ),
    )
    return report.alert.need


def _gifts() -> None:
    """The canary supporter gave to an appeal (their postcode in the address for the receipt),
    and holds its receipt."""
    from decimal import Decimal

    from tests.donation_support import make_appeal, make_issuers

    from carewatch.donations import services
    from carewatch.supporters.services_supporters import Details

    make_issuers()
    appeal = make_appeal(slug=APPEAL_SLUG)
    appeal.needs.add(_need())
    services.record_offline(
        details=Details(email=SUPPORTER_EMAIL, name=SUPPORTER_NAME, country="FR"),
        gift=services.Gift(
            amount=Decimal(25),
            currency="EUR",
            method="transfer",
            appeal=appeal,
            address=f"1 rue de la Paix {SUPPORTER_POSTCODE}",
        ),
        actor="crawl",
    )


def _events() -> None:
    """The canary supporter holds a ticket to a commemoration that reads out the names of those
    killed in September 2017 (the canary people's month), and asked for updates about a protest
    that counts people without naming them."""
    from tests.event_support import make_event

    from carewatch.events import services
    from carewatch.supporters.services_supporters import Details

    gala = make_event(
        slug=EVENT_SLUG,
        kind="commemoration",
        memorial_from=datetime.date(2017, 9, 1),
        memorial_to=datetime.date(2017, 9, 30),
    )
    details = Details(email=SUPPORTER_EMAIL, name=SUPPORTER_NAME, postcode=SUPPORTER_POSTCODE)
    services.register(
        event=gala,
        request=services.Request(
            language="en", form="crawl", ticket=gala.ticket_types.get(), details=details
        ),
    )
    protest = make_event(slug="crawl-protest", kind="protest", attendance="anonymous")
    services.register(
        event=protest,
        request=services.Request(language="en", form="crawl", follow_email=SUPPORTER_EMAIL),
    )


def _newsletter(supporter: Any) -> None:
    """The canary supporter confirmed on a list, and a newsletter with a live figure and a
    petition block, written in English."""
    from tests.newsletter_support import make_campaign, make_list

    from carewatch.lib.mail.verp import mailbox_key
    from carewatch.mailings.models import Subscription

    mailing_list = make_list(LIST_SLUG)
    Subscription.objects.create(
        mailing_list=mailing_list,
        supporter=supporter,
        mailbox_key=mailbox_key(SUPPORTER_EMAIL),
        language="en",
        form="crawl",
        state="confirmed",
    )
    make_campaign(mailing_list, count_clicks=True)


def _review_pairs(world: World, person: Any, rejected: Any) -> list[Any]:
    """Review-queue pairs of the canary people (uncleared names, a date of birth) and incidents."""
    from carewatch.linkage.models import MatchCandidate

    reasons = [
        {"field": "family", "level": "Exact match on family", "weight": 4.0, "verdict": "agree"}
    ]
    pairs = [("person", world.uncleared.pk, person.pk), ("incident", world.public.pk, rejected.pk)]
    return [
        MatchCandidate.objects.create(
            kind=kind, left_id=min(a, b), right_id=max(a, b), score=0.9, reasons=reasons
        )
        for kind, a, b in pairs
    ]


def _photo() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = EXIF_CANARY  # Artist
    exif.get_ifd(0x8825).update({1: "N", 2: (35.0, 37.0, 12.5), 3: "E", 4: (36.0, 38.0, 44.1)})
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


# --- The crawl -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str  # of the URL pattern
    url: str
    htmx: bool = False
    searched: str = ""  # the canary searched for
    missing: bool = False  # an id that does not exist


@dataclass(frozen=True)
class Page:
    role: str
    language: str
    target: Target
    method: str
    status: int
    found: frozenset[Canary]
    audited: bool  # the request wrote an audit entry
    results: int | None = None  # rows a search found
    cache_control: str = ""
    records: frozenset[str] = frozenset()  # records handed to a template as model objects

    @property
    def name(self) -> str:
        return self.target.name

    def __str__(self) -> str:
        htmx = " (htmx)" if self.target.htmx else ""
        return f"{self.method} {self.target.url}{htmx} [{self.language}] -> {self.status}"


@dataclass(frozen=True)
class Reader:
    role: str
    clearance: Level
    functions: frozenset[str]

    def may_read(self, canary: Canary) -> bool:
        if canary.entity == "supporter":  # supporters' data is its own class (docs/roles.md)
            return "supporter.view" in self.functions
        if self.clearance < canary.cls:
            return False
        if canary.cls == Level.PUBLIC:
            return True
        return OPENS[canary.entity] in self.functions or (
            canary.scope == OWN and self.role == "author_documenter"
        )

    def may_read_on(self, canary: Canary, page: str) -> bool:
        """``may_read``, or a read on purpose beyond the clearance on the one page made for it
        (accounts.permissions.PURPOSE_READS: communications read a name to clear it)."""
        from carewatch.accounts.permissions import PURPOSE_READS

        function = PURPOSE_PAGES.get(page, "")
        on_purpose = function in self.functions and canary.field in PURPOSE_READS[function]
        return self.may_read(canary) or on_purpose


#: Pages that read fields beyond the reader's clearance on purpose, and the function that may.
PURPOSE_PAGES = {"person-name": "person.clear_memorial"}


@dataclass
class Crawl:
    pages: list[Page]
    readers: dict[str, Reader]
    search_pages: set[str]


def _ids(world: World, more: dict[str, Any]) -> dict[str, list[int]]:
    from carewatch.donations.models import Appeal, Receipt
    from carewatch.events.models import Event, Registration
    from carewatch.sources.models import Attachment, Report, Source
    from carewatch.supplies.models import Need

    return {
        "incidents": [
            i.pk for i in (world.public, world.draft, world.own, more["own2"], more["rejected"])
        ],
        "facilities": [world.facility.pk, more["facility2"].pk],
        "people": [p.pk for p in (world.uncleared, world.cleared, more["person2"])],
        "sources": list(Source.objects.values_list("pk", flat=True)),
        "reports": list(Report.objects.values_list("pk", flat=True)),
        "files": list(Attachment.objects.values_list("pk", flat=True)),
        "accounts": [more["spare"].pk],
        "linkage": [pair.pk for pair in more["pairs"]],
        "imports": [more["import_run"].pk],
        "import-mappings": [more["mapping"].pk],
        "supporters": [more["signature"].supporter_id],
        "campaigns/petitions": [more["petition"].pk],
        "campaigns/events": list(Event.objects.values_list("pk", flat=True)),
        "campaigns/appeals": list(Appeal.objects.values_list("pk", flat=True)),
        "campaigns/receipts": list(Receipt.objects.values_list("pk", flat=True)),
        "supplies": list(Need.objects.values_list("pk", flat=True)),
        "campaigns/registrations": list(Registration.objects.values_list("pk", flat=True)),
        "campaigns/newsletters": [_newsletter_id()],
        "campaigns/calls": [_call().pk],
        "campaigns/decision-makers": [_call().targets.get().pk],
        "publishing/bulletins": [b.pk for b in more["bulletins"]],
        "estimates": [e.pk for e in more["estimates"]],
        "notices": [_notice(world)],
    }


def _notice(world: World) -> int:
    """A notice for the author documenter of a change to their own incident."""
    from carewatch.audit.models import AuditEntry
    from carewatch.notices.models import Notice

    entry = AuditEntry.objects.filter(
        object_type="incidents.incident", object_id=str(world.own.pk)
    ).latest("id")
    recipient = world.personas["field_documenter"]
    return Notice.objects.create(recipient=recipient, entry=entry, why="submitted").pk


def _estimate(user: Any) -> Any:
    """A finished estimate over every source (the eyewitness among them), on the dashboard."""
    from carewatch.sources.models import Source
    from carewatch.stats.estimates import estimate_publish
    from carewatch.stats.models import EstimateRun

    sources = list(Source.objects.order_by("pk"))
    run = EstimateRun.objects.create(
        kind="incidents",
        method="lcmcr",
        source_ids=[s.pk for s in sources],
        list_names=[s.name for s in sources],
        state="done",
        result={
            "estimate": 40.0,
            "lower": 31.0,
            "upper": 77.0,
            "observed": 29,
            "undocumented": 11.0,
        },
        patterns=[[1] * len(sources) + [29]],
        created_by=user,
    )
    return estimate_publish(user=user, run=run, note="Three lists, all of Syria, 2017.")


def _call() -> Any:
    from carewatch.actions.models import CallToAction

    return CallToAction.objects.get(slug=CALL_SLUG)


def _newsletter_id() -> int:
    from carewatch.mailings.models import Campaign

    return Campaign.objects.get().pk


def _targets(ids: dict[str, list[int]], search_pages: set[str]) -> Iterator[Target]:
    """Every page to fetch: each pattern, with each seeded id and one that does not exist; searches."""
    for name, route, _view in ROUTES:
        if "<" not in route:
            yield Target(name, reverse(name))
            if name in search_pages:
                for i, value in enumerate(SEARCHED):
                    url = reverse(name) + "?" + urlencode({"q": search_text(value)})
                    yield Target(name, url, htmx=True, searched=value)
                    if (
                        i == 0
                    ):  # the full page only once: it is the same rows inside the filter form
                        yield Target(name, url, searched=value)
            continue
        if route == "mail/unsubscribe/<str:token>/":  # a signed token, not an id
            from carewatch.supporters.services import unsubscribe_token

            yield Target(name, reverse(name, args=[unsubscribe_token(address="crawl@example.org")]))
            yield Target(name, reverse(name, args=["not-a-token"]), missing=True)
            continue
        if route == "notices/stop/<str:token>/":  # a signed token, not an id
            from carewatch.notices.mailer import stop_token
            from carewatch.notices.models import Notice

            recipient = Notice.objects.get(pk=ids["notices"][0]).recipient_id
            yield Target(name, reverse(name, args=[stop_token(recipient)]))
            yield Target(name, reverse(name, args=["not-a-token"]), missing=True)
            continue
        if route.startswith("appeals/<slug:slug>/"):
            yield Target(name, reverse(name, args=[APPEAL_SLUG]))
            yield Target(name, reverse(name, args=[APPEAL_SLUG + "-none"]), missing=True)
            continue
        if route == "donations/webhooks/<str:provider>/":  # signed events only (test_donations)
            yield Target(name, reverse(name, args=["stripe"]))
            yield Target(name, reverse(name, args=["none"]), missing=True)
            continue
        if route.startswith("events/<slug:slug>/"):
            yield Target(name, reverse(name, args=[EVENT_SLUG]))
            yield Target(name, reverse(name, args=[EVENT_SLUG + "-none"]), missing=True)
            continue
        if route == "events/registration/<str:token>/":  # the attendee's own link: reads only
            from carewatch.events.models import Registration
            from carewatch.events.tickets import link_token

            for row in Registration.objects.all():
                yield Target(name, reverse(name, args=[link_token(row)]))
            yield Target(name, reverse(name, args=["not-a-token"]), missing=True)
            continue
        if route.startswith("petitions/<slug:slug>/"):
            slug = PETITION_SLUG
            yield Target(name, reverse(name, args=[slug]))
            yield Target(name, reverse(name, args=[slug + "-none"]), missing=True)
            continue
        if route.startswith("act/<slug:slug>/"):
            from carewatch.actions.models import CallToAction

            call = CallToAction.objects.get(slug=CALL_SLUG)
            extra = [call.targets.get().pk, "x"] if "<int:target>" in route else []
            yield Target(name, reverse(name, args=[CALL_SLUG, *extra]))
            yield Target(name, reverse(name, args=[CALL_SLUG + "-none", *extra]), missing=True)
            continue
        if route == "petitions/confirm/<str:token>/":  # a confirmed signature's link: reads only
            from carewatch.petitions.models import Signature
            from carewatch.petitions.services import confirm_token

            yield Target(name, reverse(name, args=[confirm_token(Signature.objects.get())]))
            yield Target(name, reverse(name, args=["not-a-token"]), missing=True)
            continue
        if route.startswith("press/"):
            yield from _press_targets(name, route)
            continue
        if route == "dashboard/boundaries/<int:level>.geojson":  # the public level and above
            yield Target(name, reverse(name, args=[1]))
            yield Target(name, reverse(name, args=[2]))
            yield Target(name, reverse(name, args=[3]), missing=True)
            continue
        if route.startswith(("newsletter/", "n/")):
            yield from _newsletter_targets(name, route)
            continue
        parts = route.split("/")
        section = "/".join(parts[:2]) if parts[0] in ("campaigns", "publishing") else parts[0]
        if route.endswith(("<str:language>/", "<str:language>/preview/")):
            for pk in ids[section]:
                yield Target(name, reverse(name, args=[pk, "en"]))
            yield Target(name, reverse(name, args=[ids[section][0], "xx"]), missing=True)
            continue
        assert re.fullmatch(r"[a-z-]+/([a-z-]+/)?<int:pk>/[a-z./-]*", route), (
            f"teach the crawl the parameters of {route}"
        )
        assert section in ids, f"seed an object for the pages under {section}/"
        for pk in ids[section]:
            yield Target(name, reverse(name, args=[pk]))
        yield Target(name, reverse(name, args=[max(ids[section]) + 1000]), missing=True)


def _press_targets(name: str, route: str) -> Iterator[Target]:
    """The press room's pages: the published bulletin (and its draft successor's slug, which
    must not be found), its PDF, the feeds."""
    from carewatch.publishing.models import Bulletin

    if route.startswith("press/feed/"):
        yield Target(name, reverse(name, args=["en"]))
        yield Target(name, reverse(name, args=["xx"]), missing=True)
        return
    draft = Bulletin.objects.get(state="draft")
    version = [1] if "<int:version>" in route else []
    for published in Bulletin.objects.filter(state="published"):  # a bulletin, a press release
        yield Target(name, reverse(name, args=[published.slug, *version]))
    yield Target(name, reverse(name, args=[draft.slug, *version]), missing=True)


def _newsletter_targets(name: str, route: str) -> Iterator[Target]:
    """The public newsletter pages: the list's, and those a signed token opens (the canary
    supporter's confirmation and preferences, a counted link)."""
    from carewatch.mailings.models import Campaign, Subscription
    from carewatch.mailings.render import click_url
    from carewatch.mailings.services import confirm_url, preferences_token

    if "<slug:slug>" in route:
        yield Target(name, reverse(name, args=[LIST_SLUG]))
        yield Target(name, reverse(name, args=[LIST_SLUG + "-none"]), missing=True)
        return
    subscription = Subscription.objects.get()
    token = {
        "newsletter-confirm": confirm_url(subscription).rstrip("/").rsplit("/", 1)[-1],
        "newsletter-preferences": preferences_token(subscription.supporter_id),
        "newsletter-click": click_url(Campaign.objects.get().pk, "https://example.org/x")
        .rstrip("/")
        .rsplit("/", 1)[-1],
    }[name]
    yield Target(name, reverse(name, args=[token]))
    yield Target(name, reverse(name, args=["not-a-token"]), missing=True)


#: Audit actions that record a read, not a change (a refusal — 403/404 to a signed-in reader —
#: is audited too, and is no more a change than a read).
REFUSED = "carewatch.access.refused"
READ_ACTIONS = {
    REFUSED,
    "carewatch.supporter.exported",
    "carewatch.petition.pack_exported",
    "carewatch.event.attendees_exported",
    "carewatch.donation.exported",
    "carewatch.audit.exported",
}


def _is_read(action: str) -> bool:
    return action.endswith("_viewed") or action in READ_ACTIONS


class AuditWatch:
    """The audit entries written since the last look (the crawl asks after every request: one
    indexed query for the new rows, not an aggregate over the whole table twice a request). Made
    after signing in; between two requests the crawl writes nothing, so what a look finds is the
    last request's doing."""

    def __init__(self) -> None:
        from django.db import connection

        from carewatch.audit.models import AuditEntry

        table = connection.ops.quote_name(AuditEntry._meta.db_table)
        self.sql = f"SELECT id, action FROM {table} WHERE id > %s ORDER BY id"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608
            self.last = cursor.fetchone()[0] or 0

    def new_actions(self) -> list[str]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.sql, [self.last])
            rows = cursor.fetchall()
        if rows:
            self.last = rows[-1][0]
        return [action for _id, action in rows]


def _fetch(client: Client, method: str, target: Target, watch: AuditWatch) -> tuple[Any, bool]:
    """The response, and whether the request wrote an audit entry (other than a refusal)."""
    headers = {"HX-Request": "true"} if target.htmx else {}
    if method == "POST":
        response = client.post(target.url, {}, headers=headers)
    else:
        response = client.get(target.url, headers=headers)
    actions = watch.new_actions()
    changes = [a for a in actions if not _is_read(a)]
    assert not changes, (
        f"{method} {target.url} changed something ({changes}): the crawl must only read"
    )
    return response, any(a != REFUSED for a in actions)


def _results(response: Any) -> int | None:
    try:
        return int(response.context["page"].paginator.count)
    except (KeyError, TypeError, AttributeError):
        return None


def _is_staff_action(response: Any) -> bool:
    match = response.wsgi_request.resolver_match
    return match is not None and hasattr(match.func, "required_function")


def _body_text(response: Any) -> str:
    """A page, or a file's content: streamed bodies (exports) are read, workbooks unpacked into their cells."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if data.startswith(b"PK"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(v)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    text = data.decode("utf-8", "replace")
    # The public map's boundaries are the gazetteer's (a packaged file, no record in it): their
    # vertices are degrees with many decimals, so they are left out of the search.
    return _COORDINATES.sub('"coordinates": []', text) if '"FeatureCollection"' in text else text


_COORDINATES = re.compile(r'"coordinates":\s*\[[\d\s,.\[\]eE+-]*\]')


def _crawl_role(
    role: str, user: Any, targets: list[Target], patterns: dict[Canary, re.Pattern[str]]
) -> Iterator[Page]:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    watch = AuditWatch()
    for language in LANGUAGES:
        client.cookies["carewatch_language"] = language
        for target in targets:
            methods = ["GET"]
            while methods:
                method = methods.pop()
                response, audited = _fetch(client, method, target, watch)
                if (
                    method == "GET"
                    and response.status_code == 405
                    and (_is_staff_action(response) or target.name in PUBLIC_POSTS)
                ):
                    methods.append(
                        "POST"
                    )  # a POST-only action: an empty form is refused and re-renders its page
                text = _body_text(response) + "\n".join(
                    f"{k}: {v}" for k, v in response.headers.items()
                )
                found = frozenset(c for c, pattern in patterns.items() if pattern.search(text))
                results = _results(response) if target.searched else None
                yield Page(
                    role,
                    language,
                    target,
                    method,
                    response.status_code,
                    found,
                    audited,
                    results,
                    response.headers.get("Cache-Control", ""),
                    frozenset(records_in_context(response)),
                )


#: Public forms the crawl posts empty (refused: their guards write nothing).
PUBLIC_POSTS = {"petition-sign", "event-register", "appeal-give"}
PETITION_SLUG = "stop-targeting"
EVENT_SLUG = "crawl-gala"
APPEAL_SLUG = "crawl-appeal"
CALL_SLUG = "crawl-call"
LIST_SLUG = "crawl-list"


def _sensitive_models() -> set[str]:
    """Labels of the models a template must never receive: those whose entity has a non-public field
    (``access.shown.ENTITY_OF``), and every model that points at one (a fate, a status entry).
    Accounts are left out: Django's context processor hands every template the reader's own."""
    from django.apps import apps

    from carewatch.access.shown import ENTITY_OF
    from carewatch_core.sensitivity import FIELD_CLASSES

    direct = {
        label
        for label, entity in ENTITY_OF.items()
        if any(level > Level.PUBLIC for level in FIELD_CLASSES.get(entity, {}).values())
    } - {"accounts.user"}
    pointing = {
        model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model._meta.label_lower in direct
    }
    return direct | {p for p in pointing if p.split(".")[0] != "audit"}


SENSITIVE_MODELS: set[str] = set()
CONTEXT_SKIPPED = {"user", "request", "perms", "messages", "csrf_token", "view"}


def records_in_context(response: Any) -> Iterator[str]:
    """Each sensitive model object the response's templates received, as "key.path -> model"."""
    from django.db.models import Model
    from django.forms import BaseForm

    if not SENSITIVE_MODELS:
        SENSITIVE_MODELS.update(_sensitive_models())

    # Every included template's context holds the view's objects again: each is walked once (kept
    # here so that its id cannot be reused by another object while the walk runs).
    seen: dict[int, Any] = {}

    def walk(value: Any, path: str, depth: int) -> Iterator[str]:
        if depth > 5 or isinstance(value, str | bytes | int | float | BaseForm):
            return
        if id(value) in seen:
            return
        seen[id(value)] = value
        if isinstance(value, Model):
            if value._meta.label_lower in SENSITIVE_MODELS:
                yield f"{path} -> {value._meta.label_lower}"
            return
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list | tuple | set | frozenset):
            items = ((f"[{i}]", v) for i, v in enumerate(list(value)[:5]))
        elif hasattr(value, "object_list") and hasattr(value, "paginator"):
            items = [("[page]", value.object_list)]
        elif hasattr(value, "__dict__") and type(value).__module__.startswith("carewatch"):
            items = vars(value).items()
        else:
            return
        for key, item in items:
            yield from walk(
                item, f"{path}.{key}" if not str(key).startswith("[") else path + key, depth + 1
            )

    contexts = response.context
    if contexts is None:
        return
    for context in [contexts] if hasattr(contexts, "dicts") else list(contexts):
        for layer in context.dicts:
            for key, value in layer.items() if isinstance(layer, dict) else ():
                if key not in CONTEXT_SKIPPED:
                    yield from walk(value, key, 0)


def _discover_search_pages(user: Any) -> set[str]:
    """List pages whose filter form has a search box ``q``."""
    client = Client()
    client.force_login(user)
    found = set()
    for name, route, _view in ROUTES:
        if "<" in route:
            continue
        response = client.get(reverse(name))
        try:
            form = response.context["form"]
        except (KeyError, TypeError):
            continue
        if "q" in getattr(form, "fields", {}):
            found.add(name)
    return found


def _smaller_gazetteer() -> None:
    """Keep the governorates and the seeded district only (rolled back with the test). The many
    forms with a place drop-down would otherwise render ~350 options each, most of the crawl's
    time; the gazetteer is public and holds no canary."""
    from carewatch.places.models import Place

    Place.objects.filter(level=3).delete()
    Place.objects.filter(level=2).exclude(pk=district().pk).delete()


def run_crawl(world: World) -> Crawl:
    from carewatch.accounts.permissions import clearance_of, functions_of

    more = seed_more(world)
    _smaller_gazetteer()
    users = {role: world.personas.get(role) for role in ROLES} | {
        "author_documenter": world.personas["field_documenter"],
        "other_documenter": world.other_documenter,
    }
    readers = {
        role: Reader(role, clearance_of(user), functions_of(user)) for role, user in users.items()
    }
    search_pages = _discover_search_pages(users["administrator"])
    targets = list(_targets(_ids(world, more), search_pages))
    patterns = {c: c.pattern() for c in CANARIES}
    pages = [
        page for role, user in users.items() for page in _crawl_role(role, user, targets, patterns)
    ]
    return Crawl(pages, readers, search_pages)


_CACHE: dict[str, Any] = {}


@pytest.fixture
def crawl(request: pytest.FixtureRequest) -> Crawl:
    """The crawl, run once per test session (in the first test's database transaction) and cached."""
    if "failed" in _CACHE:  # one failed crawl fails every test at once, not one crawl each
        pytest.fail(f"the crawl failed: {_CACHE['failed']}")
    if "crawl" not in _CACHE:
        try:
            _CACHE["crawl"] = run_crawl(request.getfixturevalue("world"))
        except Exception as error:
            _CACHE["failed"] = error
            raise
    return _CACHE["crawl"]


def pages_of(crawl: Crawl, role: str, name: str) -> list[Page]:
    return [p for p in crawl.pages if p.role == role and p.name == name]


# --- Known problems ------------------------------------------------------------------------------
# A leak found and not yet fixed is listed here, which marks exactly that case xfail(strict=True):
# the suite stays green while the leak stays visible, and the fix makes it fail (XPASS) until the
# entry is removed. Keys: (role, URL name) for leaks; (URL name,) for the other two.
# (The first crawl found seven such cases; all were fixed in e1fe03b.)

KNOWN_LEAKS: dict[tuple[str, str], str] = {}
KNOWN_UNAUDITED: dict[tuple[str], str] = {}
KNOWN_FAILURES: dict[tuple[str], str] = {}
# Canaries the control cannot find while the only page showing them is broken (it then asserts they are *not* found).
KNOWN_UNREACHABLE: dict[str, str] = {}


def _cases(known: dict[Any, str], cases: list[tuple[str, ...]]) -> list[Any]:
    return [
        pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=known[case]))
        if case in known
        else pytest.param(*case)
        for case in cases
    ]


def _by_label(canaries: frozenset[Canary]) -> list[Canary]:
    return sorted(canaries, key=lambda c: c.label)


def _canary(value: str) -> Canary:
    return next(c for c in CANARIES if c.value == value)


# --- Tests ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "name"), _cases(KNOWN_LEAKS, [(r, n) for r in ROLES for n in ROUTE_NAMES])
)
def test_no_page_shows_a_canary_to_a_role_that_may_not_read_it(
    crawl: Crawl, role: str, name: str
) -> None:
    reader = crawl.readers[role]
    pages = pages_of(crawl, role, name)
    assert pages, f"{name} was not crawled as {role}"
    leaks = [
        f"{p}: {c.label}"
        for p in pages
        for c in _by_label(p.found)
        if not reader.may_read_on(c, name)
    ]
    leaks += [
        f"{p}: a search for {p.target.searched!r} found {p.results} row(s) for a reader who may not read it"
        for p in pages
        if p.results and not reader.may_read(_canary(p.target.searched))
    ]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("name", _cases(KNOWN_UNAUDITED, [(n,) for n in ROUTE_NAMES]))
def test_restricted_values_are_shown_only_in_explicit_audited_reads(
    crawl: Crawl, name: str
) -> None:
    """To the roles cleared for them: exact points only in the exact-location fragments, and any
    restricted value only on a page that wrote an audit entry (S1, S2: every read is logged)."""
    problems = []
    for role in ROLES:
        reader = crawl.readers[role]
        for page in pages_of(crawl, role, name):
            for canary in _by_label(page.found):
                if canary.cls < Level.RESTRICTED or not reader.may_read_on(canary, name):
                    continue  # a canary the role may not read at all is the other test's failure
                if canary.is_coordinate and not name.endswith("exact-location"):
                    problems.append(
                        f"{role} {page}: {canary.label} outside the exact-location read"
                    )
                elif not page.audited:
                    problems.append(
                        f"{role} {page}: {canary.label} shown, but no audit entry was written"
                    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_crawl_finds_every_canary_the_role_may_read(crawl: Crawl, role: str) -> None:
    """Control: what a role may read, the crawl finds somewhere — otherwise it proves nothing.
    For the verifier this is every canary (restricted ones included) that the web shows at all."""
    reader = crawl.readers[role]
    found = {c.text for p in crawl.pages if p.role == role for c in p.found}
    expected = {c.text for c in CANARIES if reader.may_read(c)} - set(NOT_ON_ANY_PAGE)
    assert expected - found == set(KNOWN_UNREACHABLE) & expected
    if role == "verifier":
        documentation = {c.text for c in CANARIES if c.entity != "supporter"}
        assert expected == documentation - set(NOT_ON_ANY_PAGE)
    if role == "administrator":
        assert {SUPPORTER_EMAIL, SUPPORTER_NAME, SUPPORTER_POSTCODE} <= expected


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_templates_receive_records_only_as_shown_views(crawl: Crawl, name: str) -> None:
    """The one mechanism (``access.shown``): no template gets a record (or a record that points at
    one) as a model object, which it could read any field of; only views shaped for the reader."""
    handed = sorted(
        {f"{p.role} {p}: {r}" for p in crawl.pages if p.name == name for r in p.records}
    )
    assert not handed, "\n".join(handed[:20])


def test_the_context_check_finds_a_record_handed_to_a_template(world: World) -> None:
    """Control: the check above sees a model object in a template's context."""
    from types import SimpleNamespace

    context = SimpleNamespace(dicts=[{"rows": [("x", world.public)], "user": world.public}])
    found = list(records_in_context(SimpleNamespace(context=context)))
    assert found == ["rows[0][1] -> incidents.incident"]
    assert "people.personfate" in SENSITIVE_MODELS


def test_values_no_page_shows_are_indeed_on_no_page(crawl: Crawl) -> None:
    shown = {c.text for p in crawl.pages for c in p.found}
    assert shown & set(NOT_ON_ANY_PAGE) == set()


def test_searches_find_each_canary_for_a_reader_who_may_read_it(crawl: Crawl) -> None:
    """Control for the search-oracle check: the verifier's searches find each canary on some list."""
    hits = {p.target.searched for p in crawl.pages if p.role == "verifier" and p.results}
    assert hits == set(SEARCHED)


def test_the_crawl_reaches_every_page_of_the_url_configuration(crawl: Crawl) -> None:
    """Every pattern answered some role with a page (not only redirects and refusals); a missing id is a 404."""
    assert crawl.search_pages, "no list page with a search box was found"
    answered = {
        p.name
        for p in crawl.pages
        if p.status in (200, 400) or (p.method == "POST" and p.status == 302)
    }
    # The code prompt and enrolment answer only between the password and the code (a crawled
    # reader is fully signed in): tests/test_two_factor.py opens them. Mail providers' webhooks
    # answer only a provider's signed POST with the webhook credentials: tests/test_mail.py.
    # The staff's start page only sends each role to its first page (tests/test_petitions.py);
    # a call to action's share link only counts and sends on (tests/test_calls_to_action.py), and
    # so does a newsletter's counted link (tests/test_newsletter.py). "Next in this list" only
    # sends on to an incident page, and a saved search is deleted only by its owner's POST
    # (tests/test_work_queues.py).
    webhooks = {name for name in ROUTE_NAMES if name.endswith("_tracking_webhook")}
    webhooks.add("donation-webhook")  # signed payment events only (tests/test_donations.py)
    assert set(ROUTE_NAMES) - answered - webhooks <= {
        "logout",
        "set_language",
        "two-factor-verify",
        "two-factor-setup",
        "staff-home",
        "action-take",
        "newsletter-click",
        "incident-next",
        "saved-search-delete",
    }, "pages no role could open"
    missing = {
        p.status
        for p in crawl.pages
        if p.target.missing and p.role == "administrator" and p.method == "GET"
    }
    assert missing <= {404, 405}
    assert {
        p.status
        for p in crawl.pages
        if p.target.missing and p.role == "administrator" and p.method == "POST"
    } <= {404}
    assert len({p.name for p in crawl.pages if p.target.missing}) == sum(
        "<" in route for _n, route, _v in ROUTES
    )


@pytest.mark.parametrize("name", _cases(KNOWN_FAILURES, [(n,) for n in ROUTE_NAMES]))
def test_no_page_fails(crawl: Crawl, name: str) -> None:
    """A 500 page shows nothing, so it hides what the crawl should check (and S12: never 500)."""
    errors = [f"{p.role} {p}" for p in crawl.pages if p.name == name and p.status >= 500]
    assert not errors, "\n".join(errors)


def test_no_page_a_signed_in_reader_gets_may_be_stored(crawl: Crawl) -> None:
    """Every response to staff says ``no-store`` (a seized phone keeps no page in its cache)."""
    stored = [
        f"{p.role} {p}: {p.cache_control!r}"
        for p in crawl.pages
        if p.role != "anonymous" and "no-store" not in p.cache_control
    ]
    assert not stored, "\n".join(stored[:20])
    assert any(p.role == "anonymous" and "no-store" not in p.cache_control for p in crawl.pages)
