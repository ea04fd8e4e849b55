"""The demo: real seed facts with their exact quotes, deterministic generated data, once only, all audited."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

SMALL = 24


def _figures() -> dict[tuple[str, int], Any]:
    from carewatch.sources.models import Figure

    return {
        (f.measure, f.quantity): f
        for f in Figure.objects.select_related("report__source", "attributed_to")
    }


def _aleppo_hospital(code: str) -> Any:
    from carewatch.facilities.models import Facility

    return Facility.objects.get(aliases__name=code, is_generated=False)


class Rollback(Exception):
    """Raised to undo a block, so one test can generate twice into the same empty database."""


def _fingerprint() -> dict[str, list[Any]]:
    """The generated content without database ids (ids and references depend on sequences)."""
    from carewatch.facilities.models import Facility
    from carewatch.incidents.models import Incident
    from carewatch.people.models import Person

    incidents = Incident.objects.prefetch_related("casualties", "tags").select_related("place")
    return {
        "incidents": sorted(
            (
                i.title,
                i.date_start,
                i.state,
                i.certainty,
                i.place.pcode,
                i.narrative,
                sorted((c.measure, c.low, c.high or 0) for c in i.casualties.all()),
                sorted(t.code for t in i.tags.all()),
            )
            for i in incidents
        ),
        "facilities": sorted(
            (f.name_latin, f.name_ar, f.exact_lat or 0, f.exact_lon or 0)
            for f in Facility.objects.all()
        ),
        "people": sorted(
            (p.name_latin, p.name_ar, p.profession, p.memorial_clearance)
            for p in Person.objects.all()
        ),
    }


def _generate_and_fingerprint(user: Any, seed: int) -> dict[str, list[Any]]:
    from carewatch.demo.generator import generate

    try:
        with transaction.atomic():
            generate(user, n_incidents=SMALL, seed=seed)
            fingerprint = _fingerprint()
            raise Rollback
    except Rollback:
        return fingerprint


@pytest.mark.django_db
def test_the_seed_figures_have_their_numbers_quotes_and_sources(verifier: Any) -> None:
    from carewatch.demo.seeds import load_seed_facts

    assert load_seed_facts(verifier) is True
    figures = _figures()
    expected = {
        ("killed", 450): "White Helmets (Syria Civil Defence)",
        ("injured", 1600): "White Helmets (Syria Civil Defence)",
        ("children_killed", 96): "UNICEF",
        ("children_injured", 223): "UNICEF",
        ("facilities_out_of_service", 2): "UOSSM Canada",
        ("staff_killed", 5): "UOSSM Canada",
        ("signatures", 78240): "UOSSM",
        ("facilities_supported", 200): "UOSSM",
        ("treatments", 1_000_000): "UOSSM Canada",
    }
    for key, source in expected.items():
        figure = figures[key]
        assert figure.stated_by.name == source
        assert figure.quote in figure.report.original_text
    assert figures[("killed", 450)].quote == "450 Civilians dead and 1600 injured – White Helmets"
    assert (figures[("killed", 450)].period_start, figures[("killed", 450)].period_end) == (
        datetime.date(2016, 9, 23),
        datetime.date(2016, 9, 30),
    )
    assert "since Friday" in figures[("children_killed", 96)].quote
    assert figures[("signatures", 78240)].report.language == "fr"


@pytest.mark.django_db
def test_the_seed_reports_keep_the_documents_unchanged(verifier: Any) -> None:
    from carewatch.demo.seeds import (
        NEWSLETTER_FILE,
        PRESS_RELEASE_FILE,
        document_text,
        load_seed_facts,
    )
    from carewatch.sources.models import Report, Source

    load_seed_facts(verifier)
    press = Report.objects.get(source__name="UOSSM", kind="press_release")
    newsletter = Report.objects.get(source__name="UOSSM Canada", kind="newsletter")
    assert press.original_text == document_text(PRESS_RELEASE_FILE)
    assert (press.language, press.published_on) == ("fr", datetime.date(2017, 10, 17))
    assert newsletter.original_text == document_text(NEWSLETTER_FILE)
    assert newsletter.language == "en"
    assert Source.objects.get(name="UNICEF").source_type == "un_agency"
    assert not Source.objects.filter(is_generated=True).exists()


@pytest.mark.django_db
def test_m2_and_m10_are_out_of_service_on_1_october_2016(verifier: Any) -> None:
    from carewatch.demo.seeds import load_seed_facts

    load_seed_facts(verifier)
    for code in ("M2", "M10"):
        hospital = _aleppo_hospital(code)
        status = hospital.status_on(datetime.date(2016, 10, 1))
        assert (status.status, status.cause) == ("non_functional", "attacked")
        assert status.report.source.name == "UOSSM Canada"
        assert hospital.exact_lat is None and hospital.exact_lon is None
        assert hospital.place.ancestor_at(1).name_en == "Aleppo"
        assert hospital.status_on(datetime.date(2016, 9, 1)) is None


@pytest.mark.django_db
def test_the_seed_incidents_are_linked_to_records_of_their_reports(verifier: Any) -> None:
    from carewatch.demo.seeds import load_seed_facts
    from carewatch.incidents.models import Incident

    load_seed_facts(verifier)
    for code in ("M2", "M10"):
        incident = Incident.objects.get(facilities=_aleppo_hospital(code))
        assert (incident.state, incident.certainty, incident.date_precision) == (
            "verified",
            "probable",
            2,
        )
        assert incident.records.get().report.source.name == "UOSSM Canada"
        assert incident.attack_types == ["heavy_weapons"]
    idlib = Incident.objects.get(governorate__name_en="Idleb")
    assert (idlib.date_start, idlib.date_precision, idlib.location_precision) == (
        datetime.date(2017, 9, 1),
        3,
        4,
    )
    assert idlib.certainty in {"possible", "probable"}
    assert idlib.records.get().report.source.name == "UOSSM"


@pytest.mark.django_db
def test_loading_the_seed_facts_twice_does_not_duplicate(verifier: Any) -> None:
    from carewatch.demo.seeds import load_seed_facts
    from carewatch.facilities.models import Facility
    from carewatch.incidents.models import Incident
    from carewatch.sources.models import Figure, Report, Source

    load_seed_facts(verifier)
    counts = [m.objects.count() for m in (Source, Report, Figure, Facility, Incident)]
    assert load_seed_facts(verifier) is False
    assert [m.objects.count() for m in (Source, Report, Figure, Facility, Incident)] == counts


def test_the_plan_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    from carewatch.demo.plan import make_plan

    assert repr(make_plan(60, seed=7)) == repr(make_plan(60, seed=7))
    assert repr(make_plan(60, seed=7)) != repr(make_plan(60, seed=8))


def test_the_default_plan_looks_like_the_conflict() -> None:
    from carewatch.demo.plan import make_plan

    plan = make_plan()
    months = Counter(f"{i.story.date:%Y-%m}" for i in plan.incidents)
    assert months.most_common(1)[0][0] == "2017-09"
    assert min(months) >= "2016-01" and max(months) <= "2018-12"
    assert {i.state for i in plan.incidents} == {
        "draft",
        "submitted",
        "under_review",
        "verified",
        "rejected",
        "merged",
    }
    assert {i.story.certainty for i in plan.incidents} == {
        "rumour",
        "possible",
        "probable",
        "confirmed",
    }
    assert Counter(i.story.area.governorate for i in plan.incidents).most_common(2)[0][0] in {
        "Idleb",
        "Aleppo",
    }
    assert (len(plan.facilities), len(plan.people)) == (60, 150)
    assert all(len(p.parts) in {3, 4} for p in plan.people)


@pytest.mark.django_db
def test_the_generator_writes_the_same_data_for_the_same_seed(verifier: Any) -> None:
    first = _generate_and_fingerprint(verifier, seed=11)
    assert first["incidents"]
    assert _generate_and_fingerprint(verifier, seed=11) == first
    assert _generate_and_fingerprint(verifier, seed=12) != first


@pytest.mark.django_db
def test_everything_generated_is_marked_generated(verifier: Any) -> None:
    from carewatch.demo.generator import generate
    from carewatch.facilities.models import Facility
    from carewatch.incidents.models import Incident
    from carewatch.people.models import Person
    from carewatch.sources.models import Report, Source

    generate(verifier, n_incidents=SMALL)
    assert Source.objects.get(name="Generated demo data (not real)").is_generated
    assert not Source.objects.filter(is_generated=False).exists()
    assert not Report.objects.filter(source__is_generated=False).exists()
    for model in (Incident, Facility, Person):
        assert model.objects.exists()
        assert not model.objects.filter(is_generated=False).exists()


@pytest.mark.django_db
def test_generated_incidents_have_several_records_and_documenters_see_their_own(
    verifier: Any, documenter: Any, other_documenter: Any
) -> None:
    from carewatch.demo.generator import generate
    from carewatch.incidents.models import Incident
    from carewatch.incidents.selectors import incidents_for

    generate(verifier, n_incidents=60, submitters=[documenter, other_documenter])
    assert Incident.objects.filter(records__isnull=False).distinct().count() == 60
    assert any(i.records.count() >= 3 for i in Incident.objects.all())
    assert incidents_for(documenter).exists()
    assert not incidents_for(documenter).filter(created_by=other_documenter).exists()


@pytest.mark.django_db
def test_generating_twice_does_not_duplicate(verifier: Any) -> None:
    from carewatch.demo.generator import generate
    from carewatch.incidents.models import Incident

    assert generate(verifier, n_incidents=SMALL) is not None
    count = Incident.objects.count()
    assert generate(verifier, n_incidents=SMALL) is None
    assert Incident.objects.count() == count


AUDITED = {
    "carewatch.source.created": ("sources", "Source", {}),
    "carewatch.report.received": ("sources", "Report", {}),
    "carewatch.figure.recorded": ("sources", "Figure", {}),
    "carewatch.incident.created": ("incidents", "Incident", {}),
    "carewatch.incident_record.created": ("incidents", "IncidentRecord", {}),
    "carewatch.incident.rejected": ("incidents", "Incident", {"state": "rejected"}),
    "carewatch.incident.merged": ("incidents", "Incident", {"state": "merged"}),
    "carewatch.facility.created": ("facilities", "Facility", {}),
    "carewatch.facility.status_recorded": ("facilities", "FacilityStatusEntry", {}),
    "carewatch.person.created": ("people", "Person", {}),
    "carewatch.person.fate_recorded": ("people", "PersonFate", {}),
    "carewatch.person_record.created": ("people", "PersonRecord", {}),
}


@pytest.mark.django_db
def test_every_write_made_an_audit_entry(verifier: Any, documenter: Any) -> None:
    from django.apps import apps

    from carewatch.audit.models import AuditEntry
    from carewatch.audit.services import verify_chain
    from carewatch.demo.generator import generate
    from carewatch.demo.seeds import load_seed_facts
    from carewatch.people.models import Person

    load_seed_facts(verifier)
    generate(verifier, n_incidents=60, submitters=[documenter])
    for action, (app, model, where) in AUDITED.items():
        rows = apps.get_model(app, model).objects.filter(**where).count()
        assert AuditEntry.objects.filter(action=action).count() == rows, action
    cleared = Person.objects.exclude(memorial_clearance="not_cleared").count()
    assert AuditEntry.objects.filter(action="carewatch.person.clearance_changed").count() == cleared
    assert verify_chain() is None


@pytest.mark.django_db
def test_demo_accounts_cover_every_role_once() -> None:
    from carewatch.accounts.choices import Role
    from carewatch.accounts.models import User
    from carewatch.audit.models import AuditEntry
    from carewatch.demo.accounts import create_demo_accounts

    accounts = create_demo_accounts()
    assert {role for _, _, role in accounts} == set(Role.values)
    assert [u for u, _, _ in accounts] == [
        "documenter",
        "documenter2",
        "verifier",
        "analyst",
        "communications",
        "campaigner",
        "admin",
    ]
    create_demo_accounts()
    assert User.objects.count() == 7
    assert AuditEntry.objects.filter(action="carewatch.account.created").count() == 7
    assert {(u.username, u.role) for u in User.objects.all()} == {(u, r) for u, _, r in accounts}
    assert User.objects.get(username="verifier").check_password("demo-verifier-2017")


@pytest.mark.django_db
def test_the_demo_command_sets_up_once_and_prints_the_logins(capsys: Any) -> None:
    from carewatch.incidents.models import Incident
    from carewatch.sources.models import Figure

    call_command("demo", "--no-serve", "--size", str(SMALL))
    first = capsys.readouterr().out
    counts = (Incident.objects.count(), Figure.objects.count())
    assert counts[0] == SMALL + 3
    assert "demo-verifier-2017" in first and "http://127.0.0.1:8000/" in first
    call_command("demo", "--no-serve", "--size", str(SMALL), "--port", "8123")
    second = capsys.readouterr().out
    assert (Incident.objects.count(), Figure.objects.count()) == counts
    assert "skipped" in second and "http://127.0.0.1:8123/" in second
    from carewatch.publishing.models import Bulletin

    published = Bulletin.objects.filter(state="published").order_by("slug")
    assert [(b.slug, b.texts.count()) for b in published] == [
        ("2016-09", 3),
        ("2017-09", 3),
        ("press-2017-10-17", 3),
    ]
    assert published[1].compare_with.count() == 2 and published[1].numbers["headline"]
    from carewatch.incidents.choices import PUBLIC_CERTAINTY

    for bulletin in published[:2]:  # each month's attacks, counted straight from the rows
        rows = Incident.objects.filter(
            state="verified",
            certainty__in=list(PUBLIC_CERTAINTY),
            date_start__gte=bulletin.period_start,
            date_start__lte=bulletin.period_end,
        )
        assert bulletin.numbers["headline"][0]["low"] == rows.count()
    assert (
        "904 rows read, 0 new, 904 unchanged" in second
        and "335 rows read, 0 new, 335 unchanged" in second
    )


@pytest.mark.django_db
def test_the_demo_holds_the_real_syria_rows_of_both_datasets_with_their_citations(
    verifier: Any,
) -> None:
    from carewatch.demo.datasets import load_datasets
    from carewatch.incidents.models import IncidentRecord
    from carewatch.sources.models import Source

    runs = load_datasets(verifier)
    assert [(r.rows_read, r.rows_new, r.rows_rejected) for r in runs] == [
        (904, 904, 0),
        (335, 335, 0),
    ]
    insecurity = Source.objects.get(name="Insecurity Insight")
    who = Source.objects.get(name="WHO Surveillance System for Attacks on Health Care")
    assert "2016-2023 Attacks on Health Care Incident Data" in insecurity.description
    assert IncidentRecord.objects.filter(report__source=insecurity).count() == 904
    assert IncidentRecord.objects.filter(report__source=who).count() == 335
    keys = set(
        IncidentRecord.objects.filter(report__source=who).values_list(
            "report__dataset_key", flat=True
        )
    )
    assert len(keys) == 335 and all(key.startswith("SYR") for key in keys)
