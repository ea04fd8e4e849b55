"""Import runs, the problems found in their rows, and users' saved column/value mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.imports.choices import IssueSeverity, RunStatus
from carewatch.imports.messages import describe
from carewatch_core.imports.profiles import PROFILES


class ImportRun(models.Model):
    """One import of one file: what was read, what it changed, and where its error report is.

    The run row is written before the data and completed after, outside the data's
    transaction, so a failed or killed import still leaves its trace (status ``running``
    with no ``finished_at`` means the process stopped before the end; nothing of its data
    was kept). A run whose worker process is gone is marked ``interrupted``
    (``carewatch.imports.housekeeping``): ``worker`` says which process ran it.
    """

    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"))
    profile = models.CharField(_("profile"), max_length=40)
    mapping = models.ForeignKey(
        "SavedMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    source = models.ForeignKey(
        "sources.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_runs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    #: The file's header row as read: an imported row's report keeps only its cells, in this order
    #: (docs/decisions/0010-import-rows-as-cells.md).
    columns = models.JSONField(_("columns"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    dry_run = models.BooleanField(_("trial run"), default=False)
    valid_rows_only = models.BooleanField(_("valid rows only"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    message = models.TextField(_("message"), blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_flagged = models.PositiveIntegerField(_("flagged"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected"), default=0)
    error_report = models.CharField(_("error report"), max_length=500, blank=True)
    worker = models.CharField(
        _("worker"),
        max_length=120,
        blank=True,
        help_text="host:pid of the process running the import",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.profile}, {self.get_status_display()})"

    @property
    def profile_label(self) -> str:
        """The profile's name for people ("WHO Surveillance System … (who_ssa)"), or its code if it is gone."""
        profile = PROFILES.get(self.profile)
        return f"{profile.label} ({self.profile})" if profile else self.profile

    def summary(self) -> dict[str, object]:
        """The figures ``carewatch import --json`` prints."""
        return {
            "run": self.pk,
            "status": self.status,
            "read": self.rows_read,
            "new": self.rows_new,
            "changed": self.rows_changed,
            "unchanged": self.rows_unchanged,
            "flagged": self.rows_flagged,
            "rejected": self.rows_rejected,
            "error_report": self.error_report or None,
        }


class ImportRowError(models.Model):
    """One problem in one row of an import (the first ``MAX_STORED`` per run; the CSV report has all)."""

    MAX_STORED = 10_000

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=200, blank=True)
    value = models.TextField(_("value"), blank=True)
    code = models.CharField(_("reason code"), max_length=40)
    severity = models.CharField(_("severity"), max_length=16, choices=IssueSeverity.choices)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "row", "id"]

    def __str__(self) -> str:
        return f"row {self.row}: {self.code}"

    def reason(self) -> str:
        """The problem in the active language."""
        return describe(self.code, self.params)


class SavedMapping(models.Model):
    """A user's mapping on top of a built-in profile: column → field and value → vocabulary code."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    profile = models.CharField(_("profile"), max_length=40)
    columns = models.JSONField(
        _("columns"), default=dict, blank=True, help_text="field → column header"
    )
    values = models.JSONField(
        _("values"), default=dict, blank=True, help_text="field → {value → code}"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
