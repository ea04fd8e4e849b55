"""Vocabularies of the supporters app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("The address does not work (hard bounce)")
    COMPLAINT = "complaint", _("The recipient reported a message as spam")
    UNSUBSCRIBED = "unsubscribed", _("The recipient asked for no more mail")
    STAFF = "staff", _("Suppressed by staff")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("May be contacted about the campaign")
    NEWSLETTER = "newsletter", _("Receives the newsletter")
    NAME_TO_TARGETS = "name_to_targets", _("Name given to a petition's targets")
    EVENT_UPDATES = "event_updates", _("Receives updates about an event")
