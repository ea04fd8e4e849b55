"""The best pairwise recall any person linker could reach on generated lists, at a precision.

    uv run python bench/linkage_bound.py [--records 50000 200000] [--shape no-dod]
        [--men-names-exponent 0.8]

An upper bound, to read `bench/linkage.py`'s figures against: a linker that knows every name part
as it was written before spelling habits and typos (perfect transliteration,
``generate_person_lists(written=…)``), and sees the rest of each record as it is (sex, age,
place as written, profession, facility; no date of death in the ``no-dod`` and ``real`` shapes).
Two records are *compatible* when nothing they both state differs: their given and family names,
their father's and grandfather's names where both give them, sex, profession, facility, place
(the same sub-district, or the same governorate where one gives only that), ages within 5 years
(the most two records of one person drift apart here). Every pair of records of one person is
compatible. The compatible pairs are put in buckets by what a linker could weigh — how many name
parts they share, how common their given and family name is and how common the rarer of the two
full names, whether both state the sex, how far apart their ages are, how precisely they agree on
the place, whether both give a profession and a facility — and the buckets taken best first (the
share of true pairs in each): the recall reached while the precision stays at or above 0.98 (and
0.95) is what the best linker on these observables could reach. It is optimistic (a bucket holding
one true pair counts as certain), so a target above it cannot be met by any model on these lists.

``--men-names-exponent`` draws men's given names less concentrated than the generator does (0.8: a
quarter of men bear the three commonest, as on the real list issue 18 describes; the generator's 1.0
gives 35 %). Printed per size: the records, the true pairs, the compatible pairs that are not true, and the
bound over all pairs, over pairs within one script and over pairs across scripts (as
``bench/linkage.py`` splits them).
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from carewatch_core.synth import (  # noqa: E402
    REAL_SHAPE,
    Shape,
    generate_person_lists,
    people,
)
from carewatch_core.synth.people import _places  # noqa: E402
from carewatch_core.synth.vocabulary import MALE  # noqa: E402

SEED, LISTS, RECORDS_PER_PERSON = 2026, 4, 2.30  # as bench/linkage.py
SHAPES = {
    "default": Shape(),
    "one-script": Shape(one_script_per_source=True),
    "no-dod": Shape(dates_of_death=False),
    "real": REAL_SHAPE,
}
PRECISIONS = (0.98, 0.95)


def observed(records: list[Any], written: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """Per record: (name key given/father/grandfather/family, sex, age, place, governorate,
    profession, facility, script). The place is decoded from what the record wrote."""
    places = _places()
    governorates = {gov for _en, _ar, gov in places}
    subs: dict[str, set[int]] = defaultdict(set)  # a sub-district's name may be borne by several
    for index, (en, ar, _gov) in enumerate(places):
        subs[en].add(index)
        subs[ar].add(index)
    seen = {}
    for r in records:
        parts = [latin for latin, _arabic in written[r.record_id]]
        key = (
            tuple(parts)
            if len(parts) == 4
            else (parts[0], parts[1] if len(parts) == 3 else None, None, parts[-1])
        )
        place: Any = None
        if r.place in governorates:  # also the name of its chief town's sub-district: the coarser
            place = ("gov", frozenset({r.place}))
        elif r.place in subs:
            place = ("sub", frozenset(subs[r.place]))
        gov = frozenset(places[i][2] for i in place[1]) if place and place[0] == "sub" else None
        script = "both" if r.name_ar and r.name_latin else ("ar" if r.name_ar else "latin")
        gov = gov or (place[1] if place else None)
        seen[r.record_id] = (key, r.sex, r.age, place, gov, r.profession, r.facility, script)
    return seen


def pair_class(a: str, b: str) -> str:
    if a == b and a != "both":
        return "within"
    return "across" if {a, b} == {"ar", "latin"} else "mixed"


def bucket(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """What a linker could weigh about a pair, or None when the two cannot be one person."""
    (ka, sa, aa, pa, ga, pra, fa, _s), (kb, sb, ab, pb, gb, prb, fb, _t) = a, b
    if any(x and y and x != y for x, y in ((ka[1], kb[1]), (ka[2], kb[2]), (sa, sb))):
        return None
    if (pra and prb and pra != prb) or (fa and fb and fa != fb):
        return None
    age: Any = "unknown"
    if aa is not None and ab is not None:
        gap = abs(aa - ab)
        if gap > 5:
            return None
        age = gap if gap <= 2 else "3-5"
    place = "unknown"
    if pa and pb:
        if pa[0] == pb[0] == "sub":
            if not pa[1] & pb[1]:
                return None
            place = "sub-district"
        elif not ga & gb:
            return None
        else:
            place = "governorate"
    shared = 2 + bool(ka[1] and kb[1]) + bool(ka[2] and kb[2])
    return shared, bool(sa and sb), age, place, bool(pra and prb), bool(fa and fb)


def bound(records: list[Any], truth: dict[str, str], written: dict[str, Any]) -> dict[str, Any]:
    seen = observed(records, written)
    full = Counter(seen[r.record_id][0] for r in records)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        key = seen[r.record_id][0]
        groups[(key[0], key[3])].append(r.record_id)
    true_pairs: Counter[str] = Counter()
    members: dict[str, list[str]] = defaultdict(list)
    for record_id, person in truth.items():
        members[person].append(record_id)
    for ids in members.values():
        for a, b in itertools.combinations(ids, 2):
            true_pairs[pair_class(seen[a][7], seen[b][7])] += 1
            true_pairs["all"] += 1
    buckets: dict[tuple[str, Any], list[int]] = defaultdict(lambda: [0, 0])
    compatible_true = 0
    for ids in groups.values():
        common = int(math.log2(len(ids)))
        for a, b in itertools.combinations(ids, 2):
            found = bucket(seen[a], seen[b])
            if found is None:
                continue
            rare = int(math.log2(min(full[seen[a][0]], full[seen[b][0]])))
            key = (common, rare, *found)
            side = 0 if truth[a] == truth[b] else 1
            compatible_true += side == 0
            for cls in (pair_class(seen[a][7], seen[b][7]), "all"):
                buckets[(cls, key)][side] += 1
    if compatible_true != true_pairs["all"]:  # every pair of one person must be compatible
        raise SystemExit(f"{true_pairs['all'] - compatible_true} true pairs were ruled out")
    result: dict[str, Any] = {"true": true_pairs}
    for cls in ("all", "within", "across"):
        ranked = sorted(
            ((t / (t + f), t, f) for (c, _k), (t, f) in buckets.items() if c == cls), reverse=True
        )
        result[f"{cls} false"] = sum(f for _p, _t, f in ranked)
        tp = fp = 0
        for _share, t, f in ranked:
            tp, fp = tp + t, fp + f
            for precision in PRECISIONS:
                if tp / (tp + fp) >= precision:
                    result[(cls, precision)] = tp / max(true_pairs[cls], 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="no-dod")
    parser.add_argument(
        "--men-names-exponent",
        type=float,
        default=1.0,
        help="the Zipf exponent men's given names are drawn with (1.0: the generator's own, 35%% "
        "of men bearing the three commonest; 0.8: a quarter, as on the real list of issue 18)",
    )
    args = parser.parse_args()
    people.MALE_NAMES = people.Zipf(MALE, args.men_names_exponent)
    for size in args.records:
        started = time.perf_counter()
        written: dict[str, Any] = {}
        persons = round(size / RECORDS_PER_PERSON)
        records, truth = generate_person_lists(persons, LISTS, SEED, SHAPES[args.shape], written)
        found = bound(records, truth, written)
        took = time.perf_counter() - started
        print(
            f"\n{args.shape}, men's names exponent {args.men_names_exponent}, "
            f"{len(records):,} records: {found['true']['all']:,} true pairs, "
            f"{found['all false']:,} compatible pairs that are not ({took:.0f} s)"
        )
        for cls in ("all", "within", "across"):
            figures = ", ".join(
                f"at precision >= {p}: recall <= {found.get((cls, p), 0.0):.4f}" for p in PRECISIONS
            )
            print(f"  {cls:<7} ({found['true'][cls]:,} true pairs) {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
