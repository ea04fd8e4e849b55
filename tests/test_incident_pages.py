"""Incident pages: list, filters, search in both scripts, submission, full form, conflicts, roles."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from tests.conftest import idlib_district

from api_support import audit_writes
from carewatch.audit.models import AuditEntry
from carewatch.incidents.models import Incident
from carewatch.sources.models import Report

pytestmark = pytest.mark.django_db


def submission(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "قصف مستشفى الأمل",
        "date_start": "2017-09-19",
        "date_precision": "1",
        "place": str(idlib_district().pk),
        "attack_types": ["heavy_weapons"],
        "weapons": ["aerial_bomb_plane"],
        "narrative": "قصف الطيران المشفى",
        "count_killed_hw": "2",
        "count_injured_hw": "",
        "count_killed_others": "3-5",
        "count_injured_others": "",
        "language": "ar",
        "place_text": "معرة النعمان",
        "facility_text": "",
        "informant_name": "",
        "informant_contact": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("incident-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_field_documenter_sees_only_their_own_incidents(
    client: Any, documenter: Any, make_incident: Any
) -> None:
    mine = make_incident(user=documenter, title="Mine")
    other = make_incident(title="Someone else's")
    client.force_login(documenter)
    page = client.get(reverse("incident-list")).content.decode()
    assert mine.reference in page
    assert other.reference not in page
    assert client.get(reverse("incident-detail", args=[other.pk])).status_code == 404


def test_the_list_filters_by_certainty_state_and_period(
    client: Any, analyst: Any, make_incident: Any
) -> None:
    keep = make_incident(title="Keep", certainty="confirmed")
    make_incident(title="Drop", certainty="rumour")
    make_incident(title="Old", certainty="confirmed", date_start=datetime.date(2015, 1, 1))
    client.force_login(analyst)
    page = client.get(
        reverse("incident-list"),
        {"certainty": "confirmed", "date_from": "2017-01-01", "state": "verified"},
    ).content.decode()
    assert keep.reference in page
    assert "Drop" not in page and "Old" not in page


def test_the_list_filters_by_governorate(client: Any, analyst: Any, make_incident: Any) -> None:
    from carewatch.places.models import Place

    aleppo = Place.objects.get(level=1, name_en="Aleppo")
    in_aleppo = make_incident(title="In Aleppo", place_id=aleppo.children.first().pk)
    make_incident(title="In Idlib")
    client.force_login(analyst)
    page = client.get(reverse("incident-list"), {"place": aleppo.pk}).content.decode()
    assert in_aleppo.reference in page and "In Idlib" not in page


@pytest.mark.parametrize("query", ["مستشفى الامل", "مُسْتَشْفَى الأَمَل", "مستشفى الأمل"])
def test_search_finds_arabic_text_whatever_the_hamza_and_diacritics(
    client: Any, analyst: Any, make_incident: Any, query: str
) -> None:
    hit = make_incident(title="قصف مستشفى الأمل")
    make_incident(title="Shelling of a clinic")
    client.force_login(analyst)
    page = client.get(reverse("incident-list"), {"q": query}).content.decode()
    assert hit.reference in page and "Shelling of a clinic" not in page


def test_search_finds_latin_spelling_variants(
    client: Any, analyst: Any, make_incident: Any
) -> None:
    hit = make_incident(title="Strike near Mohammed al-Halabi clinic")
    client.force_login(analyst)
    page = client.get(reverse("incident-list"), {"q": "Muhammad Halabi"}).content.decode()
    assert hit.reference in page


def test_htmx_requests_get_only_the_rows(client: Any, analyst: Any, make_incident: Any) -> None:
    make_incident()
    client.force_login(analyst)
    response = client.get(reverse("incident-list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"<table" in response.content


def test_a_field_documenter_submits_an_incident_in_arabic(client: Any, documenter: Any) -> None:
    client.force_login(documenter)
    response = client.post(reverse("incident-submit"), submission())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.title == "قصف مستشفى الأمل"
    assert incident.state == "submitted"
    assert incident.counts()["killed_others"].display() == "3–5"
    assert "killed_hw" in incident.counts() and "injured_hw" not in incident.counts()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_start", "2017-02-30"),
        ("date_start", "2999-01-01"),
        ("place", "999999"),
        ("attack_types", ["not-a-code"]),
        ("count_killed_hw", "many"),
        ("count_killed_hw", "5-2"),
        ("count_killed_hw", "-3"),
        ("title", ""),
        ("title", "x" * 301),
        ("language", "xx"),
    ],
)
def test_bad_input_on_the_submission_form_gets_a_message_and_writes_nothing(
    client: Any, documenter: Any, field: str, value: Any
) -> None:
    client.force_login(documenter)
    before = (Incident.objects.count(), Report.objects.count(), audit_writes())
    response = client.post(reverse("incident-submit"), submission(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b'class="errorlist"' in response.content
    assert (Incident.objects.count(), Report.objects.count(), audit_writes()) == before


def test_form_errors_come_in_the_users_language(client: Any, documenter: Any) -> None:
    client.force_login(documenter)
    client.cookies["carewatch_language"] = "fr"
    response = client.post(reverse("incident-submit"), submission(count_killed_hw="beaucoup"))
    assert "Saisissez un nombre" in response.content.decode()


def test_a_too_large_attachment_is_refused_and_nothing_is_written(
    client: Any, documenter: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CAREWATCH_MAX_ATTACHMENT_BYTES = 100
    settings.EVIDENCE_DIR = tmp_path
    client.force_login(documenter)
    data = submission(
        attachment=SimpleUploadedFile("photo.jpg", b"x" * 500, content_type="image/jpeg")
    )
    response = client.post(reverse("incident-submit"), data)
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert not Incident.objects.exists() and not Report.objects.exists()


def test_a_field_documenter_cannot_open_the_full_form(
    client: Any, documenter: Any, make_incident: Any
) -> None:
    incident = make_incident(user=documenter)
    client.force_login(documenter)
    assert client.get(reverse("incident-create")).status_code == 403
    assert client.get(reverse("incident-edit", args=[incident.pk])).status_code == 403


def full_form(incident: Incident, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": incident.title,
        "date_start": "2017-09-19",
        "date_precision": "1",
        "place": str(incident.place_id),
        "attack_types": ["heavy_weapons"],
        "weapons": [],
        "resources": ["facility"],
        "narrative": "edited",
        "location_precision": "3",
        "location_type": "health_building",
        "facility_damage": "damaged",
        "service_interruption": "partial",
        "certainty": "confirmed",
        "narrative_language": "en",
        "version": str(incident.version),
        "reason": "checked",
        "exact_lat": "",
        "exact_lon": "",
    }
    data.update(overrides)
    return data


def test_a_verifier_edits_an_incident(client: Any, verifier: Any, make_incident: Any) -> None:
    incident = make_incident()
    client.force_login(verifier)
    response = client.post(
        reverse("incident-edit", args=[incident.pk]), full_form(incident, title="Edited")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.title, incident.facility_damage, incident.version) == ("Edited", "damaged", 2)


def test_the_second_editor_gets_a_conflict_and_keeps_their_text(
    client: Any, verifier: Any, admin: Any, make_incident: Any
) -> None:
    incident = make_incident()
    stale = full_form(incident, title="Admin's version")
    client.force_login(verifier)
    client.post(
        reverse("incident-edit", args=[incident.pk]),
        full_form(incident, title="Verifier's version"),
    )
    client.force_login(admin)
    response = client.post(reverse("incident-edit", args=[incident.pk]), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Admin&#x27;s version" in page or "Admin's version" in page
    assert "Verifier&#x27;s version" in page or "Verifier's version" in page
    incident.refresh_from_db()
    assert incident.title == "Verifier's version"


@pytest.mark.parametrize("version", ["", "0", None])
def test_an_edit_without_the_version_it_was_read_at_overwrites_nothing(
    client: Any, verifier: Any, admin: Any, make_incident: Any, version: str | None
) -> None:
    """A lost update: a POST with no version (or 0) once saved over a newer edit without a word."""
    incident = make_incident()
    client.force_login(verifier)
    client.post(
        reverse("incident-edit", args=[incident.pk]),
        full_form(incident, title="Verifier's version"),
    )
    client.force_login(admin)
    data = full_form(incident, title="Blind overwrite", version=version)
    if version is None:
        del data["version"]
    response = client.post(reverse("incident-edit", args=[incident.pk]), data)
    assert response.status_code == 200
    assert "This form is incomplete; reload the page and try again." in response.content.decode()
    incident.refresh_from_db()
    assert (incident.title, incident.version) == ("Verifier's version", 2)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"exact_lat": "48.85", "exact_lon": "2.35"}, "exact_lat"),
        ({"exact_lat": "35.9"}, None),
        ({"date_end": "2017-09-01"}, "date_end"),
        (
            {"interruption_from": "2017-10-01", "interruption_until": "2017-09-01"},
            "interruption_until",
        ),
        ({"certainty": "sure"}, "certainty"),
    ],
)
def test_bad_input_on_the_full_form_writes_nothing(
    client: Any, verifier: Any, make_incident: Any, overrides: dict[str, str], field: str | None
) -> None:
    incident = make_incident()
    client.force_login(verifier)
    response = client.post(
        reverse("incident-edit", args=[incident.pk]), full_form(incident, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else errors
    incident.refresh_from_db()
    assert incident.version == 1


def test_the_incident_page_shows_reports_side_by_side_with_their_sources(
    client: Any, verifier: Any, documenter: Any
) -> None:
    from tests.conftest import incident_values

    from carewatch.incidents import services
    from carewatch.sources.services import report_create, source_create

    incident = services.incident_submit(
        user=documenter, values=incident_values(), language="en", place_text="Maarat"
    )
    who = source_create(user=verifier, name="WHO SSA", source_type="un_agency", reliability="A")
    report = report_create(
        user=verifier,
        source=who,
        kind="dataset_row",
        language="en",
        original_text="row",
        dataset_key="SSA-123",
    )
    services.incident_record_create(
        user=verifier,
        report=report,
        incident=incident,
        fields={"place_text": "Ma'arrat an Nu'man", "counts": {"killed_hw": [3, None]}},
    )
    client.force_login(verifier)
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert "WHO SSA" in page and services.FIELD_TEAM_SOURCE in page
    assert "SSA-123" in page and "Ma&#x27;arrat an Nu&#x27;man" in page


def test_exact_coordinates_are_not_in_the_page_and_their_reveal_is_audited(
    client: Any, verifier: Any, analyst: Any, make_incident: Any
) -> None:
    incident = make_incident(exact_lat=35.931337, exact_lon=36.631337)
    client.force_login(analyst)
    assert (
        "35.931337"
        not in client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    )
    assert client.get(reverse("incident-exact-location", args=[incident.pk])).status_code == 403
    client.force_login(verifier)
    assert (
        "35.931337"
        not in client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    )
    assert (
        "35.931337"
        in client.get(reverse("incident-exact-location", args=[incident.pk])).content.decode()
    )
    assert (
        AuditEntry.objects.filter(
            action="carewatch.incident.exact_location_viewed", actor=verifier
        ).count()
        == 1
    )


def test_a_verifier_verifies_from_the_incident_page(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    incident = make_incident(state="submitted")
    client.force_login(verifier)
    client.post(
        reverse("incident-state", args=[incident.pk]),
        {"state": "verified", "certainty": "confirmed", "reason": "", "version": "1"},
    )
    incident.refresh_from_db()
    assert (incident.state, incident.certainty) == ("verified", "confirmed")


def test_an_analyst_cannot_change_the_state(client: Any, analyst: Any, make_incident: Any) -> None:
    incident = make_incident(state="submitted")
    client.force_login(analyst)
    response = client.post(
        reverse("incident-state", args=[incident.pk]),
        {"state": "verified", "certainty": "confirmed", "version": "1"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_pages_render_in_each_language_with_the_right_direction(
    client: Any, verifier: Any, make_incident: Any, language: str
) -> None:
    incident = make_incident()
    client.force_login(verifier)
    client.cookies["carewatch_language"] = language
    for url in (
        reverse("incident-list"),
        reverse("incident-detail", args=[incident.pk]),
        reverse("incident-submit"),
        reverse("incident-edit", args=[incident.pk]),
    ):
        page = client.get(url).content.decode()
        assert f'lang="{language}"' in page
        assert ('dir="rtl"' in page) == (language == "ar")


def test_the_edit_form_never_carries_the_exact_point_and_an_empty_one_keeps_it(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    incident = make_incident(exact_lat=35.931337, exact_lon=36.631337)
    client.force_login(verifier)
    assert (
        "35.931337" not in client.get(reverse("incident-edit", args=[incident.pk])).content.decode()
    )
    client.post(
        reverse("incident-edit", args=[incident.pk]), full_form(incident, title="Kept point")
    )
    incident.refresh_from_db()
    assert (incident.title, incident.exact_lat) == ("Kept point", 35.931337)
    client.post(reverse("incident-edit", args=[incident.pk]), full_form(incident, clear_exact="on"))
    incident.refresh_from_db()
    assert incident.exact_lat is None and incident.exact_lon is None


def test_showing_an_informant_on_the_incident_page_is_audited(
    client: Any, verifier: Any, documenter: Any
) -> None:
    from tests.conftest import incident_values

    from carewatch.incidents import services

    incident = services.incident_submit(
        user=documenter,
        values=incident_values(),
        language="en",
        informant_name="Witness Canary 5512",
    )
    client.force_login(verifier)
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert "Witness Canary 5512" not in page  # never part of the page: read on purpose
    report = incident.records.get().report
    assert reverse("report-informant", args=[report.pk]) in page
    informant = AuditEntry.objects.filter(action="carewatch.report.informant_viewed")
    assert not informant.exists()
    fragment = client.get(
        reverse("report-informant", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert "Witness Canary 5512" in fragment.content.decode()
    assert informant.filter(actor=verifier).count() == 1
    assert informant.get().after["fields"] == ["informant_name"]


def test_a_documenter_sees_the_people_of_their_incident_without_links_they_may_not_open(
    client: Any, documenter: Any, verifier: Any, make_incident: Any
) -> None:
    from carewatch.people.services import person_create, person_fate_add

    incident = make_incident(user=documenter, state="submitted")
    person = person_create(user=verifier, name_latin="Sami Nurse", profession="nurse")
    person_fate_add(person=person, user=verifier, fate="injured", incident=incident)
    client.force_login(documenter)
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert f"person #{person.pk}" in page  # the name is withheld from them
    assert reverse("person-detail", args=[person.pk]) not in page  # and the page is not theirs
    client.force_login(verifier)
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert reverse("person-detail", args=[person.pk]) in page


def test_a_new_incident_from_the_full_form_is_recorded_from_its_source(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    from carewatch.sources.models import Report, Source
    from carewatch.sources.services import source_create

    uossm = source_create(user=verifier, name="UOSSM", source_type="ngo", reliability="B")
    client.force_login(verifier)
    page = client.get(reverse("incident-create")).content.decode()
    assert 'name="source"' in page and 'name="perpetrator-0-category"' in page
    data = full_form(make_incident(), title="Hospital hit in Kafr Nabl")
    data.pop("version")
    refused = client.post(reverse("incident-create"), data)
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    assert not Report.objects.filter(source=uossm).exists()
    data |= {
        "source": str(uossm.pk),
        "report_kind": "press_release",
        "report_url": "https://example.org/uossm/2017-09-19",
        "perpetrator-0-category": "state_forces",
        "perpetrator-0-source": str(uossm.pk),
    }
    response = client.post(reverse("incident-create"), data)
    assert response.status_code == 302
    incident = Incident.objects.get(title="Hospital hit in Kafr Nabl")
    assert incident.state == "submitted"
    [record] = incident.records.select_related("report")
    assert (record.report.source_id, record.report.kind, record.report.url) == (
        uossm.pk,
        "press_release",
        "https://example.org/uossm/2017-09-19",
    )
    [claim] = incident.perpetrator_claims.all()
    assert (claim.category, claim.source_id, claim.confidence) == (
        "state_forces",
        uossm.pk,
        "alleged",
    )
    assert Source.objects.filter(pk=uossm.pk).exists()


def test_editing_keeps_changes_and_removes_perpetrator_claims_row_by_row(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    import re

    from carewatch.incidents.values import PerpetratorValue
    from carewatch.sources.services import source_create

    sara = source_create(user=verifier, name="SARA", source_type="ngo", reliability="B")
    who = source_create(user=verifier, name="WHO", source_type="un_agency", reliability="A")
    incident = make_incident(
        perpetrators=[
            PerpetratorValue("state_forces", sara.pk, "Air force", "likely"),
            PerpetratorValue("non_state_group", who.pk),
        ]
    )
    client.force_login(verifier)
    page = client.get(reverse("incident-edit", args=[incident.pk])).content.decode()
    assert re.search(r'name="perpetrator-0-name"[^>]*value="Air force"', page)
    assert 'name="perpetrator-3-category"' in page  # two recorded, two spare rows
    rows = {
        "perpetrator-0-category": "state_forces",
        "perpetrator-0-name": "Air force",
        "perpetrator-0-source": str(sara.pk),
        "perpetrator-0-confidence": "established",
        "perpetrator-1-category": "non_state_group",
        "perpetrator-1-source": str(who.pk),
    }
    # A claim with no source alleging it is refused, and nothing changes.
    bad = client.post(
        reverse("incident-edit", args=[incident.pk]),
        full_form(incident, **rows, **{"perpetrator-2-category": "criminal"}),
    )
    assert bad.status_code == 200 and "Say which source alleges it." in bad.content.decode()
    assert incident.perpetrator_claims.count() == 2
    client.post(reverse("incident-edit", args=[incident.pk]), full_form(incident, **rows))
    claims = sorted(incident.perpetrator_claims.values_list("category", "confidence"))
    assert claims == [("non_state_group", "alleged"), ("state_forces", "established")]
    incident.refresh_from_db()
    cleared = {k: v for k, v in rows.items() if not k.startswith("perpetrator-1-")}
    client.post(reverse("incident-edit", args=[incident.pk]), full_form(incident, **cleared))
    assert list(incident.perpetrator_claims.values_list("category", flat=True)) == ["state_forces"]
