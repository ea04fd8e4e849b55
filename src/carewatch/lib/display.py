"""``get_<field>_display()`` with the field's labels looked up, not rebuilt.

Django's own rebuilds a dictionary of the field's choices on every call (``make_hashable`` over
each of them): a work list of 50 rows asks for three labels a row, a tenth of the page's time
(bench/load.py). The labels are kept per model field, as Django has them — lazy translations
turned into text when asked, so in the reader's language. A field whose choices are computed
(a callable), or that has none, is left to Django.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict[tuple[type[Model], str], tuple[str, dict[Any, Any]] | None] = {}


def _labels(model: type[Model], name: str) -> tuple[str, dict[Any, Any]] | None:
    key = (model, name)
    if key not in _LABELS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        fixed = isinstance(field, Field) and bool(field.choices)
        fixed = fixed and isinstance(field.choices, list | tuple)  # type: ignore[union-attr]
        _LABELS[key] = (field.attname, dict(make_hashable(field.flatchoices))) if fixed else None  # type: ignore[union-attr]
    return _LABELS[key]


def display(obj: Model, name: str) -> Any:
    """What ``obj.get_<name>_display()`` gives."""
    found = _labels(type(obj), name)
    if found is None:
        return getattr(obj, f"get_{name}_display")()
    attname, labels = found
    value = getattr(obj, attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)
