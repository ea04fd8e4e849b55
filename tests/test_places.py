"""The gazetteer loaded into the database, and place choices grouped by governorate."""

from __future__ import annotations

import pytest

from carewatch.places.models import Place
from carewatch.places.services import gazetteer_load

pytestmark = pytest.mark.django_db


def test_the_gazetteer_is_loaded_with_every_level() -> None:
    counts = [Place.objects.filter(level=level).count() for level in range(4)]
    assert counts == [1, 14, 62, 272]


def test_every_place_has_english_and_arabic_names_and_a_parent_chain_to_the_country() -> None:
    for place in Place.objects.filter(level=3).select_related("parent__parent__parent")[:272]:
        assert place.name_en and place.name_ar
        assert place.ancestor_at(1) is not None and place.ancestor_at(0).pcode == "SY"


def test_aliases_are_loaded_for_alternative_spellings() -> None:
    idleb = Place.objects.get(pcode="SY07")
    names = set(idleb.aliases.values_list("name", flat=True))
    assert "Idlib" in names


def test_loading_again_changes_nothing() -> None:
    before = Place.objects.count()
    assert gazetteer_load(user=None) == before
    assert Place.objects.count() == before


def test_governorates_have_boundaries_for_web_maps() -> None:
    governorates = Place.objects.filter(level=1).select_related("outline")
    assert len(governorates) == 14
    assert all(p.outline.geometry["type"] in {"Polygon", "MultiPolygon"} for p in governorates)


def test_names_follow_the_active_language() -> None:
    from django.utils import translation

    aleppo = Place.objects.get(pcode="SY02")
    with translation.override("ar"):
        assert aleppo.name == "حلب"
    with translation.override("fr"):
        assert aleppo.name == "Aleppo"
