"""What the import fields and the codes a row is read into are called, in the reader's language:
the preview, a run's page and the mapping forms show these, with the field's code beside it for
those who write mappings."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carewatch.incidents.choices import AttackType, CasualtyMeasure, Resource, Weapon

_FIELDS: dict[str, Promise] = {
    "id": gettext_lazy("Dataset ID"),
    "date": gettext_lazy("Date"),
    "date_start": gettext_lazy("Date"),
    "date_precision": gettext_lazy("Date precision"),
    "time": gettext_lazy("Time"),
    "time_precision": gettext_lazy("Time precision"),
    "_submission_time": gettext_lazy("Time of the submission"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "narrative": gettext_lazy("Narrative"),
    "notes": gettext_lazy("Notes"),
    "language": gettext_lazy("Language"),
    "country": gettext_lazy("Country"),
    "country_iso": gettext_lazy("Country code"),
    "iso": gettext_lazy("Country code"),
    "admin1": gettext_lazy("Governorate"),
    "adm1": gettext_lazy("Governorate"),
    "governorate": gettext_lazy("Governorate"),
    "admin2": gettext_lazy("District"),
    "adm2": gettext_lazy("District"),
    "district": gettext_lazy("District"),
    "admin3": gettext_lazy("Sub-district"),
    "subdistrict": gettext_lazy("Sub-district"),
    "place": gettext_lazy("Place"),
    "place_en": gettext_lazy("Place"),
    "place_text": gettext_lazy("Place as written"),
    "location": gettext_lazy("Kind of place"),
    "location_type": gettext_lazy("Kind of place"),
    "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"),
    "geo_precision": gettext_lazy("Location precision"),
    "precision": gettext_lazy("Location precision"),
    "attack_type": gettext_lazy("Attack type"),
    "attack_types": gettext_lazy("Attack types"),
    "event_type": gettext_lazy("Event type"),
    "sub_event_type": gettext_lazy("Event sub-type"),
    "weapon": gettext_lazy("Weapon"),
    "weapons": gettext_lazy("Weapons"),
    "perpetrator": gettext_lazy("Perpetrator"),
    "perpetrator_name": gettext_lazy("Perpetrator as named"),
    "actor1": gettext_lazy("Perpetrator"),
    "inter1": gettext_lazy("Perpetrator category"),
    "certainty": gettext_lazy("Certainty"),
    "facility_type": gettext_lazy("Facility type"),
    "facility_text": gettext_lazy("Facility as written"),
    "facilities": gettext_lazy("Facilities"),
    "facility_damaged": gettext_lazy("Facilities damaged"),
    "facility_destroyed": gettext_lazy("Facilities destroyed"),
    "facility_other": gettext_lazy("Other facilities hit"),
    "transport_damaged": gettext_lazy("Ambulances damaged"),
    "transport_destroyed": gettext_lazy("Ambulances destroyed"),
    "transport_stolen": gettext_lazy("Ambulances stolen"),
    "looting": gettext_lazy("Looting"),
    "forceful_entry": gettext_lazy("Forced entry"),
    "obstruction": gettext_lazy("Obstruction"),
    "fatalities": gettext_lazy("People killed"),
    "killed": gettext_lazy("People killed"),
    "injured": gettext_lazy("People injured"),
    "hw_killed": gettext_lazy("Health workers killed"),
    "hw_injured": gettext_lazy("Health workers injured"),
    "hw_kidnapped": gettext_lazy("Health workers abducted"),
    "hw_assaulted": gettext_lazy("Health workers assaulted"),
    "hw_sexual": gettext_lazy("Health workers sexually assaulted"),
    "hw_threatened": gettext_lazy("Health workers threatened"),
    "patients_abducted": gettext_lazy("Patients abducted"),
    "patients_arrested": gettext_lazy("Patients arrested"),
    "patients_detained": gettext_lazy("Patients detained"),
    "occupation": gettext_lazy("Occupation"),
    "photo": gettext_lazy("Photo"),
}
_MEASURES = dict(CasualtyMeasure.choices)
_RESOURCES = dict(Resource.choices)
_CODES = {**dict(AttackType.choices), **dict(Weapon.choices)}


def field_name(code: str) -> str:
    """The import field ``code`` as people call it (the code itself when it has no name)."""
    if code in _FIELDS:
        return str(_FIELDS[code])
    base = code.removeprefix("count_")
    if base.removesuffix("_max") in _MEASURES:
        label = str(_MEASURES[base.removesuffix("_max")])
        return (
            _("%(measure)s (highest figure)") % {"measure": label}
            if base.endswith("_max")
            else label
        )
    if code.startswith("res_") and code.removeprefix("res_") in _RESOURCES:
        return _("Hit: %(resource)s") % {"resource": _RESOURCES[code.removeprefix("res_")]}
    return code


def code_name(code: str) -> str:
    """An attack type's or a weapon's code as people call it."""
    return str(_CODES.get(code, code))


def measure_name(code: str) -> str:
    return str(_MEASURES.get(code, code))
