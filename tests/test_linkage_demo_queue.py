"""The demo's review queue, as its users meet it: the generated people and incidents of the demo
(its own size and seed), linked as ``carewatch link candidates`` links them.

No pair the queue proposes is two different people whom only the names bring together (a woman
and a man with different given names: آمنة and أيمن of one family), and in every comparison of
every pair the verdict and the sign of the weight say the same thing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


#: Person pairs of every score are walked: the demo's people are few and distinct, and the
#: queue at its own threshold (0.3) may hold none of them.
WALKED_FROM = 0.0


def _queue(verifier: Any, threshold: float | None) -> dict[str, list[Any]]:
    from carewatch.demo.generator import generate
    from carewatch.demo.management.commands.demo import DEMO_SEED
    from carewatch.linkage.candidates import candidates_refresh
    from carewatch.linkage.models import MatchCandidate

    generate(verifier, n_incidents=300, seed=DEMO_SEED)
    queue = {}
    for kind in ("person", "incident"):
        options = {"threshold": threshold} if threshold is not None and kind == "person" else {}
        candidates_refresh(kind=kind, user=verifier, **options)
        queue[kind] = list(MatchCandidate.objects.filter(kind=kind))
    return queue


def test_no_pair_is_two_people_only_the_names_bring_together(verifier: Any) -> None:
    from carewatch.people.models import Person

    queue = _queue(verifier, None)
    for candidate in queue["person"]:
        one = Person.objects.get(pk=candidate.left_id)
        other = Person.objects.get(pk=candidate.right_id)
        names = (
            (one.name_ar or one.name_latin).split()[:1],
            (other.name_ar or other.name_latin).split()[:1],
        )
        assert not (one.sex and other.sex and one.sex != other.sex and names[0] != names[1]), (
            f"{one.name_ar or one.name_latin} / {other.name_ar or other.name_latin} at {candidate.score}"
        )


def test_every_verdict_agrees_with_its_weight(verifier: Any) -> None:
    walked = 0
    for kind, candidates in _queue(verifier, WALKED_FROM).items():
        assert candidates, f"the demo's queue has {kind} pairs"
        for candidate in candidates:
            for reason in candidate.reasons:
                weight, verdict = reason["weight"], reason["verdict"]
                walked += 1
                if verdict == "agree":
                    assert weight >= 0, (kind, candidate.pk, reason)
                elif verdict == "disagree":
                    assert weight <= 0, (kind, candidate.pk, reason)
                elif verdict == "missing":
                    assert weight is None, (kind, candidate.pk, reason)
                else:
                    assert verdict == "close" and weight is not None, (kind, candidate.pk, reason)
    assert walked > 100
