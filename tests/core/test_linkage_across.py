"""Person records in two scripts: linked from a threshold of their own, and a sparse record no
longer keeps a person's Arabic and Latin records apart (clustering.Across)."""

from __future__ import annotations

import pytest

from carewatch_core.linkage.clustering import (
    Across,
    average_linkage,
    cluster_scores,
    components,
    pair_key,
)
from carewatch_core.linkage.persons import THRESHOLD, THRESHOLD_ACROSS, link_persons
from carewatch_core.linkage.result import accuracy_by_script
from carewatch_core.synth import REAL_SHAPE, generate_person_lists

#: a, s, c: Latin records; x, y: Arabic ones.
SIDES = {"a": 0, "s": 0, "c": 0, "x": 1, "y": 1}
ACROSS = Across(0.5, SIDES)


def scores(**pairs: float) -> dict[tuple[str, str], float]:
    return {pair_key(name[0], name[1]): p for name, p in pairs.items()}


def test_a_pair_across_scripts_is_linked_from_its_own_threshold() -> None:
    pairs = [("a", "x", 0.6), ("s", "c", 0.6)]
    assert components(pairs, 0.9) == []
    assert [sorted(group) for group in components(pairs, 0.9, ACROSS)] == [["a", "x"]]


def test_a_sparse_record_no_longer_keeps_a_persons_two_scripts_apart() -> None:
    """s (a name of two parts, no age) is like x, without a threshold's worth of evidence; a is
    surely x. One person: without the rule, s stays apart (the mean falls short)."""
    found = scores(ax=0.98, sx=0.6, as_=0.95)
    assert sorted(map(sorted, average_linkage(["a", "s", "x"], found, 0.9))) == [["a", "x"], ["s"]]
    assert sorted(map(sorted, average_linkage(["a", "s", "x"], found, 0.9, ACROSS))) == [
        ["a", "s", "x"]
    ]


def test_a_pair_across_that_says_two_people_keeps_the_groups_apart() -> None:
    found = scores(ax=0.999, sx=0.05, as_=0.95)
    groups = average_linkage(["a", "s", "x"], found, 0.9, ACROSS)
    assert sorted(map(sorted, groups)) == [["a", "x"], ["s"]]


def test_the_pairs_in_one_script_still_need_the_threshold() -> None:
    """c and a are two people of one script (0.01); x is like both. Joining x's group to a would
    put c and a together: the pairs in one script decide."""
    found = scores(ax=0.99, cx=0.99, ac=0.01)
    groups = average_linkage(["a", "c", "x"], found, 0.9, ACROSS)
    assert len(groups) == 2 and ["a", "c"] not in [sorted(g) for g in groups]


def test_without_two_scripts_clustering_is_as_before() -> None:
    found = scores(ax=0.98, sx=0.6, as_=0.95)
    one_script = Across(0.5, {"a": 0, "s": 0, "x": 0})
    clusters, _best = cluster_scores(dict(found), 0.9, lambda groups: [], across=one_script)
    before, _ = cluster_scores(dict(found), 0.9, lambda groups: [])
    assert sorted(map(sorted, clusters)) == sorted(map(sorted, before))


@pytest.fixture(scope="module")
def real_shape() -> tuple[list, dict]:
    return generate_person_lists(2_300, 4, 2026, REAL_SHAPE)


def test_on_lists_of_real_shape_more_pairs_across_scripts_are_found_at_the_precision_asked(
    real_shape: tuple[list, dict],
) -> None:
    records, truth = real_shape
    scripts = {r.record_id: "ar" if r.name_ar else "la" for r in records}
    before = link_persons(records, threshold_across=None)
    after = link_persons(records)
    was = accuracy_by_script(before.cluster_of, truth, scripts)
    now = accuracy_by_script(after.cluster_of, truth, scripts)
    assert now["across"].recall > was["across"].recall + 0.02
    assert now["across"].precision >= 0.95
    assert now["within"].precision >= was["within"].precision - 0.01
    assert after.summary.threshold_across == THRESHOLD_ACROSS < THRESHOLD
    assert before.summary.threshold_across is None
