"""Records as templates read them (``access.shown``): a template's lookup reaches a field by item
(``record["field"]``, what Django tries first) exactly as by attribute — withheld the same way."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from carewatch.access.shown import ShownReader, WithheldValue

pytestmark = pytest.mark.django_db


def test_a_lookup_by_item_gives_what_the_attribute_gives(make_incident: Any, verifier: Any) -> None:
    incident = make_incident(title="Canary title 7Q", exact_lat=35.12345, exact_lon=36.6789)
    for reader in (ShownReader(verifier), ShownReader(AnonymousUser())):
        shown = reader.show(incident)
        for name in ("reference", "title", "state", "exact_lat", "pk", "get_state_display"):
            by_item, by_attribute = shown[name], getattr(shown, name)
            if callable(by_item):
                by_item, by_attribute = by_item(), by_attribute()
            assert type(by_item) is type(by_attribute), name
            if not isinstance(by_item, WithheldValue):
                assert by_item == by_attribute, name
    public = ShownReader(AnonymousUser()).show(incident)
    assert not public["title"] and not public["exact_lat"]  # internal and restricted: withheld
    assert not ShownReader(verifier).show(incident)["exact_lat"]  # restricted: only on purpose


def test_a_template_reads_the_same_through_either_lookup(make_incident: Any) -> None:
    incident = make_incident(title="Canary title 8R")
    template = Template("[{{ i.reference }}|{{ i.title }}|{{ i.get_state_display }}]")
    public = template.render(Context({"i": ShownReader(AnonymousUser()).show(incident)}))
    assert public == f"[{incident.reference}||{incident.get_state_display()}]"


def test_a_record_is_not_a_sequence(make_incident: Any, verifier: Any) -> None:
    shown = ShownReader(verifier).show(make_incident())
    with pytest.raises(TypeError):
        iter(shown)
    with pytest.raises(TypeError):
        shown[0]
    with pytest.raises(AttributeError):
        shown["_obj"]
