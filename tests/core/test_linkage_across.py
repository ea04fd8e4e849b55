"""Person records in two scripts: linked from a threshold of their own, and a sparse record no
longer keeps a person's Arabic and Latin records apart (clustering.Across)."""

from __future__ import annotations

import math
import random
from itertools import combinations

import pytest

from carewatch_core.linkage.average import LOWEST_ACROSS
from carewatch_core.linkage.clustering import (
    Across,
    average_linkage,
    cluster_scores,
    components,
    match_weight,
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
    """a and s are one person's Latin records (s: a name of two parts, no age); x, in Arabic, is
    surely a and like s without a threshold's worth of evidence. Without the rule the mean falls
    short and the person is counted twice."""
    found = scores(ax=0.98, sx=0.6, as_=0.999)
    assert sorted(map(sorted, average_linkage(["a", "s", "x"], found, 0.9))) == [["a", "s"], ["x"]]
    assert sorted(map(sorted, average_linkage(["a", "s", "x"], found, 0.9, ACROSS))) == [
        ["a", "s", "x"]
    ]


def test_a_pair_across_that_says_two_people_keeps_the_groups_apart() -> None:
    """x is surely a (0.99) and surely not s (0.005): the pairs across do not reach the
    threshold across on average (log-odds 4.6 and -5.3), and one says "two people"."""
    found = scores(ax=0.99, sx=0.005, as_=0.999)
    groups = average_linkage(["a", "s", "x"], found, 0.9, ACROSS)
    assert sorted(map(sorted, groups)) == [["a", "s"], ["x"]]


def test_a_join_that_makes_pairs_in_one_script_needs_the_threshold_as_before() -> None:
    """c and a are two people of one script (0.01); x is like both. Joining x's group to a would
    put c and a together: the plain rule decides, as without scripts."""
    found = scores(ax=0.99, cx=0.99, ac=0.01)
    groups = average_linkage(["a", "c", "x"], found, 0.9, ACROSS)
    assert len(groups) == 2 and ["a", "c"] not in [sorted(g) for g in groups]


def test_a_record_only_pairs_across_scripts_reach_joins_its_persons_cluster() -> None:
    """x (Arabic) scores 0.7 and 0.6 against a and c (one person's Latin records, 0.99): below
    the threshold, so no candidate group holds it; the clusters and records that pairs across
    connect are agglomerated again together."""
    found = scores(ac=0.99, ax=0.7, cx=0.6)
    clusters, best = cluster_scores(dict(found), 0.9, lambda groups: [], across=ACROSS)
    assert [sorted(group) for group in clusters] == [["a", "c", "x"]]
    assert best["x"] == 0.7
    alone, _ = cluster_scores(dict(found), 0.9, lambda groups: [])
    assert [sorted(group) for group in alone] == [["a", "c"]]


def test_clusters_that_pairs_across_connect_beyond_the_largest_group_stay_as_they_were() -> None:
    """A common name: pairs across of moderate weight chain many clusters; beyond ``max_size``
    records they are not agglomerated together."""
    found = scores(ac=0.99, ax=0.7, cx=0.6)
    clusters, _ = cluster_scores(dict(found), 0.9, lambda groups: [], max_size=2, across=ACROSS)
    assert [sorted(group) for group in clusters] == [["a", "c"]]


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


def plain_average_linkage(
    members: list[str], found: dict[tuple[str, str], float], threshold: float, across: Across | None
) -> list[list[str]]:
    """The algorithm as first written: every cross pair summed again for every pair of groups."""
    floor = match_weight(threshold)
    reach = match_weight(across.threshold) if across else floor
    groups = [[member] for member in members]
    while len(groups) > 1:
        best, pair = -math.inf, (0, 0)
        for i, j in combinations(range(len(groups)), 2):
            within, crossing = [], []
            for a in groups[i]:
                for b in groups[j]:
                    weight = match_weight(found.get(pair_key(a, b), 0.0))
                    (crossing if across and across.crosses(a, b) else within).append(weight)
            mean = sum(within + crossing) / len(within + crossing)
            joins = mean >= floor or (
                bool(crossing)
                and not within
                and (
                    sum(crossing) / len(crossing) >= reach
                    or (max(crossing) >= reach and min(crossing) >= LOWEST_ACROSS)
                )
            )
            if joins and mean > best:
                best, pair = mean, (i, j)
        if best == -math.inf:
            break
        groups[pair[0]] = groups[pair[0]] + groups.pop(pair[1])
    return groups


@pytest.mark.parametrize("seed", range(40))
def test_average_linkage_agglomerates_as_the_plain_algorithm_does(seed: int) -> None:
    rng = random.Random(seed)
    members = [f"r{i}" for i in range(rng.randint(3, 12))]
    found = {
        pair_key(a, b): rng.choice([0.001, 0.05, 0.3, 0.6, 0.8, 0.95, 0.99, 0.9999])
        for a, b in combinations(members, 2)
        if rng.random() < 0.8
    }
    sides = {member: rng.choice([0, 1, None]) for member in members}
    for across in (None, Across(0.5, sides)):
        assert average_linkage(members, found, 0.9, across) == plain_average_linkage(
            members, found, 0.9, across
        )


def test_a_list_with_dates_of_death_keeps_one_threshold() -> None:
    """Pairs across scripts then have days to agree on (and a million records would pay 17 s and
    0.12 GiB for 0.009 more recall across): the rule is for lists without dates."""
    records, _truth = generate_person_lists(300, 4, 2026)
    assert link_persons(records).summary.threshold_across is None


def test_candidate_groups_larger_than_max_size_are_not_rescored() -> None:
    found = scores(ac=0.99, cx=0.99)
    asked: list[list[list[str]]] = []

    def score_all(groups: list[list[str]]) -> list[tuple[str, str, float]]:
        asked.append([sorted(group) for group in groups])
        return []

    cluster_scores(dict(found), 0.9, score_all, max_size=2)
    assert asked == []
    cluster_scores(dict(found), 0.9, score_all)
    assert asked == [[["a", "c", "x"]]]
