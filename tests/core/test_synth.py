"""The generator of multi-source lists with known truth."""

from __future__ import annotations

from collections import Counter

from carewatch_core.names import is_arabic, name_key
from carewatch_core.synth import generate_incident_lists, generate_person_lists


def test_the_same_seed_gives_the_same_lists_and_another_seed_other_lists() -> None:
    assert generate_person_lists(300, 3, seed=7) == generate_person_lists(300, 3, seed=7)
    assert generate_person_lists(300, 3, seed=7) != generate_person_lists(300, 3, seed=8)
    assert generate_incident_lists(200, 3, seed=7) == generate_incident_lists(200, 3, seed=7)


def test_every_record_has_a_true_person_and_a_unique_id() -> None:
    records, truth = generate_person_lists(2000, 4, seed=1)
    ids = [record.record_id for record in records]
    assert len(ids) == len(set(ids)) == len(truth)
    assert {record.source for record in records} == {"list-1", "list-2", "list-3", "list-4"}
    assert len(set(truth.values())) <= 2000


def test_not_everyone_is_captured_and_many_are_captured_twice_or_more() -> None:
    _records, truth = generate_person_lists(3000, 4, seed=2)
    per_person = Counter(truth.values())
    assert 1000 < len(per_person) < 3000
    assert sum(1 for count in per_person.values() if count >= 2) > 500


def test_capture_is_positively_correlated_between_lists() -> None:
    records, truth = generate_person_lists(6000, 2, seed=3)
    on = {
        source: {truth[r.record_id] for r in records if r.source == source}
        for source in ("list-1", "list-2")
    }
    both = len(on["list-1"] & on["list-2"])
    independent = len(on["list-1"]) * len(on["list-2"]) / 6000
    assert both > 1.1 * independent


def test_lists_hold_duplicates_of_the_same_person() -> None:
    records, truth = generate_person_lists(6000, 4, seed=4)
    pairs = Counter((record.source, truth[record.record_id]) for record in records)
    assert any(count > 1 for count in pairs.values())


def test_one_person_is_spelled_differently_by_different_sources() -> None:
    records, truth = generate_person_lists(2000, 4, seed=5)
    by_person: dict[str, set[str]] = {}
    for record in records:
        if record.name_latin:
            by_person.setdefault(truth[record.record_id], set()).add(record.name_latin)
    assert sum(1 for spellings in by_person.values() if len(spellings) > 1) > 200


def test_names_come_in_both_scripts_with_two_to_four_parts() -> None:
    records, _truth = generate_person_lists(2000, 4, seed=6)
    arabic = [record.name_ar for record in records if record.name_ar]
    assert arabic and all(is_arabic(name) for name in arabic)
    assert {len(name_key(name).split()) for name in arabic} >= {2, 3, 4}


def test_health_workers_have_a_profession_and_civilians_none() -> None:
    records, _truth = generate_person_lists(3000, 3, seed=8)
    with_profession = [record for record in records if record.profession]
    assert 0.1 < len(with_profession) / len(records) < 0.5
    assert all(record.profession != "not_health_worker" for record in with_profession)


def test_incident_reports_vary_in_date_precision_and_keep_their_truth() -> None:
    records, truth = generate_incident_lists(2000, 4, seed=9)
    assert set(truth) == {record.record_id for record in records}
    assert {record.date_precision for record in records} == {1, 2, 3}
    per_incident = Counter(truth.values())
    assert sum(1 for count in per_incident.values() if count >= 2) > 500


def test_some_facilities_are_attacked_more_than_once() -> None:
    records, truth = generate_incident_lists(2000, 1, seed=10)
    assert len({record.facility for record in records if record.facility}) < len(
        set(truth.values())
    )


def test_the_name_parts_each_record_writes_are_given_apart_and_change_nothing() -> None:
    records, truth = generate_person_lists(300, 3, 7)
    written: dict[str, tuple[tuple[str, str], ...]] = {}
    again, _truth = generate_person_lists(300, 3, 7, written=written)
    assert again == records and set(written) == set(truth)
    assert {len(parts) for parts in written.values()} == {2, 3, 4}
    first_and_last: dict[str, set[tuple[str, str]]] = {}
    for record_id, parts in written.items():
        first_and_last.setdefault(truth[record_id], set()).add((parts[0][0], parts[-1][0]))
    assert all(len(names) == 1 for names in first_and_last.values())
