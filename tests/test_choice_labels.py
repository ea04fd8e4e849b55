"""Labels of choice fields as pages show them (carewatch/lib/display.py): what Django's
``get_<field>_display()`` gives, in the reader's language, for every choice field of a record."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Field
from django.utils.translation import override

from carewatch.access.shown import ShownReader
from carewatch.lib.display import display
from carewatch.sources.services import source_create

pytestmark = pytest.mark.django_db


def choice_fields(obj: Any) -> list[str]:
    return [f.name for f in obj._meta.get_fields() if isinstance(f, Field) and f.choices]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_choice_field_reads_as_djangos_own_label(language, make_incident, verifier):
    incident = make_incident()
    source = source_create(user=verifier, name="Watch", source_type="ngo", reliability="B")
    with override(language):
        for obj in (incident, source):
            names = choice_fields(obj)
            assert names, obj
            for name in names:
                assert display(obj, name) == getattr(obj, f"get_{name}_display")(), name
    with override("fr"):
        assert display(source, "reliability") != "B – usually reliable"  # translated, not English


def test_a_value_outside_the_choices_reads_as_itself(make_incident):
    incident = make_incident()
    incident.state = "no-such-state"
    assert display(incident, "state") == "no-such-state" == incident.get_state_display()


def test_a_page_reads_the_label_through_the_shown_record(make_incident, verifier):
    incident = make_incident()
    shown = ShownReader(verifier).show(incident)
    with override("fr"):
        assert shown.get_state_display() == incident.get_state_display()
        assert shown.get_certainty_display() == incident.get_certainty_display()
