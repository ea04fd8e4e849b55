"""Statistics vocabularies: what is counted, what it is grouped by, what a named period is."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Measure(models.TextChoices):
    INCIDENTS = "incidents", _("Attacks on health care")
    FACILITIES = "facilities", _("Health facilities attacked")
    KILLED_HEALTH_WORKERS = "killed_hw", _("Health workers killed")
    INJURED_HEALTH_WORKERS = "injured_hw", _("Health workers injured")
    ABDUCTED_HEALTH_WORKERS = "abducted_hw", _("Health workers abducted")
    DETAINED_HEALTH_WORKERS = "detained_hw", _("Health workers arrested or detained")
    KILLED_PATIENTS = "killed_patients", _("Patients killed")
    KILLED_OTHERS = "killed_others", _("Others killed")
    KILLED = "killed", _("People killed (health workers, patients and others)")


class Dimension(models.TextChoices):
    DAY = "day", pgettext_lazy("period", "Day")
    WEEK = "week", pgettext_lazy("period", "Week")
    MONTH = "month", pgettext_lazy("period", "Month")
    YEAR = "year", pgettext_lazy("period", "Year")
    GOVERNORATE = "governorate", _("Governorate")
    DISTRICT = "district", _("District")
    ATTACK_TYPE = "attack_type", _("Attack type")
    WEAPON = "weapon", _("Weapon")
    PERPETRATOR = "perpetrator", _("Alleged perpetrator")
    FACILITY_TYPE = "facility_type", _("Facility type")
    SOURCE = "source", _("Source")


#: The groupings that are periods of time (a series of buckets, empty ones included).
TIME_DIMENSIONS = (Dimension.DAY, Dimension.WEEK, Dimension.MONTH, Dimension.YEAR)


class PeriodKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    OFFENSIVE = "offensive", _("Offensive")
    OTHER = "other", _("Other")


class EstimateKind(models.TextChoices):
    """What an estimate counts: attacks (consolidated incidents) or health workers killed."""

    INCIDENTS = "incidents", _("Attacks on health care")
    KILLED_HEALTH_WORKERS = "killed_hw", _("Health workers killed")


class EstimateMethod(models.TextChoices):
    LCMCR = "lcmcr", _("Latent-class model (LCMCR)")
    LOGLINEAR = "loglinear", _("Log-linear models")


class EstimateState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    COUNTING = "counting", _("Counting the overlaps of the lists")
    ESTIMATING = "estimating", _("Estimating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Could not estimate")
