"""The statistics' two forms of joining incidents to their casualty counts and their records'
sources (``stats.joins``: from the incidents on PostgreSQL, from the table below on SQLite) give
the same figures and the same sources, for every measure and grouping, filtered or not, for the
public and for staff — on whichever database the tests run, both forms are run here."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(verifier: Any) -> None:
    from carewatch.demo.generator import generate
    from carewatch.demo.seeds import load_seed_facts

    load_seed_facts(verifier)
    generate(verifier)


def _both_forms(monkeypatch: Any, user: Any, **asked: Any) -> tuple[Any, Any]:
    """The statistic computed in each form, nothing taken from the cache."""
    from django.core.cache import cache

    from carewatch.stats import joins, service
    from carewatch.stats.query import StatsQuery

    found = []
    for from_incidents in (True, False):
        cache.clear()
        monkeypatch.setattr(joins, "from_incidents", lambda answer=from_incidents: answer)
        found.append(service._counts(user, StatsQuery(**asked)))
    return found[0], found[1]


def _per_incident_in_both_forms(monkeypatch: Any, measure: str) -> tuple[list[Any], list[Any]]:
    from carewatch.incidents.models import Incident
    from carewatch.stats import joins, measures

    found = []
    for from_incidents in (True, False):
        monkeypatch.setattr(joins, "from_incidents", lambda answer=from_incidents: answer)
        found.append(list(measures.per_incident(Incident.objects.all(), measure)))
    return found[0], found[1]


MEASURES = ("incidents", "facilities", "killed", "killed_hw", "injured_hw", "detained_hw")


BY = ("month", "year", "governorate", "district", "attack_type", "weapon", "facility_type")


def test_both_forms_give_the_same_figures_and_sources(demo_data: None, monkeypatch: Any) -> None:
    for by in BY:
        for measure in MEASURES:
            from_incidents, from_below = _both_forms(
                monkeypatch, AnonymousUser(), measure=measure, by=by
            )
            assert from_incidents == from_below, (by, measure)
            assert from_incidents.total.low > 0 and from_incidents.rows, (by, measure)
        assert any(row.sources for row in from_incidents.rows), by


def test_both_forms_agree_when_filtered_for_staff_and_per_incident(
    demo_data: None, monkeypatch: Any, verifier: Any
) -> None:
    from carewatch.places.models import Place

    governorate = Place.objects.filter(level=1, incidents__isnull=False).first()
    assert governorate is not None
    for asked in (
        {"attack_type": "heavy_weapons", "by": "governorate", "measure": "killed"},
        {"facility_type": "secondary", "by": "month", "measure": "injured_hw"},
        {"governorate": governorate.pk, "by": "attack_type", "measure": "killed"},
        {"by": "source", "measure": "killed"},
        {"by": "perpetrator", "measure": "killed_hw"},
    ):
        from_incidents, from_below = _both_forms(monkeypatch, verifier, **asked)
        assert from_incidents == from_below, asked
        assert from_incidents.rows, asked
    for measure in ("killed", "facilities"):
        per_incident, per_incident_below = _per_incident_in_both_forms(monkeypatch, measure)
        assert per_incident == per_incident_below and per_incident, measure
