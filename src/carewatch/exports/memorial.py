"""The memorial roll: health workers killed whose names are cleared for publication (S3).

Rows come from ``people.selectors.memorial_roll`` only, so every row is a cleared name: the
dataset's scope says so, and the sensitivity table makes the memorial's fields of a cleared
person public (``carewatch_core.sensitivity.MEMORIAL_FIELDS``). The district columns are public
only at the district public level. Family details, date of birth and home place are not
declared at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from carewatch.exports.fields import Context, Dataset, codes, f
from carewatch.exports.places import at_level, generalised, precision
from carewatch.incidents.selectors import incidents_for
from carewatch.people.choices import Fate, MemorialClearance, Profession
from carewatch.people.models import PersonFate
from carewatch.people.selectors import memorial_roll
from carewatch_core.exports import Kind as K
from carewatch_core.sensitivity import Scope


def memorial_fates() -> QuerySet[PersonFate]:
    """One row per cleared health worker killed, with whether the incident is itself public."""
    public = incidents_for(AnonymousUser()).filter(pk=OuterRef("incident_id"))
    return (
        PersonFate.objects.filter(person__in=memorial_roll(), fate=Fate.KILLED)
        .select_related("person", "incident", "place__parent__parent__parent")
        .annotate(incident_is_public=Exists(public))
        .order_by("date", "person_id", "id")
    )


def _place(fate: Any, ctx: Context) -> Any:
    return generalised(fate.place, ctx)


def _unit(level: int, name: str) -> Any:
    def read(fate: Any, ctx: Context) -> object:
        place = generalised(fate.place, ctx)
        unit = at_level(place, level) if place is not None and place.level >= level else None
        return getattr(unit, name) if unit is not None else None

    return read


def _located(name: str) -> Any:
    def read(fate: Any, ctx: Context) -> object:
        place = _place(fate, ctx)
        return getattr(place, name) if place is not None else None

    return read


def memorial_dataset(ctx: Context) -> Dataset:
    return Dataset(
        "memorial",
        _("Memorial roll"),
        (
            f(
                "person_id",
                _("Person number"),
                K.INTEGER,
                "person.id",
                lambda x, c: x.person_id,
                "#affected+id",
                _("CareWatch's number for this person."),
            ),
            f(
                "name_ar",
                _("Name (Arabic script)"),
                K.TEXT,
                "person.name_ar",
                lambda x, c: x.person.name_ar,
                "#affected+name+i_ar",
                _("As given by the family or organisation that cleared it for publication."),
            ),
            f(
                "name_latin",
                _("Name (Latin script)"),
                K.TEXT,
                "person.name_latin",
                lambda x, c: x.person.name_latin,
                "#affected+name+i_en",
            ),
            f(
                "profession",
                _("Profession"),
                K.TEXT,
                "person.profession",
                lambda x, c: x.person.profession,
                "#affected+profession",
                codes(Profession),
            ),
            f(
                "organisation",
                _("Organisation"),
                K.TEXT,
                "person.affiliation",
                lambda x, c: x.person.affiliation,
                "#org+name",
            ),
            f(
                "date",
                _("Date of death"),
                K.DATE,
                "person.fates",
                lambda x, c: x.date,
                "#date+death",
            ),
            f(
                "adm1_code",
                _("Governorate p-code"),
                K.TEXT,
                "person.fates",
                _unit(1, "pcode"),
                "#adm1+code",
            ),
            f(
                "adm1_name_en",
                _("Governorate (English)"),
                K.TEXT,
                "person.fates",
                _unit(1, "name_en"),
                "#adm1+name+i_en",
            ),
            f(
                "adm1_name_ar",
                _("Governorate (Arabic)"),
                K.TEXT,
                "person.fates",
                _unit(1, "name_ar"),
                "#adm1+name+i_ar",
            ),
            f(
                "adm2_code",
                _("District p-code"),
                K.TEXT,
                "incident.district",
                _unit(2, "pcode"),
                "#adm2+code",
            ),
            f(
                "adm2_name_en",
                _("District (English)"),
                K.TEXT,
                "incident.district",
                _unit(2, "name_en"),
                "#adm2+name+i_en",
            ),
            f(
                "adm2_name_ar",
                _("District (Arabic)"),
                K.TEXT,
                "incident.district",
                _unit(2, "name_ar"),
                "#adm2+name+i_ar",
            ),
            f(
                "lat",
                _("Latitude"),
                K.NUMBER,
                "person.fates",
                _located("lat"),
                "#geo+lat",
                _(
                    "Centre of the public location where the person was killed (district or governorate)."
                ),
            ),
            f(
                "lon",
                _("Longitude"),
                K.NUMBER,
                "person.fates",
                _located("lon"),
                "#geo+lon",
            ),
            f(
                "geo_precision",
                _("Precision of the point"),
                K.INTEGER,
                "person.fates",
                lambda x, c: precision(_place(x, c)),
                "#geo+precision",
            ),
            f(
                "incident",
                _("Incident reference"),
                K.TEXT,
                "incident.reference",
                lambda x, c: x.incident.reference if x.incident_is_public else None,
                "#event+id",
                _("The incident in the incidents file, when that incident is public."),
            ),
            f(
                "clearance",
                _("Cleared as"),
                K.TEXT,
                "person.memorial_clearance",
                lambda x, c: x.person.memorial_clearance,
                "#meta+clearance",
                codes(MemorialClearance),
            ),
        ),
        scope=Scope(cleared=True, public_level=ctx.public_level),
    )
