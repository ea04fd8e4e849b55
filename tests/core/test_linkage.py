"""Record linkage of persons and incidents (Splink, DuckDB backend) on generated lists."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch_core.linkage.clustering import (
    average_linkage,
    cluster,
    components,
    match_weight,
    pair_key,
)
from carewatch_core.linkage.engine import REFERENCE_RECORDS, _as_on_reference, database_api
from carewatch_core.linkage.features import (
    day_span,
    facility_key,
    facility_kind,
    nearest_codes,
    place_codes,
)
from carewatch_core.linkage.incidents import link_incidents
from carewatch_core.linkage.person_features import person_columns
from carewatch_core.linkage.persons import link_persons
from carewatch_core.linkage.records import DAY, MONTH, WEEK, IncidentRecord, PersonRecord
from carewatch_core.linkage.result import LinkResult, pairwise_accuracy
from carewatch_core.synth import generate_incident_lists, generate_person_lists

NURSE = [
    PersonRecord(
        "n1",
        "field",
        name_ar="محمد عبد الرحمن الحلبي",
        sex="m",
        age=34,
        date_of_death=date(2016, 4, 27),
        place="حلب",
        profession="nurse",
    ),
    PersonRecord(
        "n2",
        "ngo",
        name_latin="Mohammad Abdulrahman al-Halabi",
        sex="m",
        age=35,
        date_of_death=date(2016, 4, 27),
        place="Aleppo",
        profession="nurse",
    ),
    PersonRecord(
        "n3",
        "news",
        name_latin="Muhammed Abd Al Rahman Halaby",
        age=34,
        date_of_death=date(2016, 4, 28),
        place="Aleppo",
    ),
    # His brother, killed the same day in the same place: another person.
    PersonRecord(
        "b1",
        "field",
        name_ar="أحمد عبد الرحمن الحلبي",
        sex="m",
        age=29,
        date_of_death=date(2016, 4, 27),
        place="حلب",
    ),
    # A namesake: the same name, sex, town and profession, but 27 years older, killed three years later.
    PersonRecord(
        "k1",
        "ngo",
        name_latin="Mohammad Abdulrahman al-Halabi",
        sex="m",
        age=61,
        date_of_death=date(2019, 6, 2),
        place="Aleppo",
        profession="nurse",
    ),
]


@pytest.fixture(scope="module")
def persons() -> tuple[list[PersonRecord], dict[str, str], LinkResult]:
    records, truth = generate_person_lists(3000, 4, seed=11)
    return records, truth, link_persons([*records, *NURSE])


def test_the_three_spellings_of_the_nurse_are_one_person_and_her_brother_another(
    persons: tuple[list[PersonRecord], dict[str, str], LinkResult],
) -> None:
    cluster_of = persons[2].cluster_of
    assert cluster_of["n1"] == cluster_of["n2"] == cluster_of["n3"]
    assert cluster_of["b1"] != cluster_of["n1"]
    assert cluster_of["k1"] != cluster_of["n1"], (
        "an age and a date of death far apart weigh against a match"
    )
    assert all(0.5 <= persons[2].score[record] <= 1 for record in ("n1", "n2", "n3"))


def test_person_linkage_finds_most_true_pairs_and_few_false_ones(
    persons: tuple[list[PersonRecord], dict[str, str], LinkResult],
) -> None:
    _records, truth, result = persons
    accuracy = pairwise_accuracy(result.cluster_of, truth)
    assert accuracy.precision >= 0.95
    assert accuracy.recall >= 0.85


def test_every_person_record_gets_a_cluster(
    persons: tuple[list[PersonRecord], dict[str, str], LinkResult],
) -> None:
    records, _truth, result = persons
    assert set(result.cluster_of) == {record.record_id for record in [*records, *NURSE]}


def test_incident_linkage_reaches_a_high_pairwise_f1() -> None:
    records, truth = generate_incident_lists(3000, 4, seed=12)
    result = link_incidents(records)
    assert pairwise_accuracy(result.cluster_of, truth).f1 >= 0.9


def test_the_prior_of_a_large_table_is_taken_as_on_the_reference_table() -> None:
    def prior(records: int, estimated: float) -> float:
        settings = {"probability_two_random_records_match": estimated}
        return float(_as_on_reference(settings, records)["probability_two_random_records_match"])

    assert prior(REFERENCE_RECORDS // 2, 1e-5) == 1e-5, (
        "a table smaller than the reference keeps its estimate"
    )
    assert prior(REFERENCE_RECORDS * 20, 1e-6) == pytest.approx(2e-5)
    assert prior(REFERENCE_RECORDS * 20, 0.1) == 0.5, "never more than even odds"


def test_an_unknown_backend_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown linkage backend 'oracle'"):
        database_api("oracle")


# --- clustering ---------------------------------------------------------------------


def test_connected_components_chain_but_average_linkage_splits_the_chain() -> None:
    pairs = [("a", "b", 0.99), ("b", "c", 0.99)]
    assert sorted(map(sorted, components(pairs, 0.9))) == [["a", "b", "c"]]
    scores = {pair_key("a", "b"): 0.99, pair_key("b", "c"): 0.99, pair_key("a", "c"): 0.01}
    groups = average_linkage(["a", "b", "c"], scores, 0.9)
    assert sorted(map(len, groups)) == [1, 2]


def test_a_tight_group_stays_whole() -> None:
    pairs = [("a", "b", 0.99), ("b", "c", 0.97), ("a", "c", 0.95)]
    clusters, scores = cluster(pairs, 0.9, lambda groups: [])
    assert [sorted(group) for group in clusters] == [["a", "b", "c"]]
    assert scores == {"a": 0.99, "b": 0.99, "c": 0.97}


def test_a_sparse_record_weak_against_one_member_joins_a_strong_group() -> None:
    """c (a name and a year, say) matches a for sure and b only moderately: the mean match
    weight keeps it; a mean of probabilities (0.8) would count the person twice."""
    scores = {pair_key("a", "b"): 0.9999, pair_key("a", "c"): 0.9999, pair_key("b", "c"): 0.6}
    assert [sorted(group) for group in average_linkage(["a", "b", "c"], scores, 0.9)] == [
        ["a", "b", "c"]
    ]


def test_a_record_that_plainly_differs_from_one_member_is_kept_apart() -> None:
    """Two brothers (given names differ: scored near 0) and a sparse record like both."""
    scores = {pair_key("a", "b"): 1e-5, pair_key("a", "c"): 0.97, pair_key("b", "c"): 0.95}
    assert sorted(map(len, average_linkage(["a", "b", "c"], scores, 0.9))) == [1, 2]
    assert match_weight(0.0) == pytest.approx(-13.8155, abs=1e-3) and match_weight(0.5) == 0


def test_rescored_pairs_break_a_chain_that_the_candidate_pairs_did_not_show() -> None:
    pairs = [("a", "b", 0.99), ("b", "c", 0.99)]
    clusters, _scores = cluster(pairs, 0.9, lambda groups: [("a", "c", 0.0)])
    assert sorted(len(group) for group in clusters) == [2]


def test_pairwise_accuracy_counts_pairs() -> None:
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    accuracy = pairwise_accuracy({"a": "x", "b": "x", "c": "c", "d": "x"}, truth)
    assert (accuracy.true_positives, accuracy.predicted_pairs, accuracy.true_pairs) == (1, 3, 3)
    assert accuracy.precision == accuracy.recall == pytest.approx(1 / 3)


# --- features -------------------------------------------------------------------------


def test_a_date_stands_for_its_day_week_or_month() -> None:
    day = date(2016, 2, 8)
    assert day_span(day, DAY) == (day.toordinal(), day.toordinal())
    assert day_span(day, WEEK) == (day.toordinal(), day.toordinal() + 6)
    assert day_span(day, MONTH) == (date(2016, 2, 1).toordinal(), date(2016, 2, 29).toordinal())
    assert day_span(None, DAY) == (None, None)


def test_ages_two_years_apart_share_an_age_band_and_dates_across_a_month_end_a_month() -> None:
    """Blocking without a date of death (age bands) and across a month's end (shifted months)."""

    def columns(age: int | None, day: date | None) -> dict[str, object]:
        table = person_columns(
            [PersonRecord("r", "s", name_latin="Rana al-Baytar", age=age, date_of_death=day)]
        )
        return {name: values[0] for name, values in table.items()}

    for age in range(100):
        for other in (age + 1, age + 2):
            one, two = columns(age, None), columns(other, None)
            assert (
                one["age_band"] == two["age_band"]
                or one["age_band_shifted"] == two["age_band_shifted"]
            )
    one, two = columns(None, date(2022, 4, 30)), columns(None, date(2022, 5, 2))
    assert (
        one["dod_month"] != two["dod_month"]
        and one["dod_month_shifted"] == two["dod_month_shifted"]
    )
    assert (
        columns(None, None)["age_band"] is None and columns(None, None)["dod_month_shifted"] is None
    )


def test_facility_names_meet_across_scripts_and_kinds() -> None:
    assert facility_key("al-Rahma Hospital") == facility_key("مشفى الرحمة") == "rhm"
    assert facility_key("Ibn Sina Field Hosp.") == facility_key("مشفى ميداني ابن سينا")
    assert facility_key("Field Hospital M2") == "m2"


def test_a_facility_name_says_what_kind_of_facility_it_is() -> None:
    assert (
        facility_kind("al-Sham Field Hospital")
        == facility_kind("مشفى ميداني الشام")
        == "field_hospital"
    )
    assert facility_kind("el-Razi Hosp.") == facility_kind("مشفى الرازي") == "hospital"
    assert facility_kind("Quds PHC") == facility_kind("مركز صحي القدس") == "health_centre"
    assert facility_kind("Ihsan MP") == facility_kind("نقطة طبية الإحسان") == "medical_point"
    assert facility_kind("Salam Clinic") == "clinic" and facility_kind("al-Rahma") == ""


def test_incidents_at_facilities_of_one_name_but_two_kinds_are_kept_apart() -> None:
    """A health centre and a field hospital of the same name, the same day, in one governorate."""
    common = {
        "date": date(2019, 10, 12),
        "date_precision": DAY,
        "attack_types": frozenset({"heavy_weapons"}),
    }
    records = [
        IncidentRecord(
            "a1", "one", place="Maaloula", facility="al-Muwasat Health Centre", killed=1, **common
        ),
        IncidentRecord(
            "a2", "two", place="معلولا", facility="مركز صحي المواساة", killed=1, **common
        ),
        IncidentRecord(
            "b1",
            "three",
            place="Rural Damascus",
            facility="al-Muwasat Field Hospital",
            killed=2,
            **common,
        ),
    ]
    records += generate_incident_lists(1500, 3, seed=5)[0]
    cluster_of = link_incidents(records).cluster_of
    assert cluster_of["a1"] == cluster_of["a2"] and cluster_of["b1"] != cluster_of["a1"]


def test_places_resolve_to_governorate_and_sub_district_codes() -> None:
    assert place_codes("Aleppo") == ("SY02", "")
    # A district's name is its chief town's, which lies in the district's central sub-district.
    assert place_codes("Ariha") == place_codes("مركز أريحا") == ("SY07", "SY070500")
    assert place_codes("")[0] == ""
    governorate, sub_district = nearest_codes(36.2, 37.15)
    assert governorate == "SY02" and sub_district.startswith("SY02")
    assert nearest_codes(0.0, 0.0) == ("", "")
