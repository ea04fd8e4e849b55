"""Form fields for places: the gazetteer grouped by governorate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carewatch.places.models import Place
from carewatch.places.selectors import places_by_governorate

PLACE_HINT = _("Type a place in Arabic or Latin script")
PLACE_EMPTY = _("No place of that name.")


def picker_attributes(route: str, hint: Any, empty: Any) -> dict[str, Any]:
    """What turns a choice list into a search-as-you-type picker (``carewatch/picker.js``; the
    list itself still works without JavaScript)."""
    return {
        "data-picker": reverse_lazy(route),
        "data-picker-hint": hint,
        "data-picker-empty": empty,
        "data-picker-remove": _("Remove"),
    }


#: Above this many choices a picker's list holds only what is chosen: the rest is found by searching
#: (``picker.js`` adds what is picked). A registry of 2,000 facilities rendered whole made every
#: incident list page cost a fifth of a second of the server's time (bench/load.py).
FULL_LIST_LIMIT = 300


class ChosenOnly:
    """A select (mixin) of a model choice field that, when the choices are many, renders only the
    chosen ones (and the empty choice): the picker searches for the others."""

    choices: Any
    allow_multiple_selected: bool

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> Any:
        every = self.choices
        queryset = getattr(every, "queryset", None)
        if queryset is None or queryset.count() <= FULL_LIST_LIMIT:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        field = every.field
        chosen = [v for v in value if v not in ("", None)]
        few: list[tuple[Any, Any]] = []
        if field.empty_label is not None and not self.allow_multiple_selected:
            few.append(("", field.empty_label))
        few += [(obj.pk, field.label_from_instance(obj)) for obj in queryset.filter(pk__in=chosen)]
        self.choices = few
        try:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = every


class PickerSelect(ChosenOnly, forms.Select):
    pass


class PickerSelectMultiple(ChosenOnly, forms.SelectMultiple):
    pass


def point_picker_attributes() -> dict[str, Any]:
    """What puts a map under a latitude field, setting both coordinates by a click or a tap
    (``carewatch/pointpicker.js``; its base is the districts' boundaries, no tiles). The
    recorded point is never sent back to the browser: the map only sets what is typed."""
    return {
        "data-point-picker": reverse_lazy("dashboard-boundaries", args=[2]),
        # Districts are not public when the public level is the governorate: then governorates.
        "data-point-picker-fallback": reverse_lazy("dashboard-boundaries", args=[1]),
        "data-point-picker-label": _(
            "Click or tap the map to set the point; the coordinates can also be typed."
        ),
        "step": "any",
    }


def place_label(place: Place) -> str:
    indent = "\u2003" * max(place.level - 1, 0)
    return f"{indent}{place.name}"


class PlaceField(forms.ModelChoiceField):
    """A place chosen from the gazetteer, grouped by governorate (works without JavaScript)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Place"))
        super().__init__(queryset=Place.objects.filter(level__gte=1), **kwargs)
        self.error_messages["invalid_choice"] = _("Choose a place from the list.")
        self.widget.attrs.update(picker_attributes("place-search", PLACE_HINT, PLACE_EMPTY))

    def label_from_instance(self, obj: Place) -> str:
        return place_label(obj)

    def _get_choices(self) -> Any:
        return GroupedPlaces()

    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[union-attr]


class GroupedPlaces(BaseChoiceIterator):
    """Lazy optgroups (governorate → its districts and sub-districts), read when the form renders:
    made once per language for the gazetteer as read (``places_by_governorate``), not for each
    form (349 labels, on every page of the incident and facility lists)."""

    def __iter__(self) -> Iterator[Any]:
        groups = places_by_governorate()
        language = get_language() or ""
        made = _CHOICES.get(language)
        if made is None or made[0] is not groups:  # the gazetteer was read again: make them again
            made = (groups, _choices(groups))
            _CHOICES[language] = made
        return iter(made[1])


#: language → (the grouped places they were made from, the choices).
_CHOICES: dict[str, tuple[Any, list[Any]]] = {}


def _choices(groups: list[tuple[Place, list[Place]]]) -> list[Any]:
    choices: list[Any] = [("", "—")]
    for governorate, places in groups:
        options = [(governorate.pk, governorate.name)] + [(p.pk, place_label(p)) for p in places]
        choices.append((governorate.name, options))
    return choices
