"""Refused reads by signed-in users are audited, and probing cannot flood the log (issue 16.10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from api_support import api_client
from carewatch.audit import limits
from carewatch.audit.models import AuditEntry
from carewatch.web.refusals import REFUSALS_PER_WINDOW, WINDOW_SECONDS

pytestmark = pytest.mark.django_db
REFUSED = "carewatch.access.refused"


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=REFUSED).order_by("id"))


def test_a_documenters_refused_exact_location_is_audited_with_their_name(
    documenter: Any, make_incident: Any
) -> None:
    incident = make_incident()
    client = Client()
    client.force_login(documenter)
    answer = client.get(reverse("incident-exact-location", args=[incident.pk]))
    assert answer.status_code in (403, 404)
    [entry] = refusals()
    assert entry.actor == documenter
    assert entry.after["path"] == f"/incidents/{incident.pk}/exact-location/"
    assert entry.after["status"] == answer.status_code
    assert entry.object_id == "incident-exact-location"


def test_probing_others_records_through_the_api_is_audited(
    documenter: Any, make_incident: Any
) -> None:
    hidden = make_incident(state="submitted")
    client = api_client(documenter)
    assert client.get(f"/api/incidents/{hidden.pk}").status_code == 404
    assert client.post("/api/sources", {}, content_type="application/json").status_code == 403
    entries = refusals()
    assert [(e.actor, e.after["status"]) for e in entries] == [(documenter, 404), (documenter, 403)]


def test_the_public_is_not_audited_for_a_missing_page(db: Any) -> None:
    assert Client().get("/incidents/999999/").status_code in (302, 404)
    assert Client().get("/no-such-page/").status_code == 404
    assert refusals() == []


def test_probing_is_rate_limited_and_the_next_entry_counts_what_was_left_out(
    documenter: Any, monkeypatch: Any
) -> None:
    now = 1_900_000_000.0
    monkeypatch.setattr(limits.time, "time", lambda: now)
    client = Client()
    client.force_login(documenter)
    for n in range(100):
        client.get(f"/incidents/{900_000 + n}/")
    assert len(refusals()) == REFUSALS_PER_WINDOW
    now += WINDOW_SECONDS
    client.get("/incidents/999999/")
    assert refusals()[-1].after["left_out"] == 100 - REFUSALS_PER_WINDOW
    # One user's probing does not use up another's allowance.
    other = Client()
    other.force_login(
        documenter.__class__.objects.create_user("another-documenter", role="field_documenter")
    )
    other.get("/incidents/999998/")
    assert refusals()[-1].actor.username == "another-documenter"
