"""Facility forms: the registry filters, the facility itself, an alias, a dated status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carewatch.facilities.choices import (
    AliasKind,
    FacilityStatus,
    FacilitySubtype,
    FacilityType,
    StatusCause,
)
from carewatch.facilities.models import Facility
from carewatch.facilities.selectors import FacilityFilters
from carewatch.facilities.services import FACILITY_FIELDS
from carewatch.lib.fields import DayInput, latin_only, not_in_future
from carewatch.places.fields import PlaceField, point_picker_attributes
from carewatch_core.geo.gazetteer import Gazetteer

ANY = ("", _("Any"))


class FacilityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search (Arabic or Latin, aliases such as M10)"), required=False, max_length=200
    )
    place = PlaceField(label=_("Governorate or district"), required=False)
    facility_type = forms.ChoiceField(
        label=_("Type"), choices=[ANY, *FacilityType.choices], required=False
    )
    on = forms.DateField(
        label=_("Status on date"),
        required=False,
        widget=DayInput(),
        help_text=_("Empty means today."),
    )
    status = forms.ChoiceField(
        label=_("Status on that date"), choices=[ANY, *FacilityStatus.choices], required=False
    )

    def filters(self) -> FacilityFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return FacilityFilters(
            text=data.get("q", ""),
            place_id=data["place"].pk if data.get("place") else None,
            facility_type=data.get("facility_type", ""),
            status=data.get("status", ""),
            on=data.get("on"),
        )


class FacilityForm(forms.Form):
    """Create or edit a facility. The exact point is never sent back to the browser:
    empty coordinates keep the recorded point, the checkbox removes it."""

    name_ar = forms.CharField(
        label=_("Name in Arabic script"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_latin = forms.CharField(
        label=_("Name in Latin script"),
        max_length=200,
        required=False,
        validators=[latin_only],
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    facility_type = forms.ChoiceField(label=_("Type"), choices=FacilityType.choices)
    subtype = forms.ChoiceField(
        label=_("Subtype"), choices=[("", "—"), *FacilitySubtype.choices], required=False
    )
    operator = forms.CharField(label=_("Operator"), max_length=200, required=False)
    supporting_organisations = forms.CharField(
        label=_("Supporting organisations"), max_length=300, required=False
    )
    beds = forms.IntegerField(label=_("Beds"), required=False, min_value=0, max_value=100000)
    services = forms.CharField(
        label=_("Services"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = PlaceField(label=_("Public location (sub-district or district)"))
    exact_lat = forms.FloatField(
        label=_("Exact latitude (restricted)"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs=point_picker_attributes()),
    )
    exact_lon = forms.FloatField(
        label=_("Exact longitude (restricted)"), required=False, min_value=-180, max_value=180
    )
    clear_exact = forms.BooleanField(label=_("Remove the recorded exact point"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change (kept in the audit log)"), max_length=500, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not (data.get("name_ar") or "").strip()
            and not (data.get("name_latin") or "").strip()
            and "name_latin" not in self.errors
        ):
            self.add_error(
                "name_ar", _("Give the name in Arabic script, in Latin script, or both.")
            )
        self._check_point(data)
        return data

    def _check_point(self, data: dict[str, Any]) -> None:
        lat, lon = data.get("exact_lat"), data.get("exact_lon")
        if (lat is None) != (lon is None):
            self.add_error(
                "exact_lon" if lon is None else "exact_lat",
                _("Give both latitude and longitude, or neither."),
            )
        elif lat is not None and lon is not None and not inside_country(lat, lon):
            self.add_error("exact_lat", _("This point is outside the country."))

    def values(self, facility: Facility | None = None) -> dict[str, Any]:
        """The service keyword arguments; empty coordinates keep the point already recorded."""
        data = self.cleaned_data
        values = {
            name: data[name] for name in FACILITY_FIELDS if name not in ("exact_lat", "exact_lon")
        }
        values["name_ar"], values["name_latin"] = (
            data["name_ar"].strip(),
            data["name_latin"].strip(),
        )
        if data["exact_lat"] is not None:
            values |= {"exact_lat": data["exact_lat"], "exact_lon": data["exact_lon"]}
        elif data["clear_exact"] or facility is None:
            values |= {"exact_lat": None, "exact_lon": None}
        return values


def inside_country(lat: float, lon: float) -> bool:
    west, south, east, north = Gazetteer.load("SY").bbox
    return south <= lat <= north and west <= lon <= east


def initial_from(facility: Facility) -> dict[str, Any]:
    """The edit form's initial values, without the exact point (a restricted value)."""
    initial = {
        name: getattr(facility, name)
        for name in FACILITY_FIELDS
        if name not in ("exact_lat", "exact_lon", "place")
    }
    return initial | {"place": facility.place_id, "version": facility.version}


class AliasForm(forms.Form):
    name = forms.CharField(
        label=_("Alias or code name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AliasKind.choices, initial=AliasKind.CODE_NAME
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.facility.aliases.filter(name__iexact=name).exists():
            raise ValidationError(_("This facility already has this alias."))
        return name


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FacilityStatus.choices)
    date = forms.DateField(label=_("Since"), validators=[not_in_future], widget=DayInput())
    cause = forms.ChoiceField(
        label=_("Cause (partially or non-functional only)"),
        choices=[("", "—"), *StatusCause.choices],
        required=False,
    )
    report = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Report number (optional)"),
        queryset=None,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
        help_text=_("The number of the report this status comes from."),
        error_messages={"invalid_choice": _("No report has this number.")},
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, reports: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cause") and data.get("status") == FacilityStatus.FUNCTIONAL:
            self.add_error(
                "cause", _("A cause is given only for a facility partially or not functional.")
            )
        return data
