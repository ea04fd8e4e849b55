"""Place vocabularies: administrative levels and location precision (Insecurity Insight codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country")
    GOVERNORATE = 1, _("Governorate")
    DISTRICT = 2, _("District")
    SUB_DISTRICT = 3, _("Sub-district")


class LocationPrecision(models.IntegerChoices):
    EXACT = 1, _("Exact point")
    WITHIN_25KM = 2, _("Within 25 km")
    DISTRICT = 3, _("District")
    GOVERNORATE = 4, _("Governorate")
    LINEAR = 5, _("Linear feature (road)")
    COUNTRY = 6, _("Country")
    SEA_AIR = 7, _("Sea or air")


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
