"""The facts of the two public UOSSM seed documents, loaded as real sources through the services.

Everything here is taken from the documents in ``data/`` (see its README): the reports keep
the documents' text unchanged, each figure carries its exact quote and the source the
document credits it to, and nothing is added that the documents do not say — no names for
the five staff killed, no coordinates for the Aleppo hospitals M2 and M10.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from carewatch.facilities.choices import (
    AliasKind,
    FacilityStatus,
    FacilitySubtype,
    FacilityType,
    StatusCause,
)
from carewatch.facilities.models import Facility
from carewatch.facilities.services import facility_create, facility_status_add
from carewatch.incidents.choices import (
    AttackType,
    Certainty,
    DatePrecision,
    FacilityDamage,
    Resource,
    ServiceInterruption,
    Weapon,
    WorkflowState,
)
from carewatch.incidents.services import incident_create, incident_record_create, record_values
from carewatch.incidents.values import IncidentValues
from carewatch.places.choices import LocationPrecision
from carewatch.places.models import Place
from carewatch.sources.choices import (
    FigureMeasure,
    FigurePopulation,
    Language,
    ReportKind,
    SourceType,
)
from carewatch.sources.models import Report, Source
from carewatch.sources.services import figure_record, report_create, source_get_or_create
from carewatch_core.hashing import sha256_text

PRESS_RELEASE_FILE = "uossm-press-release-2017-10-17-fr.txt"
NEWSLETTER_FILE = "uossm-canada-newsletter-2016-09-en.txt"

UOSSM = "UOSSM"
UOSSM_CANADA = "UOSSM Canada"
WHITE_HELMETS = "White Helmets (Syria Civil Defence)"
UNICEF = "UNICEF"

SOURCES = (
    (
        UOSSM,
        SourceType.NGO,
        "https://www.uossm.org/",
        "Union des Organisations de Secours et Soins Médicaux, a medical relief organisation working in Syria.",
    ),
    (UOSSM_CANADA, SourceType.NGO, "", "The Canadian branch of UOSSM."),
    (WHITE_HELMETS, SourceType.NGO, "", "Syria Civil Defence, search-and-rescue volunteers."),
    (UNICEF, SourceType.UN_AGENCY, "", "United Nations Children's Fund."),
)

# The newsletter's "past 7 days" and UNICEF's "since Friday": Friday 23 to Friday 30 September 2016.
ALEPPO_WEEK = (datetime.date(2016, 9, 23), datetime.date(2016, 9, 30))
NEWSLETTER_DATE = datetime.date(2016, 9, 30)
PRESS_RELEASE_DATE = datetime.date(2017, 10, 17)


@dataclass(frozen=True)
class FigureSpec:
    """One number a seed document states, with its exact quote (checked against the text)."""

    quantity: int
    measure: str
    population: str
    quote: str
    attributed_to: str | None = None
    period: tuple[datetime.date | None, datetime.date | None] = (None, None)
    place: str = ""
    place_text: str = ""


WH_QUOTE = "450 Civilians dead and 1600 injured – White Helmets"
UNICEF_QUOTE = "96 Children dead and 223 maimed and injured since Friday- UNICEF"
HOSPITALS_QUOTE = (
    "2 of the 4 largest hospitals in Aleppo (M2 & M10) have been bombed and are out of service."
)

NEWSLETTER_FIGURES = (
    FigureSpec(
        450,
        FigureMeasure.KILLED,
        FigurePopulation.CIVILIANS,
        WH_QUOTE,
        WHITE_HELMETS,
        ALEPPO_WEEK,
        "aleppo_city",
        "Aleppo",
    ),
    FigureSpec(
        1600,
        FigureMeasure.INJURED,
        FigurePopulation.CIVILIANS,
        WH_QUOTE,
        WHITE_HELMETS,
        ALEPPO_WEEK,
        "aleppo_city",
        "Aleppo",
    ),
    FigureSpec(
        96,
        FigureMeasure.CHILDREN_KILLED,
        FigurePopulation.CHILDREN,
        UNICEF_QUOTE,
        UNICEF,
        ALEPPO_WEEK,
        "aleppo_city",
        "Aleppo",
    ),
    FigureSpec(
        223,
        FigureMeasure.CHILDREN_INJURED,
        FigurePopulation.CHILDREN,
        UNICEF_QUOTE,
        UNICEF,
        ALEPPO_WEEK,
        "aleppo_city",
        "Aleppo",
    ),
    FigureSpec(
        2,
        FigureMeasure.FACILITIES_OUT_OF_SERVICE,
        FigurePopulation.HOSPITALS,
        HOSPITALS_QUOTE,
        period=ALEPPO_WEEK,
        place="aleppo_city",
        place_text="Aleppo",
    ),
    FigureSpec(
        5,
        FigureMeasure.STAFF_KILLED,
        FigurePopulation.HEALTH_WORKERS,
        "September was a sad month where UOSSM lost five medical staff as they were killed in the line of duty.",
        period=(datetime.date(2016, 9, 1), datetime.date(2016, 9, 30)),
    ),
    FigureSpec(
        120,
        FigureMeasure.FACILITIES_SUPPORTED,
        FigurePopulation.HEALTH_FACILITIES,
        "operates 12 major hospitals and supports 120 clinics inside Syria",
        period=(None, NEWSLETTER_DATE),
        place="country",
        place_text="Syria",
    ),
    FigureSpec(
        1_000_000,
        FigureMeasure.TREATMENTS,
        FigurePopulation.PATIENTS,
        "UOSSM has performed over 1,000,000 medical treatments inside Syria since inception.",
        period=(None, NEWSLETTER_DATE),
        place="country",
        place_text="Syria",
    ),
)

PRESS_RELEASE_FIGURES = (
    FigureSpec(
        78_240,
        FigureMeasure.SIGNATURES,
        FigurePopulation.SUPPORTERS,
        "78\u00a0240 personnes ont soutenu l'appel du Pr. Raphaël Pitti",
        period=(None, PRESS_RELEASE_DATE),
    ),
    FigureSpec(
        120,
        FigureMeasure.FACILITIES_SUPPORTED,
        FigurePopulation.HOSPITALS,
        "L’UOSSM soutient plus de 120 hôpitaux et plus de 200 centres de santé à travers toute la Syrie.",
        period=(None, PRESS_RELEASE_DATE),
        place="country",
        place_text="Syrie",
    ),
    FigureSpec(
        200,
        FigureMeasure.FACILITIES_SUPPORTED,
        FigurePopulation.HEALTH_FACILITIES,
        "L’UOSSM soutient plus de 120 hôpitaux et plus de 200 centres de santé à travers toute la Syrie.",
        period=(None, PRESS_RELEASE_DATE),
        place="country",
        place_text="Syrie",
    ),
)


def document_text(filename: str) -> str:
    """The seed document exactly as shipped (the report's original text)."""
    return resources.files("carewatch.demo").joinpath("data", filename).read_text(encoding="utf-8")


def seed_facts_loaded() -> bool:
    """True when both seed documents are already reports (so loading again would duplicate)."""
    return all(
        Report.objects.filter(
            source__name=source, content_sha256=sha256_text(document_text(name))
        ).exists()
        for source, name in ((UOSSM, PRESS_RELEASE_FILE), (UOSSM_CANADA, NEWSLETTER_FILE))
    )


def load_seed_facts(user: Any) -> bool:
    """Load the seed documents' facts once; returns False (and writes nothing) if already loaded."""
    if seed_facts_loaded():
        return False
    with transaction.atomic():
        _load(user)
    return True


def _load(user: Any) -> None:
    sources = _sources(user)
    places = _places()
    newsletter = _newsletter(user, sources[UOSSM_CANADA])
    press_release = _press_release(user, sources[UOSSM])
    _record_figures(user, newsletter, NEWSLETTER_FIGURES, sources, places)
    _record_figures(user, press_release, PRESS_RELEASE_FIGURES, sources, places)
    hospitals = _aleppo_hospitals(user, newsletter, places["aleppo_city"])
    for code, facility in hospitals.items():
        _aleppo_incident(user, newsletter, code, facility)
    _idlib_incident(user, press_release, places["idlib"])


def _sources(user: Any) -> dict[str, Source]:
    """The four organisations the documents speak for or quote (grade F: we do not grade them)."""
    return {
        name: source_get_or_create(
            user=user, name=name, source_type=kind, url=url, description=about
        )
        for name, kind, url, about in SOURCES
    }


def _places() -> dict[str, Place]:
    """Gazetteer places the documents name: Aleppo city is the Jebel Saman centre sub-district."""
    return {
        "country": Place.objects.get(level=0, country="SY"),
        "aleppo_city": Place.objects.get(level=3, name_en="Jebel Saman"),
        "idlib": Place.objects.get(level=1, name_en="Idleb"),
    }


def _newsletter(user: Any, source: Source) -> Report:
    return report_create(
        user=user,
        source=source,
        kind=ReportKind.NEWSLETTER,
        language=Language.ENGLISH,
        title="UOSSM Canada newsletter: the past 7 days in Aleppo (September 2016)",
        original_text=document_text(NEWSLETTER_FILE),
        published_on=NEWSLETTER_DATE,
    )


def _press_release(user: Any, source: Source) -> Report:
    return report_create(
        user=user,
        source=source,
        kind=ReportKind.PRESS_RELEASE,
        language=Language.FRENCH,
        title=(
            "Doctors in Danger : une campagne pour dire stop au ciblage des hôpitaux et du "
            "personnel médical en Syrie"
        ),
        original_text=document_text(PRESS_RELEASE_FILE),
        published_on=PRESS_RELEASE_DATE,
        url="http://doctorsindanger.com/",
    )


def checked_quote(report: Report, quote: str) -> str:
    """``quote`` if the report's text contains it verbatim; a figure never cites words not said."""
    if quote not in report.original_text:
        raise ValueError(f"quote not found in report {report.pk}: {quote!r}")
    return quote


def _record_figures(
    user: Any,
    report: Report,
    specs: tuple[FigureSpec, ...],
    sources: dict[str, Source],
    places: dict[str, Place],
) -> None:
    for spec in specs:
        figure_record(
            user=user,
            report=report,
            quantity=spec.quantity,
            measure=spec.measure,
            population=spec.population,
            quote=checked_quote(report, spec.quote),
            attributed_to=sources.get(spec.attributed_to or ""),
            period_start=spec.period[0],
            period_end=spec.period[1],
            place=places.get(spec.place),
            place_text=spec.place_text,
        )


def _aleppo_hospitals(user: Any, newsletter: Report, aleppo_city: Place) -> dict[str, Facility]:
    """M2 and M10, known only by their code names; exact coordinates left empty (not known)."""
    hospitals = {}
    for code in ("M2", "M10"):
        hospitals[code] = facility_create(
            user=user,
            aliases=[(code, AliasKind.CODE_NAME)],
            name_latin=f"{code} hospital (Aleppo)",
            name_ar=f"مشفى {code}",
            facility_type=FacilityType.SECONDARY,
            subtype=FacilitySubtype.FIELD_HOSPITAL,
            place=aleppo_city,
        )
        facility_status_add(
            facility=hospitals[code],
            user=user,
            status=FacilityStatus.NON_FUNCTIONAL,
            cause=StatusCause.ATTACKED,
            date=NEWSLETTER_DATE,
            report=newsletter,
            note=checked_quote(newsletter, HOSPITALS_QUOTE),
        )
    return hospitals


def _aleppo_incident(user: Any, newsletter: Report, code: str, facility: Facility) -> None:
    """The bombing of one of the two hospitals, within the newsletter's "past 7 days"."""
    values = IncidentValues(
        title=f"Bombing of hospital {code}, Aleppo",
        date_start=ALEPPO_WEEK[0],
        date_precision=DatePrecision.WEEK,
        place_id=facility.place_id,
        location_precision=LocationPrecision.WITHIN_25KM,
        facility_ids=[facility.pk],
        attack_types=[AttackType.HEAVY_WEAPONS],
        resources=[Resource.FACILITY],
        weapons=[Weapon.AERIAL_BOMB_PLANE],
        facility_damage=FacilityDamage.DAMAGED,
        service_interruption=ServiceInterruption.FULL,
        certainty=Certainty.PROBABLE,
        narrative=checked_quote(newsletter, HOSPITALS_QUOTE),
        narrative_language="en",
    )
    incident = incident_create(user=user, values=values, state=WorkflowState.VERIFIED)
    fields = record_values(values, place_text="Aleppo", facility_text=code) | {
        "values": {"quote": values.narrative}
    }
    incident_record_create(user=user, report=newsletter, incident=incident, fields=fields)


IDLIB_QUOTES = (
    "Les attaques systématiques sur les hôpitaux ont augmenté en septembre malgré les accords de désescalade.",
    # The document has non-breaking spaces after "les" and "nouveaux".
    "Les écoles et les\u00a0hôpitaux à Idleb sont maintenus fermés par crainte de nouveaux\u00a0bombardements.",
    "Il y a une augmentation alarmante des attaques aériennes au nord de la Syrie et ses alentours.",
)


def _idlib_incident(user: Any, press_release: Report, idlib: Place) -> None:
    """The September 2017 air attacks on hospitals in Idlib: one incident, month and governorate only."""
    narrative = " ".join(checked_quote(press_release, q) for q in IDLIB_QUOTES)
    values = IncidentValues(
        title="Air attacks on hospitals in Idlib, September 2017",
        date_start=datetime.date(2017, 9, 1),
        date_precision=DatePrecision.MONTH,
        place_id=idlib.pk,
        location_precision=LocationPrecision.GOVERNORATE,
        attack_types=[AttackType.HEAVY_WEAPONS],
        resources=[Resource.FACILITY],
        weapons=[Weapon.UNKNOWN],
        service_interruption=ServiceInterruption.PARTIAL,
        certainty=Certainty.POSSIBLE,
        narrative=narrative,
        narrative_language="fr",
    )
    incident = incident_create(user=user, values=values, state=WorkflowState.VERIFIED)
    fields = record_values(values, place_text="Idleb") | {"values": {"quotes": list(IDLIB_QUOTES)}}
    incident_record_create(user=user, report=press_release, incident=incident, fields=fields)
