"""Incidents (consolidated attacks on health care) and incident records (what one report says)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.incidents.choices import (
    CasualtyMeasure,
    Certainty,
    ClaimConfidence,
    DatePrecision,
    FacilityDamage,
    LocationType,
    PerpetratorCategory,
    ServiceInterruption,
    TagKind,
    WorkflowState,
)
from carewatch.lib.common import ImmutableModel, TimeStamped
from carewatch.places.choices import LocationPrecision
from carewatch.sources.choices import ReportKind
from carewatch.sources.rows import dataset_row_values
from carewatch_core.counts import Count


class Incident(TimeStamped):
    """One attack on health care, consolidated from the records that report it."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("summary"), max_length=300)
    date_start = models.DateField(_("date"), db_index=True)
    date_end = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.PositiveSmallIntegerField(
        _("date precision"), choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("place")
    )
    governorate = models.ForeignKey(
        "places.Place", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    district = models.ForeignKey(
        "places.Place", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    exact_lat = models.FloatField(_("exact latitude"), null=True, blank=True)
    exact_lon = models.FloatField(_("exact longitude"), null=True, blank=True)
    location_precision = models.PositiveSmallIntegerField(
        _("location precision"),
        choices=LocationPrecision.choices,
        default=LocationPrecision.DISTRICT,
    )
    location_type = models.CharField(
        _("location type"),
        max_length=32,
        choices=LocationType.choices,
        default=LocationType.HEALTH_BUILDING,
    )
    facilities = models.ManyToManyField(
        "facilities.Facility", blank=True, related_name="incidents", verbose_name=_("facilities")
    )
    facility_damage = models.CharField(
        _("facility damage"),
        max_length=16,
        choices=FacilityDamage.choices,
        default=FacilityDamage.UNKNOWN,
    )
    service_interruption = models.CharField(
        _("service interruption"),
        max_length=16,
        choices=ServiceInterruption.choices,
        default=ServiceInterruption.UNKNOWN,
    )
    interruption_from = models.DateField(_("interrupted from"), null=True, blank=True)
    interruption_until = models.DateField(_("interrupted until"), null=True, blank=True)
    certainty = models.CharField(
        _("certainty"),
        max_length=16,
        choices=Certainty.choices,
        default=Certainty.POSSIBLE,
        db_index=True,
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=WorkflowState.choices,
        default=WorkflowState.SUBMITTED,
        db_index=True,
    )
    state_reason = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    narrative = models.TextField(_("narrative"), blank=True)
    narrative_language = models.CharField(_("narrative language"), max_length=8, blank=True)
    search_key = models.TextField(blank=True)
    is_generated = models.BooleanField(_("generated demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            models.Index(fields=["assigned_to", "state"]),
            models.Index(fields=["state", "certainty", "date_start"]),
            models.Index(fields=["governorate", "date_start"]),
        ]

    def tag_codes(self, kind: str) -> list[str]:
        return sorted(t.code for t in self.tags.all() if t.kind == kind)

    @property
    def attack_types(self) -> list[str]:
        return self.tag_codes(TagKind.ATTACK_TYPE)

    @property
    def weapons(self) -> list[str]:
        return self.tag_codes(TagKind.WEAPON)

    @property
    def resources(self) -> list[str]:
        return self.tag_codes(TagKind.RESOURCE)

    def counts(self) -> dict[str, Count]:
        return {c.measure: Count(c.low, c.high) for c in self.casualties.all()}

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class IncidentTag(models.Model):
    """One value of a multi-valued vocabulary (attack type, resource, weapon) on an incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16, choices=TagKind.choices)
    code = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind", "code"], name="unique_incident_tag")
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class CasualtyCount(models.Model):
    """A count on an incident; no row means unknown (never zero). ``high`` set means a range."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="casualties")
    measure = models.CharField(max_length=24, choices=CasualtyMeasure.choices)
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "measure"], name="unique_casualty_measure"),
            models.CheckConstraint(
                condition=models.Q(high__isnull=True) | models.Q(high__gte=models.F("low")),
                name="casualty_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}={Count(self.low, self.high).display()}"


class PerpetratorClaim(models.Model):
    """An alleged perpetrator: a claim with its own source and confidence, not a fact."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="perpetrator_claims"
    )
    category = models.CharField(
        _("perpetrator"), max_length=24, choices=PerpetratorCategory.choices
    )
    name = models.CharField(_("named as"), max_length=200, blank=True)
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, verbose_name=_("attributed by")
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=16,
        choices=ClaimConfidence.choices,
        default=ClaimConfidence.ALLEGED,
    )

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.source})"


class IncidentRecord(ImmutableModel):
    """What one report says about one incident, in that source's words and values."""

    report = models.ForeignKey(
        "sources.Report", on_delete=models.PROTECT, related_name="incident_records"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    date = models.DateField(null=True, blank=True)
    date_precision = models.PositiveSmallIntegerField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_text = models.CharField(max_length=200, blank=True)
    place_confidence = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    facility_text = models.CharField(max_length=200, blank=True)
    attack_types = models.JSONField(default=list, blank=True)
    weapons = models.JSONField(default=list, blank=True)
    counts = models.JSONField(
        default=dict, blank=True, help_text="measure → [low, high]; absent = unknown"
    )
    perpetrator_text = models.CharField(max_length=200, blank=True)
    certainty = models.CharField(max_length=16, choices=Certainty.choices, blank=True)
    description = models.TextField(blank=True)
    values = models.JSONField(
        default=dict, blank=True, help_text="The source's own values, as received."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def count_of(self, measure: str) -> Count:
        pair = self.counts.get(measure)
        return Count(pair[0], pair[1]) if pair else Count()

    @property
    def source_values(self) -> dict[str, Any]:
        """The source's own values as received. An imported row keeps them once, in its report
        (``carewatch.sources.rows``); older imports also copied them into ``values["source"]``."""
        if "source" in self.values:
            return dict(self.values["source"])
        if self.report.kind == ReportKind.DATASET_ROW:
            return dataset_row_values(self.report.original_text) or {}
        return {}

    def __str__(self) -> str:
        return f"record {self.pk} of report {self.report_id}"


class SavedSearch(models.Model):
    """A user's named filters of the incident list (their own; nobody else sees them)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unique_saved_search_name")
        ]

    def __str__(self) -> str:
        return self.name
