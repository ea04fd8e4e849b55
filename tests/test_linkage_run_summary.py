"""How the linker made the review queue's list, on the queue's page: the columns it used and why
not the others, the prior and the threshold, each comparison's m, u and weight per level, and the
pairs nearest the threshold — so that staff can judge a run nobody labelled."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(verifier: Any) -> Any:
    from carewatch.demo.generator import generate
    from carewatch.linkage.candidates import candidates_refresh

    generate(verifier, n_incidents=60, seed=5)
    return candidates_refresh(kind="person", user=verifier, threshold=0.05)


def test_the_queue_says_how_its_list_was_made(client: Any, verifier: Any, refreshed: Any) -> None:
    from carewatch.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(action="carewatch.match.candidates_found").latest("pk")
    summary = entry.after["summary"]
    assert {column["name"] for column in summary["columns"]} >= {
        "given_ph",
        "family_ph",
        "sex",
        "age",
    }
    assert summary["threshold"] == 0.05 and 0 < summary["prior"] < 1
    client.force_login(verifier)
    text = client.get(reverse("match-queue") + "?kind=person").content.decode()
    assert "How the linker made this list" in text
    assert '<code dir="ltr">given_ph</code>' in text
    assert "Given name" in text and "the same" in text
    empty = [c["name"] for c in summary["columns"] if c["reason"] == "empty"]
    for name in empty:
        assert (
            f'<code dir="ltr">{name}</code></td><td class="num"><span class="score">0 %</span></td>'
            in text
        )
    if empty:
        assert "not used: empty in every row" in text


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fr", "Comment l'appariement a constitué cette liste"),
        ("ar", "كيف أعدّ الربط الآلي هذه القائمة"),
    ],
)
def test_the_summary_reads_in_the_readers_language(
    client: Any, verifier: Any, refreshed: Any, language: str, heading: str
) -> None:
    client.force_login(verifier)
    client.cookies["carewatch_language"] = language
    text = client.get(reverse("match-queue") + "?kind=person").content.decode()
    assert heading in text and "How the linker made this list" not in text


def test_no_summary_before_a_run_and_none_for_readers_without_the_queue(
    client: Any, verifier: Any, documenter: Any
) -> None:
    client.force_login(verifier)
    assert "How the linker" not in client.get(reverse("match-queue")).content.decode()
