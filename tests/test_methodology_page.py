"""The methodology page: definitions, certainty, duplicates, estimates and their limits, in three languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_methodology_answers_in_each_language(language: str) -> None:
    client = Client()
    client.cookies["carewatch_language"] = language
    response = client.get(reverse("methodology"))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_methodology_covers_what_the_figures_rest_on() -> None:
    page = Client().get(reverse("methodology")).content.decode()
    for anchor in (
        "definitions",
        "certainty",
        "duplicates",
        "sources",
        "places",
        "comparisons",
        "estimates",
        "limits",
    ):
        assert f'id="{anchor}"' in page
    assert "probable or confirmed" in page and "multiple systems estimation" in page
    assert "cannot say" in page
