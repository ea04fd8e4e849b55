"""Role × URL matrix, generated from the URL configuration (new pages are covered automatically)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.import_fixtures import import_objects

from carewatch.actions.urls import PUBLIC_URL_NAMES as ACTION_NAMES
from carewatch.backup.urls import PUBLIC_URL_NAMES as HEALTH_NAMES
from carewatch.donations.urls import PUBLIC_URL_NAMES as GIFT_NAMES
from carewatch.events.urls import PUBLIC_URL_NAMES as EVENT_NAMES
from carewatch.exports.urls import PUBLIC_URL_NAMES as OPEN_DATA_NAMES
from carewatch.mailings.urls import PUBLIC_URL_NAMES as NEWSLETTER_NAMES
from carewatch.notices.urls import PUBLIC_URL_NAMES as NOTICE_NAMES
from carewatch.petitions.urls import PUBLIC_URL_NAMES as PETITION_NAMES
from carewatch.public.urls import PUBLIC_URL_NAMES as PUBLIC_PAGE_NAMES
from carewatch.supporters.urls import PUBLIC_URL_NAMES as MAIL_NAMES

pytestmark = pytest.mark.django_db

PUBLIC_NAMES = {
    "home",
    "about-data",
    "favicon",
    "login",
    "logout",
    "set_language",
    "two-factor-verify",
    "two-factor-setup",
}
PUBLIC_NAMES |= OPEN_DATA_NAMES  # the open-data page and its files
PUBLIC_NAMES |= PUBLIC_PAGE_NAMES  # the dashboard, the memorial roll, the methodology
PUBLIC_NAMES |= MAIL_NAMES  # unsubscribing (a signed token), providers' webhooks (credentials)
PUBLIC_NAMES |= PETITION_NAMES  # petitions: read, sign, confirm (a signed token), the count
PUBLIC_NAMES |= ACTION_NAMES  # calls to action and their counted share links
PUBLIC_NAMES |= NEWSLETTER_NAMES  # subscribing, confirming and preferences (signed tokens)
PUBLIC_NAMES |= NOTICE_NAMES  # stopping notifications by email (a signed token)
PUBLIC_NAMES |= HEALTH_NAMES  # the health report for monitors (no record data)
PUBLIC_NAMES |= EVENT_NAMES  # events: read, register, an attendee's own link (a signed token)
PUBLIC_NAMES |= GIFT_NAMES  # appeals: read, give; the provider's webhook (signed events only)


def staff_patterns() -> list[URLPattern]:
    """Every named page outside the API, with the function its view requires."""
    found: list[URLPattern] = []

    def walk(patterns: list[Any]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if not str(p.pattern).startswith("api/"):
                    walk(p.url_patterns)
            elif p.name and p.name not in PUBLIC_NAMES:
                found.append(p)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def objects(documenter: Any, verifier: Any) -> dict[str, int]:
    """One object of each kind, owned by the field documenter where ownership matters."""
    from tests.conftest import idlib_district, incident_values

    from carewatch.facilities.services import facility_create
    from carewatch.incidents.services import incident_submit
    from carewatch.people.services import person_create
    from carewatch.sources.services import attachment_add

    incident = incident_submit(user=documenter, values=incident_values(), language="en")
    report = incident.records.get().report
    facility = facility_create(
        user=verifier,
        name_latin="Al-Amal Hospital",
        facility_type="secondary",
        place=idlib_district(),
    )
    person = person_create(user=verifier, name_latin="Test Person", profession="nurse")
    attachment = attachment_add(
        user=documenter,
        report=report,
        filename="photo.png",
        content_type="image/png",
        chunks=[tiny_png()],
    )
    run, mapping = import_objects(verifier)
    petition, supporter = campaign_objects()
    event, registration = event_objects()
    appeal, receipt = gift_objects()
    return {
        "supplies": supply_need(documenter, facility),
        "campaigns/appeals": appeal,
        "campaigns/receipts": receipt,
        "campaigns/events": event,
        "campaigns/registrations": registration,
        "supporters": supporter,
        "campaigns/petitions": petition,
        "campaigns/newsletters": newsletter(),
        "campaigns/calls": call_and_maker()[0],
        "campaigns/decision-makers": call_and_maker()[1],
        "incidents": incident.pk,
        "facilities": facility.pk,
        "people": person.pk,
        "sources": report.source_id,
        "reports": report.pk,
        "accounts": documenter.pk,
        "files": attachment.pk,
        "imports": run.pk,
        "import-mappings": mapping.pk,
        "linkage": review_pair(verifier, person),
        "publishing/bulletins": bulletin(verifier),
        "estimates": estimate(verifier),
        "notices": notice(documenter, incident),
    }


def estimate(user: Any) -> int:
    """A finished estimate of attacks over three lists."""
    from carewatch.stats.models import EstimateRun

    return EstimateRun.objects.create(
        kind="incidents", method="lcmcr", source_ids=[], state="done", created_by=user
    ).pk


def notice(user: Any, incident: Any) -> int:
    """A notice for ``user`` of a change to ``incident``."""
    from carewatch.audit.models import AuditEntry
    from carewatch.notices.models import Notice

    entry = AuditEntry.objects.filter(
        object_type="incidents.incident", object_id=str(incident.pk)
    ).latest("id")
    return Notice.objects.create(recipient=user, entry=entry, why="submitted").pk


def bulletin(user: Any) -> int:
    """A draft bulletin for September 2017."""
    import datetime

    from carewatch.publishing.services import bulletin_create

    return bulletin_create(
        user=user, period_start=datetime.date(2017, 9, 1), period_end=datetime.date(2017, 9, 30)
    ).pk


def campaign_objects() -> tuple[int, int]:
    """A petition with one signature (and so one supporter)."""
    from carewatch.petitions.services import Choices, sign
    from carewatch.supporters.services_supporters import Details
    from petition_support import make_petition

    petition = make_petition()
    signed = sign(
        petition=petition,
        details=Details(email="matrix@example.org", name="M"),
        choices=Choices(False, "c", False, "n"),
        address="192.0.2.1",
        form="matrix",
    )
    return petition.pk, signed.signature.supporter_id


def event_objects() -> tuple[int, int]:
    """A commemoration (its names read out) with one registration."""
    import datetime

    from carewatch.events import services
    from carewatch.supporters.services_supporters import Details
    from event_support import make_event

    event = make_event(
        kind="commemoration",
        memorial_from=datetime.date(2017, 1, 1),
        memorial_to=datetime.date(2017, 9, 27),
    )
    registration = services.register(
        event=event,
        request=services.Request(
            language="en",
            form="matrix",
            ticket=event.ticket_types.first(),
            details=Details(email="matrix.event@example.org", name="E"),
        ),
    )
    assert registration is not None
    return event.pk, registration.pk


def supply_need(user: Any, facility: Any) -> int:
    """A need raised by a count that runs out in two days."""
    import datetime
    from decimal import Decimal

    from carewatch.supplies.models import Item
    from carewatch.supplies.services import Count, record_stock

    report = record_stock(
        user=user,
        facility=facility,
        count=Count(Item.objects.get(code="gauze"), Decimal(2), Decimal(1), datetime.date.today()),
    )
    return report.alert.need.pk


def gift_objects() -> tuple[int, int]:
    """An appeal with one gift recorded by staff, and its receipt."""
    from decimal import Decimal

    from carewatch.donations import services
    from carewatch.supporters.services_supporters import Details
    from donation_support import make_appeal, make_issuers

    make_issuers()
    appeal = make_appeal()
    gift = services.record_offline(
        details=Details(email="matrix.donor@example.org", name="D", country="FR"),
        gift=services.Gift(amount=Decimal(10), currency="EUR", method="cheque", appeal=appeal),
        actor="matrix",
    )
    return appeal.pk, gift.receipts.get().pk


def call_and_maker() -> tuple[int, int]:
    """A call to action addressed to one decision-maker (the same one each time asked)."""
    from carewatch.actions.models import CallToAction, DecisionMaker

    call, _created = CallToAction.objects.get_or_create(slug="matrix-call")
    maker = DecisionMaker.objects.filter(name="Matrix Minister").first()
    if maker is None:
        maker = DecisionMaker.objects.create(name="Matrix Minister", role="Minister", language="en")
        call.targets.add(maker)
    return call.pk, maker.pk


def newsletter() -> int:
    """A newsletter written in English."""
    from newsletter_support import make_campaign, make_list

    return make_campaign(make_list()).pk


def review_pair(user: Any, person: Any) -> int:
    """A review-queue pair of two people."""
    from carewatch.linkage.models import MatchCandidate
    from carewatch.people.services import person_create

    other = person_create(user=user, name_latin="Test Persson", profession="nurse")
    return MatchCandidate.objects.create(
        kind="person", left_id=person.pk, right_id=other.pk, score=0.9
    ).pk


def tiny_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 120, 10)).save(out, format="PNG")
    return out.getvalue()


def url_for(pattern: URLPattern, namespace_prefix: str, objects: dict[str, int]) -> str:
    if "<int:pk>" not in str(pattern.pattern):
        return reverse(pattern.name)
    parts = (namespace_prefix.strip("/") or str(pattern.pattern)).split("/")
    section = "/".join(parts[:2]) if parts[0] in ("campaigns", "publishing") else parts[0]
    language = ["en"] if "<str:language>" in str(pattern.pattern) else []
    return reverse(pattern.name, args=[objects[section], *language])


def routes(objects: dict[str, int]) -> list[tuple[str, str]]:
    out = []
    for resolver in get_resolver().url_patterns:
        prefix = str(resolver.pattern)
        if isinstance(resolver, URLResolver) and not prefix.startswith("api/"):
            for p in resolver.url_patterns:
                if isinstance(p, URLPattern) and p in staff_patterns():
                    out.append((url_for(p, prefix, objects), p.callback))
    return out


def test_every_staff_page_declares_the_function_it_requires() -> None:
    missing = [p.name for p in staff_patterns() if not hasattr(p.callback, "required_function")]
    assert not missing


def test_the_matrix_covers_every_page(objects: dict[str, int]) -> None:
    assert len(routes(objects)) == len(staff_patterns())


def test_anonymous_visitors_are_sent_to_sign_in_from_every_staff_page(
    client: Any, objects: dict[str, int]
) -> None:
    for url, _view in routes(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"], url


@pytest.mark.parametrize(
    "role",
    ["field_documenter", "analyst", "communications", "verifier", "campaigner", "administrator"],
)
def test_each_role_reaches_exactly_the_pages_its_functions_allow(
    client: Any, personas: dict[str, Any], objects: dict[str, int], role: str
) -> None:
    user = personas[role]
    client.force_login(user)
    for url, view in routes(objects):
        status = client.get(url).status_code
        if view.allows(user):
            # The staff's start page sends each role to its first page, and "next in this list"
            # to the next incident of the list (or back to the list).
            start = url in (reverse("staff-home"), reverse("incident-next"))
            assert status in (200, 405) or (start and status == 302), f"{role} {url} -> {status}"
        else:
            assert status == 403, f"{role} {url} -> {status}"


def test_public_pages_answer_everyone(client: Any) -> None:
    for name in ("home", "about-data", "login", *sorted(PUBLIC_PAGE_NAMES)):
        if name.startswith("press-") and name != "press-room":
            continue  # a bulletin's pages and the feeds take their bulletin or language (test_bulletins)
        if name == "dashboard-boundaries":
            continue  # takes its level (test_public_map)
        assert client.get(reverse(name)).status_code == 200
