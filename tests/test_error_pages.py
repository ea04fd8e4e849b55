"""Error pages are in the user's language, styled, and show nothing of the object asked for."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_translated(client: Any) -> None:
    client.cookies["carewatch_language"] = "ar"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'dir="rtl"' in page and "carewatch.css" in page


def test_a_hidden_incident_answers_404_without_its_details(
    client: Any, documenter: Any, make_incident: Any
) -> None:
    hidden = make_incident(title="CANARY-HIDDEN-TITLE")
    client.force_login(documenter)
    response = client.get(reverse("incident-detail", args=[hidden.pk]))
    assert response.status_code == 404
    assert "CANARY-HIDDEN-TITLE" not in response.content.decode()
    assert hidden.reference not in response.content.decode()


def test_a_forbidden_page_explains_itself(client: Any, documenter: Any) -> None:
    client.force_login(documenter)
    response = client.get(reverse("source-list"))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_a_forged_form_is_refused_and_nothing_is_written(documenter: Any) -> None:
    from django.test import Client

    from carewatch.incidents.models import Incident

    client = Client(enforce_csrf_checks=True)
    client.force_login(documenter)
    response = client.post(reverse("incident-submit"), {"title": "forged"})
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert not Incident.objects.exists()
