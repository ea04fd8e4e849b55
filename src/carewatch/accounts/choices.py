"""Roles (docs/domain.md): what a signed-in person may do is decided by their role."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_DOCUMENTER = "field_documenter", _("Field documenter")
    VERIFIER = "verifier", _("Verifier")
    ANALYST = "analyst", _("Analyst")
    COMMUNICATIONS = "communications", _("Communications")
    CAMPAIGNER = "campaigner", _("Campaigner")
    ADMINISTRATOR = "administrator", _("Administrator")
