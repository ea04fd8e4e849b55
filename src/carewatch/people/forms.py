"""Person forms: list filters, the person, a fate in an incident, memorial clearance."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carewatch.lib.fields import (
    DayInput,
    explain_version_error,
    latin_only,
    not_in_future,
    require_version,
)
from carewatch.people.choices import Fate, MemorialClearance, Profession, Sex
from carewatch.people.models import Person
from carewatch.people.selectors import PersonFilters
from carewatch.people.services import PERSON_FIELDS
from carewatch.places.fields import PlaceField

ANY = ("", _("Any"))
HEALTH_WORKER_CHOICES = [ANY, ("yes", _("Health workers")), ("no", _("Not health workers"))]


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search a name (Arabic or Latin script)"), required=False, max_length=200
    )
    profession = forms.ChoiceField(
        label=_("Profession"), choices=[ANY, *Profession.choices], required=False
    )
    fate = forms.ChoiceField(label=_("Fate"), choices=[ANY, *Fate.choices], required=False)
    clearance = forms.ChoiceField(
        label=_("Memorial clearance"), choices=[ANY, *MemorialClearance.choices], required=False
    )
    health_worker = forms.ChoiceField(
        label=_("Health worker"), choices=HEALTH_WORKER_CHOICES, required=False
    )

    def filters(self) -> PersonFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PersonFilters(
            **{
                name: data.get(key, "")
                for name, key in (
                    ("text", "q"),
                    ("profession", "profession"),
                    ("fate", "fate"),
                    ("clearance", "clearance"),
                    ("health_worker", "health_worker"),
                )
            }
        )


class PersonForm(forms.Form):
    """Create or edit a consolidated person; names are kept exactly as given."""

    name_ar = forms.CharField(
        label=_("Full name in Arabic script"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_latin = forms.CharField(
        label=_("Full name in Latin script"),
        max_length=200,
        required=False,
        validators=[latin_only],
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age = forms.IntegerField(
        label=_("Age (or lower bound of the range)"), required=False, min_value=0, max_value=120
    )
    age_high = forms.IntegerField(
        label=_("Upper bound of the age range"), required=False, min_value=0, max_value=120
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (restricted)"),
        required=False,
        validators=[not_in_future],
        widget=DayInput(),
    )
    profession = forms.ChoiceField(
        label=_("Profession"), choices=Profession.choices, initial=Profession.OTHER
    )
    specialty = forms.CharField(label=_("Specialty"), max_length=120, required=False)
    affiliation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=None, required=False)  # type: ignore[var-annotated]
    home_place = PlaceField(label=_("Home place (restricted)"), required=False)
    family_details = forms.CharField(
        label=_("Family details (restricted)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change (kept in the audit log)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, facilities: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        if editing:
            require_version(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        explain_version_error(self)
        if (
            not (data.get("name_ar") or "").strip()
            and not (data.get("name_latin") or "").strip()
            and "name_latin" not in self.errors
        ):
            self.add_error(
                "name_ar", _("Give the name in Arabic script, in Latin script, or both.")
            )
        age, high = data.get("age"), data.get("age_high")
        if high is not None and (age is None or high < age):
            self.add_error(
                "age_high", _("The upper bound must come with a lower age, and not be below it.")
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in PERSON_FIELDS}
        return values | {
            "name_ar": data["name_ar"].strip(),
            "name_latin": data["name_latin"].strip(),
        }


def initial_from(person: Person) -> dict[str, Any]:
    initial = {
        name: getattr(person, name)
        for name in PERSON_FIELDS
        if name not in ("facility", "home_place")
    }
    return initial | {
        "facility": person.facility_id,
        "home_place": person.home_place_id,
        "version": person.version,
    }


class IncidentReferenceField(forms.CharField):
    """An incident given by its reference (CW-2017-000012), among those the user may see."""

    def __init__(self, *, incidents: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.incidents = incidents
        self.widget.attrs.update({"dir": "ltr", "placeholder": "CW-2017-000012"})

    def clean(self, value: Any) -> Any:
        reference = (super().clean(value) or "").strip().upper()
        if not reference:
            return None
        incident = self.incidents.filter(reference=reference).first()
        if incident is None:
            raise ValidationError(_("No incident has this reference."))
        return incident


class FateForm(forms.Form):
    fate = forms.ChoiceField(label=_("Fate"), choices=Fate.choices)
    incident = IncidentReferenceField(
        label=_("Incident reference (optional)"), max_length=30, required=False
    )
    date = forms.DateField(
        label=_("Date"), required=False, validators=[not_in_future], widget=DayInput()
    )
    place = PlaceField(label=_("Place"), required=False)

    def __init__(self, *args: Any, incidents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].incidents = incidents  # type: ignore[attr-defined]


class ClearanceForm(forms.Form):
    """Memorial clearance: who cleared the name for publication is required."""

    clearance = forms.ChoiceField(label=_("Memorial clearance"), choices=MemorialClearance.choices)
    cleared_by = forms.CharField(
        label=_("Cleared by (family member or organisation)"), max_length=200, required=False
    )
    on = forms.DateField(label=_("Cleared on"), validators=[not_in_future], widget=DayInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        explain_version_error(self)
        clearance = data.get("clearance")
        if (
            clearance
            and clearance != MemorialClearance.NOT_CLEARED
            and not (data.get("cleared_by") or "").strip()
        ):
            self.add_error("cleared_by", _("Say who cleared this name for publication."))
        return data


def clearance_initial(person: Person) -> dict[str, Any]:
    on: datetime.date = person.cleared_at or timezone.localdate()
    return {
        "clearance": person.memorial_clearance,
        "cleared_by": person.cleared_by,
        "on": on,
        "version": person.version,
    }
