"""The notices' vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Why(models.TextChoices):
    """Why a change reached someone."""

    SUBMITTED = "submitted", _("You submitted it")
    ASSIGNED = "assigned", _("Assigned to you")


class ByEmail(models.TextChoices):
    """When a user's notices are also sent by email."""

    NEVER = "never", _("Never: only here")
    EACH = "each", _("As they come (one message per batch of changes)")
    DAILY = "daily", _("Once a day, a summary")
