"""Publishing vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected by a later version")


class Language(models.TextChoices):
    """The languages a bulletin is written in."""

    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class PublicationKind(models.TextChoices):
    BULLETIN = "bulletin", _("Monthly bulletin")
    PRESS_RELEASE = "press_release", _("Press release")
