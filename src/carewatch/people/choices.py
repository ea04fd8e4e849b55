"""Person vocabularies: sex, profession, fate, memorial clearance."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class Profession(models.TextChoices):
    DOCTOR = "doctor", _("Doctor")
    SURGEON = "surgeon", _("Surgeon")
    NURSE = "nurse", _("Nurse")
    MIDWIFE = "midwife", _("Midwife")
    PHARMACIST = "pharmacist", _("Pharmacist")
    DENTIST = "dentist", _("Dentist")
    PARAMEDIC = "paramedic", _("Paramedic or first responder")
    AMBULANCE_DRIVER = "ambulance_driver", _("Ambulance driver")
    TECHNICIAN = "technician", _("Laboratory or radiology technician")
    MEDICAL_STUDENT = "medical_student", _("Medical student")
    MENTAL_HEALTH = "mental_health", _("Psychologist or mental-health worker")
    SUPPORT_STAFF = "support_staff", _("Administrative or support staff")
    OTHER = "other", _("Other")
    NOT_HEALTH_WORKER = "not_health_worker", _("Not a health worker")


class Fate(models.TextChoices):
    KILLED = "killed", pgettext_lazy("fate", "Killed")
    INJURED = "injured", pgettext_lazy("fate", "Injured")
    ABDUCTED = "abducted", _("Abducted")
    ARRESTED = "arrested", _("Arrested or detained")
    DISAPPEARED = "disappeared", _("Disappeared")
    THREATENED = "threatened", _("Threatened")
    ASSAULTED = "assaulted", _("Assaulted")


class MemorialClearance(models.TextChoices):
    NOT_CLEARED = "not_cleared", _("Not cleared")
    CLEARED = "cleared", _("Cleared by family or organisation")
    PUBLIC_RECORD = "public_record", _("Public record")
