"""The public landing page: headline figures with their sources and certainty filter, nothing internal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db


def test_headlines_count_only_verified_probable_or_confirmed_incidents(
    client: Any, make_incident: Any
) -> None:
    make_incident(certainty="confirmed", counts={"killed_hw": Count(2)})
    make_incident(certainty="probable", counts={"killed_hw": Count(1, 3)})
    make_incident(certainty="rumour", counts={"killed_hw": Count(50)})
    make_incident(state="submitted", certainty="confirmed", counts={"killed_hw": Count(70)})
    page = client.get(reverse("home")).content.decode()
    assert ">2<" in page.replace(" ", "")  # two incidents
    assert "3–5" in page  # health workers killed: 2 + (1–3)
    assert "probable or confirmed" in page


def test_each_headline_names_its_sources(client: Any, verifier: Any, documenter: Any) -> None:
    from tests.conftest import incident_values

    from carewatch.incidents import services

    incident = services.incident_submit(user=documenter, values=incident_values(), language="en")
    services.incident_set_state(
        incident=incident,
        user=verifier,
        state="verified",
        certainty="confirmed",
        expected_version=1,
    )
    page = client.get(reverse("home")).content.decode()
    assert services.FIELD_TEAM_SOURCE in page


def test_an_unknown_total_is_shown_as_unknown_not_zero(client: Any, make_incident: Any) -> None:
    make_incident(counts={})
    page = client.get(reverse("home")).content.decode()
    assert "unknown" in page


def test_the_landing_page_shows_no_internal_detail(client: Any, make_incident: Any) -> None:
    make_incident(
        title="CANARY-TITLE-881",
        narrative="CANARY-NARRATIVE-882",
        exact_lat=35.931337,
        exact_lon=36.631337,
    )
    page = client.get(reverse("home")).content.decode()
    assert "CANARY" not in page and "35.931337" not in page


def test_it_warns_when_figures_include_generated_data(client: Any, make_incident: Any) -> None:
    make_incident(is_generated=True)
    assert "generated demonstration data" in client.get(reverse("home")).content.decode()


def test_an_eyewitness_source_is_named_by_its_type_only(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import figure_record, report_create, source_create

    witness = source_create(user=verifier, name="CANARY-DR-SAMIR-WITNESS", source_type="eyewitness")
    report = report_create(
        user=verifier, source=witness, kind="statement", language="ar", original_text="..."
    )
    incident_record_create(user=verifier, report=report, incident=make_incident(), fields={})
    figure_record(
        user=verifier,
        report=report,
        quantity=12,
        measure="killed",
        population="civilians",
        quote="12",
    )
    page = client.get(reverse("home")).content.decode()
    assert "CANARY-DR-SAMIR-WITNESS" not in page
    assert "Eyewitness" in page


def test_sources_are_said_once_and_campaign_figures_stay_off_the_attack_figures(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    from carewatch.sources.services import figure_record, report_create, source_create

    make_incident(certainty="confirmed", counts={"killed_hw": Count(2)})
    ngo = source_create(user=verifier, name="Relief NGO", source_type="ngo")
    release = report_create(
        user=verifier, source=ngo, kind="press_release", language="fr", title="R", original_text="…"
    )
    figure_record(
        user=verifier,
        report=release,
        quantity=78240,
        measure="signatures",
        population="supporters",
        quote="78 240 personnes ont soutenu l'appel",
    )
    figure_record(
        user=verifier,
        report=release,
        quantity=450,
        measure="killed",
        population="civilians",
        quote="450 civils tués",
    )
    page = client.get(reverse("home")).content.decode()
    assert page.count("Sources of these figures") == 1 and "Sources:" not in page
    assert "450" in page and "78,240" not in page and "78240" not in page
