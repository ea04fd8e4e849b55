"""Selects written in Python (carewatch/lib/selects.py) give exactly what Django's templates give."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from carewatch.facilities.models import Facility
from carewatch.incidents.forms import IncidentFilterForm
from carewatch.lib.selects import Renderer
from carewatch.places.fields import PlaceField
from carewatch.places.models import Place
from carewatch.sources.models import Source

pytestmark = pytest.mark.django_db


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "A"), ("b", "B & <b>")])
    chosen = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], initial="y")
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, "three")], initial=[1, 3])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ('Group "1"', [("g1", "G1")]), ("Group <2>", [("g2", "G2")])]
    )
    numbers = forms.TypedChoiceField(choices=[(2017, 2017), (12345, 12345)], coerce=int)
    lazy = forms.ChoiceField(choices=[("en", gettext_lazy("Place"))])
    safe = forms.ChoiceField(choices=[("s", mark_safe("<i>kept</i>"))])  # nosec B308
    attrs = forms.ChoiceField(
        choices=[("q", "Q")],
        widget=forms.Select(
            attrs={"data-hint": 'a "quoted" <hint>', "required": True, "hidden": False}
        ),
    )
    place = PlaceField(required=False)


def rendered_both_ways(form: forms.Form) -> list[tuple[str, str, str]]:
    out = []
    for name in form.fields:
        form.renderer = Renderer()
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()
        django = form[name].as_widget()
        out.append((name, str(ours), str(django)))
    return out


def test_the_form_renderer_is_ours(settings):
    assert settings.FORM_RENDERER == "carewatch.lib.selects.Renderer"


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_kind_of_select_is_written_byte_for_byte_as_djangos_templates_write_it(
    language,
):
    with override(language):
        for data in (None, {"plain": "b", "many": ["2"], "grouped": "g2", "numbers": "12345"}):
            for name, ours, django in rendered_both_ways(Everything(data)):
                assert ours == django, name


def test_the_incident_filters_are_the_same_either_way():
    Source.objects.create(name='Watch "A" & <B>', source_type="ngo")
    place = Place.objects.filter(level=2).first()
    form = IncidentFilterForm(
        {"place": str(place.pk), "state": "submitted"},
        sources=Source.objects.all(),
        facilities=Facility.objects.all(),
    )
    for name, ours, django in rendered_both_ways(form):
        assert ours == django, name
    written = {name: ours for name, ours, _django in rendered_both_ways(form)}
    assert f'<option value="{place.pk}" selected>' in written["place"]
    assert "Watch &quot;A&quot; &amp; &lt;B&gt;" in written["source"]


def test_an_option_with_a_template_of_its_own_goes_through_the_templates():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=Special)
    form = forms.Form()
    form.fields["f"] = field
    [(_name, ours, django)] = rendered_both_ways(form)
    assert ours == django
    assert 'type="select"' in ours  # the input option template, not the written option


def test_the_gazetteers_options_are_in_the_readers_language_each_time():
    idleb = Place.objects.get(level=1, name_en="Idleb")
    form = Everything()
    seen = {}
    for language in ("ar", "en", "ar", "fr"):
        with override(language):
            seen[language] = str(form["place"])
    assert f'<option value="{idleb.pk}">{idleb.name_ar}</option>' in seen["ar"]
    assert f'<option value="{idleb.pk}">Idleb</option>' in seen["en"]
    assert f'<option value="{idleb.pk}">Idleb</option>' in seen["fr"]
    assert idleb.name_ar not in seen["en"]
