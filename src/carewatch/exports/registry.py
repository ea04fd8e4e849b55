"""Staff datasets: the facility registry, people and figures (what the reader may open, internal at most).

None of these is published: the public get facilities and people through nothing but the
incidents file and the memorial roll. Exact coordinates, names of people, dates of birth,
family details and informants are restricted and are not declared: files never carry them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from carewatch.exports.fields import Context, Dataset, codes, f
from carewatch.facilities.choices import FacilityStatus, FacilityType
from carewatch.people.choices import Fate, MemorialClearance, Profession, Sex
from carewatch.sources.choices import FigureMeasure, FigurePopulation
from carewatch_core.exports import Kind as K


def _pcode(get: Any) -> Any:
    return lambda obj, ctx: getattr(get(obj), "pcode", None)


def facilities_dataset(ctx: Context) -> Dataset:
    return Dataset(
        "facilities",
        _("Facilities"),
        (
            f("id", _("Number"), K.INTEGER, "facility.id", lambda x, c: x.pk, "#loc+id"),
            f(
                "facility_type",
                _("Type"),
                K.TEXT,
                "facility.facility_type",
                lambda x, c: x.facility_type,
                "#loc+type",
                codes(FacilityType),
            ),
            f(
                "subtype",
                _("Subtype"),
                K.TEXT,
                "facility.subtype",
                lambda x, c: x.subtype,
                "#loc+type+sub",
            ),
            f(
                "name_ar",
                _("Name (Arabic)"),
                K.TEXT,
                "facility.name_ar",
                lambda x, c: x.name_ar,
                "#loc+name+i_ar",
            ),
            f(
                "name_latin",
                _("Name (Latin script)"),
                K.TEXT,
                "facility.name_latin",
                lambda x, c: x.name_latin,
                "#loc+name+i_en",
            ),
            f(
                "aliases",
                _("Aliases and code names"),
                K.LIST,
                "facility.aliases",
                lambda x, c: [a.name for a in x.aliases.all()],
                "#loc+name+alt",
            ),
            f(
                "place_code",
                _("Place p-code"),
                K.TEXT,
                "facility.place",
                _pcode(lambda x: x.place),
                "#loc+code",
                _("The administrative unit where it is (never its exact point)."),
            ),
            f(
                "operator",
                _("Operator"),
                K.TEXT,
                "facility.operator",
                lambda x, c: x.operator,
                "#org+operator",
            ),
            f(
                "supporting_organisations",
                _("Supporting organisations"),
                K.TEXT,
                "facility.supporting_organisations",
                lambda x, c: x.supporting_organisations,
                "#org+support",
            ),
            f("beds", _("Beds"), K.INTEGER, "facility.beds", lambda x, c: x.beds, "#capacity+beds"),
            f(
                "status",
                _("Status today"),
                K.TEXT,
                "facility.statuses",
                lambda x, c: x.status_on_day,
                "#status",
                codes(FacilityStatus),
            ),
        ),
        has_point=False,
    )


def _fates(person: Any, ctx: Context) -> list[str]:
    return [f"{x.fate} {x.date.isoformat() if x.date else ''}".strip() for x in person.fates.all()]


def people_dataset(ctx: Context) -> Dataset:
    return Dataset(
        "people",
        _("People"),
        (
            f("id", _("Number"), K.INTEGER, "person.id", lambda x, c: x.pk, "#affected+id"),
            f(
                "sex",
                _("Sex"),
                K.TEXT,
                "person.sex",
                lambda x, c: x.sex,
                "#affected+sex",
                codes(Sex),
            ),
            f("age", _("Age"), K.INTEGER, "person.age", lambda x, c: x.age, "#affected+age"),
            f(
                "profession",
                _("Profession"),
                K.TEXT,
                "person.profession",
                lambda x, c: x.profession,
                "#affected+profession",
                codes(Profession),
            ),
            f(
                "specialty",
                _("Specialty"),
                K.TEXT,
                "person.specialty",
                lambda x, c: x.specialty,
                "#affected+specialty",
            ),
            f(
                "organisation",
                _("Organisation"),
                K.TEXT,
                "person.affiliation",
                lambda x, c: x.affiliation,
                "#org+name",
            ),
            f(
                "fates",
                _("What happened"),
                K.LIST,
                "person.fates",
                _fates,
                "#affected+fate",
                codes(Fate),
            ),
            f(
                "memorial_clearance",
                _("Memorial clearance"),
                K.TEXT,
                "person.memorial_clearance",
                lambda x, c: x.memorial_clearance,
                "#meta+clearance",
                codes(MemorialClearance),
            ),
        ),
        has_point=False,
    )


def figures_dataset(ctx: Context) -> Dataset:
    return Dataset(
        "figures",
        _("Figures"),
        (
            f("id", _("Number"), K.INTEGER, "figure.id", lambda x, c: x.pk, "#meta+id"),
            f(
                "quantity",
                _("Quantity"),
                K.INTEGER,
                "figure.quantity",
                lambda x, c: x.quantity,
                "#value",
            ),
            f(
                "quantity_high",
                _("Upper bound"),
                K.INTEGER,
                "figure.quantity_high",
                lambda x, c: x.quantity_high,
                "#value+max",
            ),
            f(
                "measure",
                _("Measure"),
                K.TEXT,
                "figure.measure",
                lambda x, c: x.measure,
                "#indicator+measure",
                codes(FigureMeasure),
            ),
            f(
                "population",
                _("Population"),
                K.TEXT,
                "figure.population",
                lambda x, c: x.population,
                "#population+type",
                codes(FigurePopulation),
            ),
            f(
                "place_code",
                _("Place p-code"),
                K.TEXT,
                "figure.place",
                _pcode(lambda x: x.place),
                "#loc+code",
            ),
            f(
                "period_start",
                _("Period start"),
                K.DATE,
                "figure.period_start",
                lambda x, c: x.period_start,
                "#date+start",
            ),
            f(
                "period_end",
                _("Period end"),
                K.DATE,
                "figure.period_end",
                lambda x, c: x.period_end,
                "#date+end",
            ),
            f(
                "stated_by",
                _("Stated by"),
                K.TEXT,
                "source.public_label",
                lambda x, c: x.stated_by.public_label,
                "#meta+source",
            ),
            f(
                "quote",
                _("Quote"),
                K.TEXT,
                "figure.quote",
                lambda x, c: x.quote,
                "#description+quote",
            ),
        ),
        has_point=False,
    )
