"""The public pages' filter forms (GET). An invalid value is reported next to its field and the
page shows the unfiltered figures: nothing is half-applied."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import AttackType
from carewatch.lib.fields import DayInput
from carewatch.people.choices import Profession
from carewatch.places.models import Place
from carewatch.places.selectors import governorates

ANY = [("", "—")]


class GovernorateField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=governorates(),
            required=False,
            empty_label="—",
            **kwargs,
        )
        self.error_messages["invalid_choice"] = _("Choose a governorate from the list.")

    def label_from_instance(self, obj: Place) -> str:
        return obj.name


class DashboardForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())
    governorate = GovernorateField(label=_("Governorate"))
    attack_type = forms.ChoiceField(
        label=_("Attack type"), required=False, choices=ANY + list(AttackType.choices)
    )
    facility_type = forms.ChoiceField(
        label=_("Facility type"), required=False, choices=ANY + list(FacilityType.choices)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (all of them empty when any is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "governorate": data["governorate"].pk if data.get("governorate") else None,
            "attack_type": data.get("attack_type") or "",
            "facility_type": data.get("facility_type") or "",
        }


def _years() -> list[tuple[str, str]]:
    this_year = datetime.date.today().year
    return ANY + [(str(y), str(y)) for y in range(this_year, 2010, -1)]


class MemorialForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In Arabic or Latin script; spellings are matched loosely."),
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        required=False,
        choices=ANY + [c for c in Profession.choices if c[0] != Profession.NOT_HEALTH_WORKER],
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=_years
    )
    governorate = GovernorateField(label=_("Governorate"))

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data.get("q") or "",
            "profession": data.get("profession") or "",
            "year": data.get("year"),
            "governorate": data.get("governorate"),
        }
