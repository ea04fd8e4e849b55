"""Facility vocabularies (WHO SSA facility types)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityType(models.TextChoices):
    PRIMARY = "primary", _("Primary care")
    SECONDARY = "secondary", _("Secondary care")
    TERTIARY = "tertiary", _("Tertiary care")
    MOBILE_CLINIC = "mobile_clinic", _("Mobile clinic")
    PHARMACY = "pharmacy", _("Pharmacy")
    WAREHOUSE = "warehouse", _("Warehouse")
    AMBULANCE_STATION = "ambulance_station", _("Ambulance station")
    OTHER = "other", _("Other")


class FacilitySubtype(models.TextChoices):
    FIELD_HOSPITAL = "field_hospital", _("Field hospital")
    MATERNITY = "maternity", _("Maternity")
    DIALYSIS = "dialysis", _("Dialysis centre")
    BLOOD_BANK = "blood_bank", _("Blood bank")
    UNDERGROUND = "underground", _("Underground hospital")


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Alternative name")
    CODE_NAME = "code_name", _("Code name")
    SPELLING = "spelling", _("Spelling")


class FacilityStatus(models.TextChoices):
    FUNCTIONAL = "functional", _("Functional")
    PARTIAL = "partial", _("Partially functional")
    NON_FUNCTIONAL = "non_functional", _("Non-functional")


class StatusCause(models.TextChoices):
    ATTACKED = "attacked", _("Attacked")
    LACK_OF_SUPPLIES = "lack_of_supplies", _("Lack of supplies")
    LACK_OF_STAFF = "lack_of_staff", _("Lack of staff")
    ACCESS = "access", _("No access")
    RELOCATED = "relocated", _("Relocated")
    CLOSED = "closed", _("Closed")
    OTHER = "other", _("Other")
