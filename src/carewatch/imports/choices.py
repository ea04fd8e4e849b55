"""Import vocabularies: run status and row problem severity."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed: nothing imported")
    DRY_RUN = "dry_run", _("Trial run: nothing imported")
    INTERRUPTED = "interrupted", _("Interrupted: nothing imported")


class IssueSeverity(models.TextChoices):
    FLAGGED = "flagged", _("Taken, with a note")
    REJECTED = "rejected", _("Not taken")
