"""Date inputs carry ISO values in every language (issue 17.1): a French verifier could not save
an edit because ``<input type="date" value="09/11/2018">`` shows an empty field that refuses to submit."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

import carewatch

DAY = datetime.date(2018, 11, 9)


def every_form_date_field() -> list[tuple[str, str, forms.Field]]:
    found = []
    for info in pkgutil.walk_packages(carewatch.__path__, "carewatch."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                found += [
                    (f"{name}", field_name, field)
                    for field_name, field in form.base_fields.items()
                    if isinstance(field, forms.DateField)
                ]
    return found


def test_the_forms_have_date_fields_to_check() -> None:
    assert len(every_form_date_field()) >= 15


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_date_field_renders_an_iso_value_for_the_browsers_date_picker(language: str) -> None:
    wrong = []
    with translation.override(language):
        for form, name, field in every_form_date_field():
            html = field.widget.render(name, DAY)
            if 'type="date"' not in html or not re.search(r'value="2018-11-09"', html):
                wrong.append((form, name, html))
    assert not wrong
