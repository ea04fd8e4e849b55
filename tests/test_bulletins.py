"""Monthly bulletins: drafted and approved by communications, their figures computed as the
public sees the records (checked here against counts made independently), frozen at approval,
corrected only by a new version, published as a page, a PDF and an Atom feed, with nothing a
reader may not see."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from carewatch.audit.models import AuditEntry
from carewatch.incidents.choices import PUBLIC_CERTAINTY
from carewatch.incidents.models import Incident
from carewatch.people.services import person_create, person_fate_add
from carewatch.publishing import services
from carewatch.publishing.models import Bulletin
from conftest import idlib_district

pytestmark = pytest.mark.django_db
SEPTEMBER = (datetime.date(2017, 9, 1), datetime.date(2017, 9, 30))
HIDDEN_NAME = "CANARY-Uncleared-Nurse"


@pytest.fixture
def september(make_incident: Any, verifier: Any) -> None:
    """Three verified incidents in September 2017 (one only possible: not counted), one in August,
    one still submitted; a cleared nurse and an uncleared one killed in September."""
    make_incident(date_start=datetime.date(2017, 9, 3))
    make_incident(date_start=datetime.date(2017, 9, 19), counts={})
    make_incident(date_start=datetime.date(2017, 9, 25), certainty="possible")
    make_incident(date_start=datetime.date(2017, 8, 10))
    make_incident(date_start=datetime.date(2017, 9, 12), state="submitted")
    for name, clearance in (("Amal Nurse", "cleared"), (HIDDEN_NAME, "not_cleared")):
        person = person_create(
            user=verifier,
            name_latin=name,
            name_ar="",
            profession="nurse",
            memorial_clearance=clearance,
        )
        person_fate_add(
            person=person,
            user=verifier,
            fate="killed",
            date=datetime.date(2017, 9, 19),
            place=idlib_district(),
        )


def independent(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Attacks and health workers killed counted straight from the rows: verified, probable or
    confirmed, started in the period."""
    rows = Incident.objects.filter(
        state="verified",
        certainty__in=list(PUBLIC_CERTAINTY),
        date_start__gte=start,
        date_start__lte=end,
    )
    killed = sum(c.low for i in rows for c in i.casualties.filter(measure="killed_hw"))
    return rows.count(), killed


def draft(client: Client, month: str = "2017-09") -> Bulletin:
    client.post(reverse("bulletin-list"), {"month": month})
    bulletin = Bulletin.objects.get(state="draft")
    texts = {
        "en-title": "September 2017: attacks on health care in Syria",
        "en-lead": "Attacks rose in September despite the de-escalation agreements.",
        "fr-title": "Septembre 2017 : les attaques contre les soins en Syrie",
        "fr-lead": "Les attaques ont augmenté en septembre malgré les accords de désescalade.",
        "ar-title": "أيلول ٢٠١٧: الهجمات على الرعاية الصحية في سوريا",
    }
    assert client.post(reverse("bulletin-edit", args=[bulletin.pk]), texts).status_code == 302
    return bulletin


def approve(client: Client, bulletin: Bulletin) -> None:
    client.post(reverse("bulletin-approve", args=[bulletin.pk]), {"confirm": "publish"})


def test_a_bulletin_s_figures_are_the_records_as_the_public_sees_them(
    client: Client, communications: Any, september: None
) -> None:
    client.force_login(communications)
    bulletin = draft(client)
    approve(client, bulletin)
    bulletin.refresh_from_db()
    assert bulletin.state == "published" and bulletin.data_version
    headline = {h["measure"]: h for h in bulletin.numbers["headline"]}
    attacks, killed = independent(*SEPTEMBER)
    assert (
        (headline["incidents"]["low"], headline["killed_hw"]["low"]) == (attacks, killed) == (2, 2)
    )
    before = {h["measure"]: h["low"] for h in bulletin.numbers["previous"]["totals"]}
    assert (
        before["incidents"]
        == independent(datetime.date(2017, 8, 1), datetime.date(2017, 8, 31))[0]
        == 1
    )
    assert [p["name_latin"] for p in bulletin.numbers["memorial"]] == ["Amal Nurse"]
    assert AuditEntry.objects.filter(action="carewatch.bulletin.published").count() == 1


def test_a_published_bulletin_never_changes_when_the_data_does(
    client: Client, communications: Any, september: None, make_incident: Any
) -> None:
    client.force_login(communications)
    bulletin = draft(client)
    approve(client, bulletin)
    page = Client().get(reverse("press-bulletin", args=[bulletin.slug]))
    assert page.status_code == 200
    frozen = Bulletin.objects.get(pk=bulletin.pk).numbers
    make_incident(date_start=datetime.date(2017, 9, 20))
    assert Bulletin.objects.get(pk=bulletin.pk).numbers == frozen
    again = Client().get(reverse("press-bulletin-version", args=[bulletin.slug, 1]))
    assert again.context["view"].headline[0].value == "2"
    # The draft page of a new correction computes the figures of now: 3 attacks.
    client.post(
        reverse("bulletin-correct", args=[bulletin.pk]), {"note": "A late verified attack."}
    )
    correction = Bulletin.objects.get(state="draft")
    approve(client, correction)
    correction.refresh_from_db()
    assert correction.version == 2 and correction.numbers["headline"][0]["low"] == 3
    assert services.changes(correction)[0]["was"] == [2, 2]
    old = Client().get(reverse("press-bulletin-version", args=[bulletin.slug, 1]))
    assert "corrected by a later one" in old.content.decode()
    latest = Client().get(reverse("press-bulletin", args=[bulletin.slug]))
    assert "A late verified attack." in latest.content.decode()


def test_a_draft_is_not_public_and_only_communications_write_them(
    client: Client, communications: Any, verifier: Any, documenter: Any, september: None
) -> None:
    client.force_login(communications)
    bulletin = draft(client)
    assert Client().get(reverse("press-bulletin", args=[bulletin.slug])).status_code == 404
    assert "2017-09" not in Client().get(reverse("press-room")).content.decode()
    for user in (verifier, documenter):
        other = Client()
        other.force_login(user)
        assert other.get(reverse("bulletin-list")).status_code == 403
        assert (
            other.post(
                reverse("bulletin-approve", args=[bulletin.pk]), {"confirm": "publish"}
            ).status_code
            == 403
        )
    assert Bulletin.objects.get(pk=bulletin.pk).state == "draft"


def test_approval_needs_its_confirmation_and_a_published_bulletin_is_not_edited(
    client: Client, communications: Any, september: None
) -> None:
    client.force_login(communications)
    bulletin = draft(client)
    client.post(reverse("bulletin-approve", args=[bulletin.pk]), {})
    assert Bulletin.objects.get(pk=bulletin.pk).state == "draft"
    approve(client, bulletin)
    client.post(reverse("bulletin-edit", args=[bulletin.pk]), {"en-title": "Changed"})
    assert (
        Bulletin.objects.get(pk=bulletin.pk).texts.get(language="en").title.startswith("September")
    )
    response = client.post(reverse("bulletin-list"), {"month": "2017-09"})
    assert "write a correction" in response.content.decode()
    assert client.post(reverse("bulletin-list"), {"month": "September"}).status_code == 400


def test_the_page_pdf_and_feed_in_three_languages_hold_no_uncleared_name(
    client: Client, communications: Any, september: None
) -> None:
    client.force_login(communications)
    bulletin = draft(client)
    approve(client, bulletin)
    public = Client()
    for language, title in (
        ("en", "September 2017: attacks"),
        ("fr", "Septembre 2017"),
        ("ar", "أيلول ٢٠١٧"),
    ):
        page = public.get(
            reverse("press-bulletin", args=[bulletin.slug]), HTTP_ACCEPT_LANGUAGE=language
        )
        html = page.content.decode()
        assert title in html and "Amal Nurse" in html and HIDDEN_NAME not in html
        pdf = public.get(
            reverse("press-bulletin-pdf", args=[bulletin.slug, 1]), HTTP_ACCEPT_LANGUAGE=language
        )
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Amal Nurse" in text and HIDDEN_NAME not in text
        feed = public.get(reverse("press-feed", args=[language])).content.decode()
        assert (
            "<feed" in feed
            and HIDDEN_NAME not in feed
            and f"/press/bulletins/{bulletin.slug}/v1/" in feed
        )
    assert public.get("/press/feed/de.atom").status_code == 404
    data = public.get(reverse("press-bulletin-data", args=[bulletin.slug, 1])).json()
    assert data["figures"] == Bulletin.objects.get(pk=bulletin.pk).numbers
    assert set(data["texts"]) == {"en", "fr", "ar"} and HIDDEN_NAME not in str(data)
