"""Statistics service: counts with their certainty filter and sources, what each reader may see,
rankings with ties, period comparisons, cache invalidation — and the seed period's figures on
the demo data ("September was the deadliest month of 2017"; attacks increased in September
despite the de-escalation agreements)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum

from carewatch_core.counts import Count
from carewatch_core.stats import Window

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def _stats() -> Any:
    from carewatch.stats import service

    return service


def _q(**kwargs: Any) -> Any:
    from carewatch.stats.query import StatsQuery

    return StatsQuery(**kwargs)


def test_the_seed_period_on_the_demo_data(verifier: Any) -> None:
    """The demo (seed facts + generated data, seed 2017) gives the seed documents' sentences."""
    from carewatch.demo.generator import generate
    from carewatch.demo.seeds import load_seed_facts
    from carewatch.incidents.models import CasualtyCount, Incident

    load_seed_facts(verifier)
    generate(verifier)
    service = _stats()
    public = Incident.objects.filter(state="verified", certainty__in=("probable", "confirmed"))

    deadliest = service.ranking(ANONYMOUS, service.year_query(2017, measure="killed", by="month"))
    assert [r.key for r in deadliest.leaders] == ["2017-09"] and not deadliest.leaders[0].tied
    killed = CasualtyCount.objects.filter(
        incident__in=public.filter(date_start__year=2017, date_start__month=9),
        measure__in=("killed_hw", "killed_patients", "killed_others"),
    ).aggregate(n=Sum("low"))["n"]
    assert deadliest.leaders[0].value == killed > 0
    assert len(deadliest.ranked) == 12  # every month of 2017, the quiet ones included

    most_attacks = service.ranking(ANONYMOUS, service.year_query(2017, by="month"))
    assert [r.key for r in most_attacks.leaders] == ["2017-09"]

    # After the Astana memorandum (4 May 2017) to the end of August, against September 2017.
    after_memorandum = Window(
        "after the memorandum", datetime.date(2017, 5, 4), datetime.date(2017, 8, 31)
    )
    september = Window("September 2017", datetime.date(2017, 9, 1), datetime.date(2017, 9, 30))
    comparison = service.compare(ANONYMOUS, _q(), after_memorandum, september).result
    assert (
        comparison.reference_count
        == public.filter(date_start__range=(after_memorandum.start, after_memorandum.end)).count()
    )
    assert (
        comparison.comparison_count
        == public.filter(date_start__range=(september.start, september.end)).count()
    )
    assert comparison.ratio.ratio == pytest.approx(
        (comparison.comparison_count / 30) / (comparison.reference_count / after_memorandum.days)
    )
    assert comparison.ratio.direction == "increase" and comparison.ratio.low > 1


def test_only_verified_incidents_at_the_certainty_asked_are_counted(
    make_incident: Any, verifier: Any
) -> None:
    make_incident(certainty="confirmed")
    make_incident(certainty="probable")
    make_incident(certainty="possible")
    make_incident(certainty="confirmed", state="submitted")
    service = _stats()
    assert service.counts(ANONYMOUS, _q(by="year")).total.low == 2
    assert service.counts(verifier, _q(by="year", certainty=("possible",))).total.low == 1
    assert (
        service.counts(
            verifier, _q(by="year", certainty=("possible", "probable", "confirmed"))
        ).total.low
        == 3
    )


def test_the_public_cannot_widen_the_certainty_filter_nor_group_by_perpetrator(
    verifier: Any,
) -> None:
    from carewatch.stats.query import StatsError

    service = _stats()
    with pytest.raises(StatsError, match="probable and confirmed"):
        service.counts(ANONYMOUS, _q(certainty=("rumour",)))
    with pytest.raises(StatsError, match="staff only"):
        service.counts(ANONYMOUS, _q(by="perpetrator"))
    assert service.counts(verifier, _q(by="perpetrator")).rows == ()


def test_a_field_documenter_counts_only_their_own_incidents(
    make_incident: Any, documenter: Any
) -> None:
    make_incident(user=documenter, state="verified")
    make_incident()
    assert _stats().counts(documenter, _q(by="year")).total.low == 1
    assert _stats().counts(ANONYMOUS, _q(by="year")).total.low == 2


def test_counts_sum_ranges_and_keep_unknown_apart_from_zero(make_incident: Any) -> None:
    make_incident(counts={"killed_hw": Count(2)}, date_start=datetime.date(2017, 9, 3))
    make_incident(counts={"killed_hw": Count(1, 3)}, date_start=datetime.date(2017, 9, 20))
    make_incident(counts={}, date_start=datetime.date(2017, 11, 2))
    series = _stats().counts(ANONYMOUS, _q(measure="killed_hw", by="month"))
    rows = {r.key: r for r in series.rows}
    assert list(rows) == ["2017-09", "2017-10", "2017-11"]
    assert (rows["2017-09"].low, rows["2017-09"].high, rows["2017-09"].known) == (3, 5, 2)
    assert rows["2017-11"].known == 0  # an incident with no count: unknown, not zero
    assert (series.total.low, series.total.high) == (3, 5)


def test_an_incident_counts_under_each_of_its_attack_types_and_such_rows_are_not_additive(
    make_incident: Any,
) -> None:
    make_incident(attack_types=["heavy_weapons", "fire"])
    make_incident(attack_types=["heavy_weapons"])
    series = _stats().counts(ANONYMOUS, _q(by="attack_type"))
    assert {r.key: r.low for r in series.rows} == {"heavy_weapons": 2, "fire": 1}
    assert series.additive is False and series.total.low == 2


def test_groupings_by_place_weapon_and_facility_type(make_incident: Any, verifier: Any) -> None:
    from tests.conftest import idlib_district

    from carewatch.facilities.services import facility_create

    hospital = facility_create(
        user=verifier, name_latin="Hospital", facility_type="secondary", place=idlib_district()
    )
    make_incident(facility_ids=[hospital.pk], weapons=["barrel_bomb"])
    make_incident(weapons=["barrel_bomb", "missile"])
    service = _stats()
    assert [(r.key, r.low) for r in service.counts(ANONYMOUS, _q(by="governorate")).rows] == [
        ("SY07", 2)
    ]
    assert [r.key for r in service.counts(ANONYMOUS, _q(by="district")).rows] == [
        idlib_district().pcode
    ]
    assert {r.key: r.low for r in service.counts(ANONYMOUS, _q(by="weapon")).rows} == {
        "barrel_bomb": 2,
        "missile": 1,
    }
    assert [(r.key, r.low) for r in service.counts(ANONYMOUS, _q(by="facility_type")).rows] == [
        ("secondary", 1)
    ]
    assert service.counts(ANONYMOUS, _q(measure="facilities", by="year")).total.low == 1
    assert service.counts(ANONYMOUS, _q(facility_type="secondary", by="year")).total.low == 1


def test_every_figure_names_its_sources_and_the_public_sees_witnesses_by_type_only(
    make_incident: Any, verifier: Any
) -> None:
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create, source_create

    incident = make_incident()
    witness = source_create(user=verifier, name="CANARY-WITNESS-NAME", source_type="eyewitness")
    ngo = source_create(user=verifier, name="Relief NGO", source_type="ngo")
    for source in (witness, ngo):
        report = report_create(
            user=verifier, source=source, kind="statement", language="en", original_text="..."
        )
        incident_record_create(user=verifier, report=report, incident=incident, fields={})
    public = _stats().counts(ANONYMOUS, _q(by="source"))
    assert public.total.sources == ("Eyewitness", "Relief NGO")
    assert [r.key for r in public.rows] == ["Eyewitness", "Relief NGO"] and public.rows[0].sources
    staff = _stats().counts(verifier, _q(by="source"))
    assert "CANARY-WITNESS-NAME" in staff.total.sources


def test_by_source_each_incident_counts_once_under_each_name_its_sources_go_by(
    make_incident: Any, verifier: Any
) -> None:
    """Two eyewitnesses go by one public label: an incident both reported counts once under it;
    an incident that does not state the measure is unknown there, not zero."""
    from tests.conftest import idlib_district

    from carewatch.facilities.services import facility_create
    from carewatch.incidents.services import incident_record_create
    from carewatch.sources.services import report_create, source_create

    hospital = facility_create(
        user=verifier, name_latin="Hospital", facility_type="secondary", place=idlib_district()
    )
    both = make_incident(counts={"killed_hw": Count(2)}, facility_ids=[hospital.pk])
    second = make_incident(counts={"killed_hw": Count(1, 3)}, facility_ids=[hospital.pk])
    unstated = make_incident(counts={})
    make_incident(counts={"killed_hw": Count(9)})  # no source reported it: under no name
    sources = [
        source_create(user=verifier, name=name, source_type=kind)
        for name, kind in (("Witness A", "eyewitness"), ("Witness B", "eyewitness"), ("NGO", "ngo"))
    ]
    for source, incidents in zip(sources, ([both], [both, second], [both, unstated]), strict=True):
        report = report_create(
            user=verifier, source=source, kind="statement", language="en", original_text="..."
        )
        for incident in incidents:
            incident_record_create(user=verifier, report=report, incident=incident, fields={})

    def rows(user: Any, measure: str) -> list[tuple[Any, ...]]:
        series = _stats().counts(user, _q(by="source", measure=measure))
        return [(r.key, r.low, r.high, r.known, r.sources) for r in series.rows]

    everyone = ("Eyewitness", "NGO")
    assert rows(ANONYMOUS, "killed_hw") == [
        ("Eyewitness", 3, 5, 2, everyone),
        ("NGO", 2, 2, 1, everyone),
    ]
    assert rows(ANONYMOUS, "incidents") == [
        ("Eyewitness", 2, 2, 2, everyone),
        ("NGO", 2, 2, 2, everyone),
    ]
    assert rows(ANONYMOUS, "facilities") == [
        ("Eyewitness", 1, 1, 1, everyone),
        ("NGO", 1, 1, 1, everyone),
    ]
    named = ("NGO", "Witness A", "Witness B")
    assert rows(verifier, "killed_hw") == [
        ("Witness B", 3, 5, 2, named),
        ("NGO", 2, 2, 1, named),
        ("Witness A", 2, 2, 1, named),
    ]


def test_a_change_through_the_services_refreshes_the_cached_figures(
    make_incident: Any, verifier: Any
) -> None:
    from carewatch.incidents.services import incident_set_state
    from carewatch.stats.cache import current_version

    incident = make_incident()
    service = _stats()
    assert service.counts(ANONYMOUS, _q(by="year")).total.low == 1
    before = current_version()
    incident_set_state(
        incident=incident, user=verifier, state="under_review", expected_version=incident.version
    )
    assert current_version() != before
    assert service.counts(ANONYMOUS, _q(by="year")).total.low == 0


def test_a_read_that_is_audited_does_not_refresh_the_figures(verifier: Any) -> None:
    from carewatch.audit.services import log_action
    from carewatch.stats.cache import current_version

    before = current_version()
    log_action(
        action="carewatch.incident.exact_location_viewed",
        actor=verifier,
        object_type="incident",
        object_id="1",
    )
    assert current_version() == before
    log_action(
        action="carewatch.incident.changed", actor=verifier, object_type="incident", object_id="1"
    )
    assert current_version() != before


def test_ties_share_the_first_rank(make_incident: Any) -> None:
    make_incident(date_start=datetime.date(2017, 3, 5), counts={"killed_others": Count(4)})
    make_incident(date_start=datetime.date(2017, 9, 5), counts={"killed_others": Count(4)})
    service = _stats()
    ranking = service.ranking(ANONYMOUS, service.year_query(2017, measure="killed", by="month"))
    assert [(r.key, r.tied) for r in ranking.leaders] == [("2017-03", True), ("2017-09", True)]


def test_named_periods_are_there_and_comparisons_around_them(make_incident: Any) -> None:
    from carewatch.stats.models import NamedPeriod

    astana = NamedPeriod.objects.get(slug="astana-memorandum-2017")
    assert astana.start == datetime.date(2017, 5, 4)
    before, after = _stats().around(astana.start, astana.end, 30)
    assert (before.start, before.end, after.start, after.end) == (
        datetime.date(2017, 4, 4),
        datetime.date(2017, 5, 3),
        datetime.date(2017, 5, 4),
        datetime.date(2017, 6, 2),
    )
    make_incident(date_start=datetime.date(2017, 4, 20))
    result = _stats().compare(ANONYMOUS, _q(), before, after).result
    assert (result.reference_count, result.comparison_count) == (1, 0)
    assert result.ratio.direction == "unclear"


def test_a_reversed_date_range_is_refused() -> None:
    from carewatch.stats.query import StatsError

    with pytest.raises(StatsError, match="before the start"):
        _stats().counts(
            ANONYMOUS, _q(date_from=datetime.date(2018, 1, 1), date_to=datetime.date(2017, 1, 1))
        )


def test_counts_by_weapon_sum_each_incidents_casualties_once_per_weapon(make_incident: Any) -> None:
    make_incident(
        weapons=["barrel_bomb", "missile"],
        attack_types=["heavy_weapons", "fire"],
        counts={"killed_hw": Count(2, 3)},
    )
    make_incident(weapons=["barrel_bomb"], counts={"killed_hw": Count(1)})
    series = _stats().counts(ANONYMOUS, _q(by="weapon", measure="killed_hw"))
    assert {r.key: (r.low, r.high, r.known) for r in series.rows} == {
        "barrel_bomb": (3, 4, 2),
        "missile": (2, 3, 1),
    }
    by_attack = _stats().counts(ANONYMOUS, _q(by="attack_type", measure="killed_hw"))
    assert {r.key: r.low for r in by_attack.rows} == {"heavy_weapons": 3, "fire": 2}


def test_incidents_by_facility_type_count_each_incident_once_per_type(
    make_incident: Any, verifier: Any
) -> None:
    from tests.conftest import idlib_district

    from carewatch.facilities.services import facility_create

    one, two = (
        facility_create(
            user=verifier, name_latin=f"Clinic {i}", facility_type="primary", place=idlib_district()
        )
        for i in (1, 2)
    )
    hospital = facility_create(
        user=verifier, name_latin="Hospital", facility_type="secondary", place=idlib_district()
    )
    make_incident(facility_ids=[one.pk, two.pk, hospital.pk], counts={"killed_hw": Count(2)})
    make_incident(facility_ids=[one.pk], counts={})
    make_incident()
    series = _stats().counts(ANONYMOUS, _q(by="facility_type"))
    assert [(r.key, r.low) for r in series.rows] == [("primary", 2), ("secondary", 1)]
    killed = _stats().counts(ANONYMOUS, _q(by="facility_type", measure="killed_hw"))
    assert [(r.key, r.low) for r in killed.rows] == [("primary", 2), ("secondary", 2)]


def test_facilities_attacked_by_facility_type_count_each_facility_once(
    make_incident: Any, verifier: Any
) -> None:
    from tests.conftest import idlib_district

    from carewatch.facilities.services import facility_create

    one, two = (
        facility_create(
            user=verifier, name_latin=f"Clinic {i}", facility_type="primary", place=idlib_district()
        )
        for i in (1, 2)
    )
    hospital = facility_create(
        user=verifier, name_latin="Hospital", facility_type="secondary", place=idlib_district()
    )
    make_incident(facility_ids=[one.pk, two.pk, hospital.pk])
    make_incident(facility_ids=[one.pk])  # the same clinic again: still two clinics attacked
    make_incident(facility_ids=[hospital.pk], certainty="rumour")  # not counted
    series = _stats().counts(ANONYMOUS, _q(by="facility_type", measure="facilities"))
    assert [(r.key, r.low, r.high, r.known) for r in series.rows] == [
        ("primary", 2, 2, 2),
        ("secondary", 1, 1, 1),
    ]
    assert series.total.low == 3
