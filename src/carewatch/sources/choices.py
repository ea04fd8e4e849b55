"""Source, report and figure vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceType(models.TextChoices):
    OWN_STAFF = "own_staff", _("Own staff")
    NGO = "ngo", _("NGO")
    UN_AGENCY = "un_agency", _("UN agency")
    MEDIA = "media", _("Media")
    EYEWITNESS = "eyewitness", _("Eyewitness")
    MEDICAL_STAFF = "medical_staff", _("Medical staff")
    GOVERNMENT = "government", _("Government")
    DATASET = "dataset", _("Dataset")
    OTHER = "other", _("Other")


# Organisations whose name may be published as the source of a public figure. Eyewitnesses and
# individual medical staff are people: on public pages they appear by their type only.
PUBLIC_SOURCE_TYPES = frozenset(
    {"own_staff", "ngo", "un_agency", "media", "government", "dataset", "other"}
)


class Reliability(models.TextChoices):
    """Admiralty-style source reliability grade."""

    A = "A", _("A – completely reliable")
    B = "B", _("B – usually reliable")
    C = "C", _("C – fairly reliable")
    D = "D", _("D – not usually reliable")
    E = "E", _("E – unreliable")
    F = "F", _("F – reliability cannot be judged")


class ReportKind(models.TextChoices):
    FIELD_FORM = "field_form", _("Field form")
    DATASET_ROW = "dataset_row", _("Dataset row")
    PRESS_RELEASE = "press_release", _("Press release")
    NEWSLETTER = "newsletter", _("Newsletter")
    STATEMENT = "statement", _("Statement or interview")
    NEWS_ARTICLE = "news_article", _("News article")
    OTHER = "other", _("Other")


# Report kinds whose words are public by nature (published by their source): a figure recorded from
# one may be shown, with its quote, on public pages unless someone decided otherwise. A statement or
# an interview, a field form and "other" may name a witness, a nurse, a hospital: their figures are
# public only by an explicit decision on the figure (``QuotePublication.PUBLIC``; never a field form).
PUBLIC_REPORT_KINDS = frozenset({"press_release", "newsletter", "news_article", "dataset_row"})


class QuotePublication(models.TextChoices):
    """Whether a figure and its quote may appear on public pages, the public API and open data."""

    BY_KIND = "by_kind", _("As the report's kind says")
    PUBLIC = "public", _("May be published with its quote")
    PRIVATE = "private", _("Not to be published")


def figure_may_be_published(report_kind: str, publication: str) -> bool:
    """The rule ``sources.selectors.public_figures`` applies in the database, for one figure."""
    if report_kind == ReportKind.FIELD_FORM:
        return False
    return publication == QuotePublication.PUBLIC or (
        publication == QuotePublication.BY_KIND and report_kind in PUBLIC_REPORT_KINDS
    )


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    KURDISH = "ku", _("Kurdish")
    TURKISH = "tr", _("Turkish")
    OTHER = "other", _("Other")


class RecordKind(models.TextChoices):
    INCIDENT = "incident", _("Incident record")
    PERSON = "person", _("Person record")
    FIGURE = "figure", _("Figure")


class FigureMeasure(models.TextChoices):
    KILLED = "killed", pgettext_lazy("measure", "Killed")
    INJURED = "injured", pgettext_lazy("measure", "Injured")
    CHILDREN_KILLED = "children_killed", _("Children killed")
    CHILDREN_INJURED = "children_injured", _("Children injured")
    ATTACKS = "attacks", _("Attacks")
    FACILITIES_ATTACKED = "facilities_attacked", _("Facilities attacked")
    FACILITIES_OUT_OF_SERVICE = "facilities_out_of_service", _("Facilities out of service")
    FACILITIES_DESTROYED = "facilities_destroyed", _("Facilities destroyed")
    STAFF_KILLED = "staff_killed", _("Staff killed")
    STAFF_INJURED = "staff_injured", _("Health workers injured")
    AMBULANCES_HIT = "ambulances_hit", _("Ambulances hit")
    SIGNATURES = "signatures", _("Signatures")
    TREATMENTS = "treatments", _("Medical treatments")
    FACILITIES_SUPPORTED = "facilities_supported", _("Facilities supported")
    FACILITIES_RUN = "facilities_run", _("Facilities run")
    PEOPLE_BESIEGED = "people_besieged", _("People besieged")
    DISPLACED = "displaced", _("People displaced")
    OTHER = "other", _("Other")


#: The measures that count harm done by attacks (what the landing page shows); the others count
#: an organisation's work or a campaign (facilities supported, treatments, signatures).
HARM_MEASURES = frozenset(
    {
        FigureMeasure.KILLED,
        FigureMeasure.INJURED,
        FigureMeasure.CHILDREN_KILLED,
        FigureMeasure.CHILDREN_INJURED,
        FigureMeasure.ATTACKS,
        FigureMeasure.FACILITIES_ATTACKED,
        FigureMeasure.FACILITIES_OUT_OF_SERVICE,
        FigureMeasure.FACILITIES_DESTROYED,
        FigureMeasure.STAFF_KILLED,
        FigureMeasure.STAFF_INJURED,
        FigureMeasure.AMBULANCES_HIT,
        FigureMeasure.PEOPLE_BESIEGED,
        FigureMeasure.DISPLACED,
    }
)


class FigurePopulation(models.TextChoices):
    CIVILIANS = "civilians", _("Civilians")
    CHILDREN = "children", _("Children")
    HEALTH_WORKERS = "health_workers", _("Health workers")
    PATIENTS = "patients", _("Patients")
    HOSPITALS = "hospitals", _("Hospitals")
    HEALTH_FACILITIES = "health_facilities", _("Health facilities")
    AMBULANCES = "ambulances", _("Ambulances")
    SUPPORTERS = "supporters", _("Supporters")
    PEOPLE = "people", _("People")
    OTHER = "other", _("Other")


class CasualtyMeasure(models.TextChoices):
    """Impact counts: killed and injured by group, children, detained health workers."""

    KILLED_HEALTH_WORKERS = "killed_hw", _("Health workers killed")
    KILLED_PATIENTS = "killed_patients", _("Patients killed")
    KILLED_OTHERS = "killed_others", _("Others killed")
    INJURED_HEALTH_WORKERS = "injured_hw", _("Health workers injured")
    INJURED_PATIENTS = "injured_patients", _("Patients injured")
    INJURED_OTHERS = "injured_others", _("Others injured")
    KILLED_CHILDREN = "killed_children", _("Children killed (among the above)")
    INJURED_CHILDREN = "injured_children", _("Children injured (among the above)")
    HW_ABDUCTED = "hw_abducted", _("Health workers abducted")
    HW_ARRESTED = "hw_arrested", _("Health workers arrested")
    HW_DETAINED = "hw_detained", _("Health workers detained")
