"""The stock report a field worker sends from a phone. Choices come from the view."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carewatch.lib.fields import DayInput
from carewatch.places.fields import PickerSelect, picker_attributes
from carewatch.supplies.units import unit_label

FACILITY_HINT = _("Type a facility's name, an alias (M2) or its place")
FACILITY_EMPTY = _("No facility of that name or place.")


class StockForm(forms.Form):
    facility = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Facility"),
        queryset=None,
        widget=PickerSelect(
            attrs=picker_attributes("facility-search", FACILITY_HINT, FACILITY_EMPTY)
        ),
    )
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)  # type: ignore[var-annotated]
    quantity = forms.DecimalField(
        label=_("Quantity in stock (in the item's unit)"),
        min_value=Decimal(0),
        max_value=Decimal("100000000"),
        decimal_places=2,
    )
    daily_use = forms.DecimalField(
        label=_("Used per day"),
        min_value=Decimal(0),
        max_value=Decimal("1000000"),
        decimal_places=2,
    )
    reported_on = forms.DateField(label=_("Counted on"), widget=DayInput())

    def __init__(
        self, *args: Any, facilities: Any, items: Any, language: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: f"{i.name_in(language)} ({unit_label(i.unit)})"
        )
        for name in ("quantity", "daily_use"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})
