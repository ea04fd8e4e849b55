"""The incidents dataset: one row per incident, public fields first, internal ones after.

Public readers get the public columns only: dates, the location generalised to the public level
(``CAREWATCH_PUBLIC_LOCATION_LEVEL``: district by default, or governorate), attack types,
weapons, resources, counts, certainty and the public labels of the sources. Never a title,
narrative, facility name, exact point or informant. No restricted column is declared at all.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from carewatch.exports.fields import Context, Dataset, Field, codes, f
from carewatch.exports.places import incident_public_place, precision
from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import (
    AttackType,
    CasualtyMeasure,
    Certainty,
    DatePrecision,
    FacilityDamage,
    LocationType,
    PerpetratorCategory,
    Resource,
    ServiceInterruption,
    Weapon,
    WorkflowState,
)
from carewatch.places.choices import LocationPrecision
from carewatch_core.exports import Kind as K
from carewatch_core.sensitivity import Scope

# HXL attributes of each casualty measure (Insecurity Insight's tags where they exist).
COUNT_TAGS = {
    "killed_hw": "+healthworker+killed",
    "killed_patients": "+patient+killed",
    "killed_others": "+other+killed",
    "injured_hw": "+healthworker+injured",
    "injured_patients": "+patient+injured",
    "injured_others": "+other+injured",
    "killed_children": "+children+killed",
    "injured_children": "+children+injured",
    "hw_abducted": "+healthworker+kidnapped",
    "hw_arrested": "+healthworker+arrested",
    "hw_detained": "+healthworker+detained",
}


def _unit(name: str, getter: Any) -> Any:
    def read(incident: Any, ctx: Context) -> object:
        place = getter(incident, ctx)
        return getattr(place, name) if place is not None else None

    return read


def _count(measure: str, high: bool) -> Any:
    def read(incident: Any, ctx: Context) -> object:
        if (
            ctx.memo.get("counts_of") != incident.pk
        ):  # one incident's counts at a time (memory stays flat)
            ctx.memo.update(counts_of=incident.pk, counts=incident.counts())
        count = ctx.memo["counts"].get(measure)
        if count is None or not count.known:
            return None
        return count.high if high else count.low

    return read


def _counts() -> list[Field]:
    out = []
    for m in CasualtyMeasure:
        out.append(
            f(
                m.value,
                m.label,
                K.INTEGER,
                "incident.counts",
                _count(m.value, False),
                "#affected" + COUNT_TAGS[m.value],
                _("Blank when unknown (never 0). The lower bound when the source gives a range."),
            )
        )
        out.append(
            f(
                m.value + "_max",
                format_lazy("{} ({})", m.label, _("upper bound")),
                K.INTEGER,
                "incident.counts",
                _count(m.value, True),
                "#affected" + COUNT_TAGS[m.value] + "+max",
                _("Upper bound of a range; blank when the number is exact."),
            )
        )
    return out


def _sources(incident: Any, ctx: Context) -> list[str]:
    return sorted({r.report.source.public_label for r in incident.records.all()})


def _facility_types(incident: Any, ctx: Context) -> list[str]:
    return sorted({x.facility_type for x in incident.facilities.all()})


def _public_place(incident: Any, ctx: Context) -> Any:
    return incident_public_place(incident, ctx)


def _district(incident: Any, ctx: Context) -> Any:
    return incident.district


def _governorate(incident: Any, ctx: Context) -> Any:
    return incident.governorate


def _place(incident: Any, ctx: Context) -> Any:
    return incident.place


PUBLIC_POINT = _(
    "Centre of the incident's public location (district or governorate), never the place of the attack."
)


def incidents_dataset(ctx: Context) -> Dataset:
    """The district columns are public only when the public level is the district (the scope)."""
    return Dataset(
        "incidents",
        _("Incidents"),
        (
            f(
                "reference",
                _("Reference"),
                K.TEXT,
                "incident.reference",
                lambda i, c: i.reference,
                "#event+id",
                _("CareWatch's stable identifier of the incident."),
            ),
            f(
                "date_start",
                _("Date"),
                K.DATE,
                "incident.date_start",
                lambda i, c: i.date_start,
                "#date+start",
            ),
            f(
                "date_end",
                _("End date"),
                K.DATE,
                "incident.date_end",
                lambda i, c: i.date_end,
                "#date+end",
                _("For incidents over several days; blank otherwise."),
            ),
            f(
                "date_precision",
                _("Date precision"),
                K.INTEGER,
                "incident.date_precision",
                lambda i, c: i.date_precision,
                "#date+precision",
                codes(DatePrecision),
            ),
            f(
                "adm1_code",
                _("Governorate p-code"),
                K.TEXT,
                "incident.governorate",
                _unit("pcode", _governorate),
                "#adm1+code",
            ),
            f(
                "adm1_name_en",
                _("Governorate (English)"),
                K.TEXT,
                "incident.governorate",
                _unit("name_en", _governorate),
                "#adm1+name+i_en",
            ),
            f(
                "adm1_name_ar",
                _("Governorate (Arabic)"),
                K.TEXT,
                "incident.governorate",
                _unit("name_ar", _governorate),
                "#adm1+name+i_ar",
            ),
            f(
                "adm2_code",
                _("District p-code"),
                K.TEXT,
                "incident.district",
                _unit("pcode", _district),
                "#adm2+code",
            ),
            f(
                "adm2_name_en",
                _("District (English)"),
                K.TEXT,
                "incident.district",
                _unit("name_en", _district),
                "#adm2+name+i_en",
            ),
            f(
                "adm2_name_ar",
                _("District (Arabic)"),
                K.TEXT,
                "incident.district",
                _unit("name_ar", _district),
                "#adm2+name+i_ar",
            ),
            # The published point: a public derived field (not in the sensitivity table, which
            # classes the raw location).
            f(
                "lat",
                _("Latitude"),
                K.NUMBER,
                "incident.public_location",
                _unit("lat", _public_place),
                "#geo+lat",
                PUBLIC_POINT,
            ),
            f(
                "lon",
                _("Longitude"),
                K.NUMBER,
                "incident.public_location",
                _unit("lon", _public_place),
                "#geo+lon",
                PUBLIC_POINT,
            ),
            f(
                "geo_precision",
                _("Precision of the point"),
                K.INTEGER,
                "incident.public_location",
                lambda i, c: precision(_public_place(i, c)),
                "#geo+precision",
                codes(LocationPrecision),
            ),
            f(
                "location_type",
                _("Location type"),
                K.TEXT,
                "incident.location_type",
                lambda i, c: i.location_type,
                "#loc+type",
                codes(LocationType),
            ),
            f(
                "attack_types",
                _("Types of attack"),
                K.LIST,
                "incident.attack_types",
                lambda i, c: i.attack_types,
                "#event+type",
                codes(AttackType),
            ),
            f(
                "weapons",
                _("Weapons"),
                K.LIST,
                "incident.weapons",
                lambda i, c: i.weapons,
                "#event+weapon",
                codes(Weapon),
            ),
            f(
                "resources",
                _("Resources affected"),
                K.LIST,
                "incident.resources",
                lambda i, c: i.resources,
                "#event+resource",
                codes(Resource),
            ),
            f(
                "facility_types",
                _("Types of facility attacked"),
                K.LIST,
                "facility.facility_type",
                _facility_types,
                "#loc+type+facility",
                codes(FacilityType),
            ),
            *_counts(),
            f(
                "facility_damage",
                _("Facility damage"),
                K.TEXT,
                "incident.facility_damage",
                lambda i, c: i.facility_damage,
                "#status+damage",
                codes(FacilityDamage),
            ),
            f(
                "service_interruption",
                _("Service interruption"),
                K.TEXT,
                "incident.service_interruption",
                lambda i, c: i.service_interruption,
                "#status+service",
                codes(ServiceInterruption),
            ),
            f(
                "interruption_from",
                _("Interrupted from"),
                K.DATE,
                "incident.interruption_from",
                lambda i, c: i.interruption_from,
                "#date+service+start",
            ),
            f(
                "interruption_until",
                _("Interrupted until"),
                K.DATE,
                "incident.interruption_until",
                lambda i, c: i.interruption_until,
                "#date+service+end",
            ),
            f(
                "certainty",
                _("Certainty"),
                K.TEXT,
                "incident.certainty",
                lambda i, c: i.certainty,
                "#status+certainty",
                codes(Certainty),
            ),
            f(
                "state",
                _("State"),
                K.TEXT,
                "incident.state",
                lambda i, c: i.state,
                "#status+workflow",
                codes(WorkflowState),
            ),
            f(
                "sources",
                _("Sources"),
                K.LIST,
                "source.public_label",
                _sources,
                "#meta+source",
                _(
                    "The sources that reported the incident: organisations by name, individuals by their type only."
                ),
            ),
            f(
                "generated",
                _("Generated demonstration data"),
                K.BOOLEAN,
                "incident.is_generated",
                lambda i, c: i.is_generated,
                "#meta+generated",
                _("true for invented demonstration rows: never real incidents."),
            ),
            # Internal: staff only.
            f(
                "title",
                _("Summary"),
                K.TEXT,
                "incident.title",
                lambda i, c: i.title,
                "#description+title",
            ),
            f(
                "narrative",
                _("Narrative"),
                K.TEXT,
                "incident.narrative",
                lambda i, c: i.narrative,
                "#description",
            ),
            f(
                "place_code",
                _("Place p-code"),
                K.TEXT,
                "incident.place",
                _unit("pcode", _place),
                "#loc+code",
                _("The most precise administrative unit recorded."),
            ),
            f(
                "place_name_en",
                _("Place (English)"),
                K.TEXT,
                "incident.place",
                _unit("name_en", _place),
                "#loc+name+i_en",
            ),
            f(
                "place_name_ar",
                _("Place (Arabic)"),
                K.TEXT,
                "incident.place",
                _unit("name_ar", _place),
                "#loc+name+i_ar",
            ),
            f(
                "facilities",
                _("Facilities"),
                K.LIST,
                "incident.facilities",
                lambda i, c: [x.name_latin or x.name_ar for x in i.facilities.all()],
                "#loc+name+facility",
            ),
            f(
                "perpetrators",
                _("Alleged perpetrators"),
                K.LIST,
                "incident.perpetrator_claims",
                lambda i, c: sorted({p.category for p in i.perpetrator_claims.all()}),
                "#group+perp",
                codes(PerpetratorCategory),
            ),
        ),
        scope=Scope(public_level=ctx.public_level),
    )


PREFETCH = ("tags", "casualties", "facilities", "records__report__source", "perpetrator_claims")
