"""Every incident, facility, person, source and report page has a History from the audit chain (issue 17.4)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_incidents_history_shows_who_changed_what_and_why(
    verifier: Any, analyst: Any, make_incident: Any
) -> None:
    from carewatch.incidents.services import incident_set_state

    incident = make_incident(state="submitted", exact_lat=35.93012, exact_lon=36.63417)
    incident_set_state(
        incident=incident,
        user=verifier,
        state="verified",
        expected_version=incident.version,
        reason="CANARY-REASON two sources agree",
        certainty="confirmed",
    )
    page = signed_in(analyst).get(reverse("incident-history", args=[incident.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "CANARY-REASON two sources agree" in html
    assert verifier.username in html
    assert "Verified" in html and "Created" in html
    assert "35.93012" not in html and "36.63417" not in html
    assert "restricted value changed" in html
    detail = signed_in(analyst).get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert reverse("incident-history", args=[incident.pk]) in detail


def test_every_kind_of_record_has_its_history(
    verifier: Any, analyst: Any, make_incident: Any
) -> None:
    from carewatch.facilities.services import facility_create
    from carewatch.people.services import person_create
    from carewatch.sources.services import report_create, source_create

    source = source_create(user=verifier, name="A source", source_type="ngo", reliability="B")
    facility = facility_create(
        user=verifier,
        name_latin="Hospital H",
        facility_type="secondary",
        place=make_incident().place,
    )
    person = person_create(
        user=verifier,
        name_latin="Someone",
        profession="nurse",
        date_of_birth=datetime.date(1980, 1, 2),
    )
    report = report_create(
        user=verifier,
        source=source,
        kind="statement",
        language="ar",
        original_text="نص",
        informant_name="CANARY-INFORMANT-history",
    )
    client = signed_in(analyst)
    for name, pk in (
        ("facility-history", facility.pk),
        ("person-history", person.pk),
        ("source-history", source.pk),
        ("report-history", report.pk),
    ):
        page = client.get(reverse(name, args=[pk]))
        assert page.status_code == 200, name
        assert "Created" in page.content.decode() or "Received" in page.content.decode(), name
    assert "1980" not in client.get(reverse("person-history", args=[person.pk])).content.decode()
    assert (
        "CANARY-INFORMANT-history"
        not in client.get(reverse("report-history", args=[report.pk])).content.decode()
    )


def test_a_field_documenter_has_no_history_and_the_public_is_sent_to_sign_in(
    documenter: Any, make_incident: Any
) -> None:
    incident = make_incident(user=documenter, state="submitted")
    assert (
        signed_in(documenter).get(reverse("incident-history", args=[incident.pk])).status_code
        == 403
    )
    assert Client().get(reverse("incident-history", args=[incident.pk])).status_code == 302


def test_the_history_of_a_record_one_may_not_see_is_not_found(analyst: Any) -> None:
    assert signed_in(analyst).get(reverse("incident-history", args=[999_999])).status_code == 404


def test_the_keys_of_a_snapshot_that_are_not_fields_are_named_in_arabic(
    analyst: Any, make_incident: Any
) -> None:
    """An incident's creation logs its counts, tags and perpetrators beside its fields; every
    label of the change table is in the reader's language."""
    incident = make_incident()
    client = signed_in(analyst)
    client.cookies["carewatch_language"] = "ar"
    html = client.get(reverse("incident-history", args=[incident.pk])).content.decode()
    labels = re.findall(r"<tr[^>]*><td>([^<]*)</td>", html)
    assert "أعداد الضحايا" in labels and "أُنشئ في" in labels
    latin = [label for label in labels if re.search(r"[A-Za-z]", label)]
    assert not latin, latin
