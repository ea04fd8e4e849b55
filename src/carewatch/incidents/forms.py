"""Incident forms: the short field submission, the verifier's full form, filters, state changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from carewatch.facilities.models import Facility
from carewatch.incidents.choices import (
    AttackType,
    CasualtyMeasure,
    Certainty,
    DatePrecision,
    FacilityDamage,
    LocationType,
    Queue,
    Resource,
    ServiceInterruption,
    Weapon,
    WorkflowState,
)
from carewatch.incidents.forms_parts import (
    add_perpetrator_fields,
    add_source_fields,
    clean_perpetrators,
    perpetrator_initial,
    perpetrator_rows,
)
from carewatch.incidents.queues import sort_key
from carewatch.incidents.selectors import IncidentFilters
from carewatch.incidents.values import IncidentValues, PerpetratorValue
from carewatch.lib.bidi import isolated
from carewatch.lib.fields import (
    COUNT_HINT,
    CountField,
    DayInput,
    explain_version_error,
    not_in_future,
    require_version,
)
from carewatch.places.choices import LocationPrecision
from carewatch.places.fields import (
    PickerSelect,
    PickerSelectMultiple,
    PlaceField,
    picker_attributes,
    point_picker_attributes,
)
from carewatch.sources.choices import Language
from carewatch_core.geo.gazetteer import Gazetteer

SHORT_COUNTS = (
    CasualtyMeasure.KILLED_HEALTH_WORKERS,
    CasualtyMeasure.INJURED_HEALTH_WORKERS,
    CasualtyMeasure.KILLED_OTHERS,
    CasualtyMeasure.INJURED_OTHERS,
)

checks = forms.CheckboxSelectMultiple
FACILITY_HINT = _("Type a facility's name, an alias (M2) or its place")
FACILITY_EMPTY = _("No facility of that name or place.")
AUTO = {"dir": "auto"}  # free text may be Arabic on an English page or the reverse


def count_fields(measures: Any) -> dict[str, CountField]:
    return {f"count_{m.value}": CountField(label=m.label) for m in measures}


class IncidentBaseForm(forms.Form):
    """Fields both forms share, and the conversion to ``IncidentValues``."""

    title = forms.CharField(
        label=_("What happened (one line)"), max_length=300, widget=forms.TextInput(attrs=AUTO)
    )
    date_start = forms.DateField(label=_("Date"), validators=[not_in_future], widget=DayInput())
    date_precision = forms.TypedChoiceField(
        label=_("How precise is the date?"),
        choices=DatePrecision.choices,
        coerce=int,
        initial=DatePrecision.DAY,
    )
    place = PlaceField()
    attack_types = forms.MultipleChoiceField(
        label=_("Type of attack"), choices=AttackType.choices, widget=checks
    )
    weapons = forms.MultipleChoiceField(
        label=_("Weapons"), choices=Weapon.choices, widget=checks, required=False
    )
    narrative = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs=AUTO), required=False, max_length=20000
    )

    count_measures: tuple[Any, ...] = SHORT_COUNTS
    count_hint = COUNT_HINT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Counts come right after the weapons (not at the very end of the form on a phone).
        fields = list(self.fields.items())
        at = next(i for i, (name, _field) in enumerate(fields) if name == "weapons") + 1
        self.fields = dict(
            fields[:at] + list(count_fields(self.count_measures).items()) + fields[at:]
        )

    def count_fields(self) -> list[Any]:
        return [self[f"count_{m.value}"] for m in self.count_measures]

    def counts(self) -> dict[str, Any]:
        return {m.value: self.cleaned_data[f"count_{m.value}"] for m in self.count_measures}

    def to_values(self, **extra: Any) -> IncidentValues:
        data = self.cleaned_data
        return IncidentValues(
            title=data["title"].strip(),
            date_start=data["date_start"],
            date_precision=data["date_precision"],
            place_id=data["place"].pk,
            attack_types=list(data["attack_types"]),
            weapons=list(data["weapons"]),
            counts=self.counts(),
            narrative=data["narrative"],
            **extra,
        )


class IncidentSubmitForm(IncidentBaseForm):
    """The short form a field documenter fills in on a phone, in any of the three languages."""

    language = forms.ChoiceField(label=_("Language of the description"), choices=Language.choices)
    place_text = forms.CharField(
        widget=forms.TextInput(attrs=AUTO),
        label=_("Place as you know it (village, neighbourhood)"),
        max_length=200,
        required=False,
    )
    facility_text = forms.CharField(
        widget=forms.TextInput(attrs=AUTO),
        label=_("Facility name, if any"),
        max_length=200,
        required=False,
    )
    informant_name = forms.CharField(
        widget=forms.TextInput(attrs=AUTO),
        label=_("Witness or informant (kept restricted)"),
        max_length=200,
        required=False,
    )
    informant_contact = forms.CharField(
        widget=forms.TextInput(attrs=AUTO),
        label=_("Their contact (kept restricted)"),
        max_length=200,
        required=False,
    )
    attachment = forms.FileField(label=_("Photo or document (optional)"), required=False)

    def to_values(self, **extra: Any) -> IncidentValues:
        lang = self.cleaned_data["language"]
        return super().to_values(narrative_language=lang, **extra)


class IncidentForm(IncidentBaseForm):
    """The verifier's full form over every field of a consolidated incident."""

    count_measures = tuple(CasualtyMeasure)

    date_end = forms.DateField(
        label=_("End date (multi-day events)"),
        required=False,
        validators=[not_in_future],
        widget=DayInput(),
    )
    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    location_precision = forms.TypedChoiceField(
        label=_("Location precision"),
        choices=LocationPrecision.choices,
        coerce=int,
        initial=LocationPrecision.DISTRICT,
    )
    location_type = forms.ChoiceField(label=_("Location type"), choices=LocationType.choices)
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
    facilities = forms.ModelMultipleChoiceField(
        label=_("Facilities"),
        queryset=Facility.objects.none(),
        required=False,
        widget=PickerSelectMultiple(
            attrs=picker_attributes("facility-search", FACILITY_HINT, FACILITY_EMPTY)
        ),
    )
    resources = forms.MultipleChoiceField(
        label=_("Resources affected"), choices=Resource.choices, widget=checks, required=False
    )
    facility_damage = forms.ChoiceField(label=_("Facility damage"), choices=FacilityDamage.choices)
    service_interruption = forms.ChoiceField(
        label=_("Service interruption"), choices=ServiceInterruption.choices
    )
    interruption_from = forms.DateField(
        label=_("Interrupted from"), required=False, widget=DayInput()
    )
    interruption_until = forms.DateField(
        label=_("Interrupted until"), required=False, widget=DayInput()
    )
    certainty = forms.ChoiceField(label=_("Certainty"), choices=Certainty.choices)
    narrative_language = forms.ChoiceField(
        label=_("Language of the description"),
        choices=[("", "—"), *Language.choices],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change (kept in the audit log)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=AUTO),
    )

    def __init__(
        self,
        *args: Any,
        facilities: QuerySet[Facility],
        sources: QuerySet[Any],
        claims: int = 0,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilities"].queryset = facilities  # type: ignore[attr-defined]
        add_perpetrator_fields(self, sources, claims)
        self.perpetrators: list[PerpetratorValue] = []
        if editing:
            require_version(self)
        else:
            add_source_fields(self, sources)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        explain_version_error(self)
        self._check_dates(data)
        self._check_point(data)
        self.perpetrators = clean_perpetrators(self, data)
        return data

    def perpetrator_rows(self) -> list[list[Any]]:
        return perpetrator_rows(self)

    def _check_dates(self, data: dict[str, Any]) -> None:
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and end < start:
            self.add_error("date_end", _("The end date is before the start date."))
        since, until = data.get("interruption_from"), data.get("interruption_until")
        if since and until and until < since:
            self.add_error(
                "interruption_until", _("This date is before the start of the interruption.")
            )

    def _check_point(self, data: dict[str, Any]) -> None:
        lat, lon = data.get("exact_lat"), data.get("exact_lon")
        if (lat is None) != (lon is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if lat is not None and lon is not None:
            west, south, east, north = Gazetteer.load("SY").bbox
            if not (south <= lat <= north and west <= lon <= east) or (lat == 0 and lon == 0):
                self.add_error("exact_lat", _("This point is outside the country."))
            elif data.get("place") is not None and not point_in_place(data["place"], lat, lon):
                self.add_error(
                    "exact_lat",
                    _("This point is outside %(place)s: check the coordinates or the place.")
                    % {"place": isolated(data["place"].name)},
                )

    def keep_exact_point(self, values: IncidentValues, incident: Any) -> IncidentValues:
        """Empty coordinates on an edit keep the recorded point (it is not in the form)."""
        if values.exact_lat is None and not self.cleaned_data["clear_exact"]:
            values.exact_lat, values.exact_lon = incident.exact_lat, incident.exact_lon
        return values

    def to_values(self, **extra: Any) -> IncidentValues:
        data = self.cleaned_data
        values = super().to_values(**extra)
        for name in (
            "date_end",
            "time",
            "location_precision",
            "location_type",
            "exact_lat",
            "exact_lon",
            "facility_damage",
            "service_interruption",
            "interruption_from",
            "interruption_until",
            "certainty",
            "narrative_language",
        ):
            setattr(values, name, data[name])
        if data["clear_exact"]:
            values.exact_lat = values.exact_lon = None
        values.resources = list(data["resources"])
        values.facility_ids = [f.pk for f in data["facilities"]]
        values.perpetrators = list(self.perpetrators)
        return values


# How far outside a place's bounding box a point may lie (degrees, about 2 km): boundaries are
# simplified, and a hospital on a district's edge is still in it.
PLACE_MARGIN = 0.02


def point_in_place(place: Any, lat: float, lon: float) -> bool:
    """Whether the point lies within the place's bounding box (the country has none to check)."""
    found = Gazetteer.load("SY").get(place.pcode)
    if found is None or found.bbox is None or place.level == 0:
        return True
    west, south, east, north = found.bbox
    return (
        south - PLACE_MARGIN <= lat <= north + PLACE_MARGIN
        and west - PLACE_MARGIN <= lon <= east + PLACE_MARGIN
    )


def initial_from(incident: Any) -> dict[str, Any]:
    """The full form's initial values for an existing incident."""
    # The exact point is never sent back to the browser (it is read on purpose, and audited, on the
    # incident page): empty coordinates keep the recorded point, ``clear_exact`` removes it.
    hidden = {"exact_lat", "exact_lon"}
    initial = {
        name: getattr(incident, name) for name in IncidentValues.SCALAR_FIELDS if name not in hidden
    }
    initial |= {
        "place": incident.place_id,
        "attack_types": incident.attack_types,
        "weapons": incident.weapons,
        "resources": incident.resources,
        "facilities": list(incident.facilities.values_list("pk", flat=True)),
        "version": incident.version,
    }
    initial |= perpetrator_initial(list(incident.perpetrator_claims.order_by("pk")))
    initial |= {f"count_{m}": c.display().replace("?", "") for m, c in incident.counts().items()}
    return initial


class IncidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())
    place = PlaceField(label=_("Governorate or district"), required=False)
    attack_type = forms.ChoiceField(
        label=_("Type of attack"), choices=[("", _("Any")), *AttackType.choices], required=False
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"), choices=[("", _("Any")), *Certainty.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any")), *WorkflowState.choices], required=False
    )
    source = forms.ModelChoiceField(label=_("Source"), queryset=None, required=False)  # type: ignore[var-annotated]
    facility = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label=_("Facility"),
        queryset=None,
        required=False,
        widget=PickerSelect(
            attrs=picker_attributes("facility-search", FACILITY_HINT, FACILITY_EMPTY)
        ),
    )
    queue = forms.ChoiceField(choices=Queue.choices, required=False, widget=forms.HiddenInput)
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sources: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["source"].empty_label = self.fields["facility"].empty_label = _("Any")  # type: ignore[attr-defined]

    def filters(self) -> IncidentFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return IncidentFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            place_id=data["place"].pk if data.get("place") else None,
            attack_type=data.get("attack_type", ""),
            certainty=data.get("certainty", ""),
            state=data.get("state", ""),
            source_id=data["source"].pk if data.get("source") else None,
            facility_id=data["facility"].pk if data.get("facility") else None,
            text=data.get("q", ""),
        )

    def chosen_queue(self) -> str:
        return self.cleaned_data.get("queue", "") if self.is_valid() else ""

    def chosen_sort(self) -> str:
        return sort_key(self.cleaned_data.get("sort", "") if self.is_valid() else "")


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=WorkflowState.choices)
    certainty = forms.ChoiceField(label=_("Certainty"), choices=Certainty.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
