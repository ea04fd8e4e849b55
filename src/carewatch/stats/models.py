"""Named periods (agreements, offensives) that statistics compare and charts annotate, and the
version number that keys cached aggregates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carewatch.lib.common import TimeStamped
from carewatch.stats.choices import EstimateKind, EstimateMethod, EstimateState, PeriodKind


class NamedPeriod(TimeStamped):
    """A dated event or stretch of time with a name in three languages, e.g. an agreement's date.

    ``end`` is empty for an event on one day (an agreement signed); comparisons then look at
    equal windows before and after ``start``.
    """

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.AGREEMENT
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    source_url = models.URLField(_("reference"), blank=True)

    class Meta:
        ordering = ["start", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="named_period_ordered",
            ),
        ]

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return {"fr": self.name_fr, "ar": self.name_ar}.get(language) or self.name_en

    def __str__(self) -> str:
        return self.name_en


class StatsVersion(models.Model):
    """One row whose token changes with every audited change: the key of cached aggregates.

    Kept in the database (not the cache) so that every server process sees the same token and a
    rolled-back transaction rolls the change back with the data. A fresh random token rather than
    a counter, so that a token written in a rolled-back transaction is never given again to other data.
    """

    token = models.CharField(max_length=32, default="initial")

    def __str__(self) -> str:
        return f"statistics version {self.token}"


class EstimateRun(models.Model):
    """One estimate of the undocumented, asked for from the Estimates page and run by the worker:
    the lists (sources) and the stratum chosen, the capture-pattern table, the result, and whether
    it is published on the dashboard (with its method note)."""

    kind = models.CharField(_("what is counted"), max_length=16, choices=EstimateKind.choices)
    method = models.CharField(_("method"), max_length=16, choices=EstimateMethod.choices)
    source_ids = models.JSONField(_("lists"), default=list)
    list_names = models.JSONField(default=list)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    governorate = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    profession = models.CharField(_("profession"), max_length=24, blank=True)
    seed = models.PositiveIntegerField(default=1)
    state = models.CharField(
        _("state"), max_length=16, choices=EstimateState.choices, default=EstimateState.QUEUED
    )
    patterns = models.JSONField(default=list, help_text="[[0/1 per list…, count], …]")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    method_note = models.TextField(_("method note"), blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"estimate {self.pk} ({self.kind}, {self.state})"
