"""Vocabularies of the supplies app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedState(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
