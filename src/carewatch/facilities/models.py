"""Health facilities, their aliases ("M2", "M10") and their status timeline."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carewatch.facilities.choices import (
    AliasKind,
    FacilityStatus,
    FacilitySubtype,
    FacilityType,
    StatusCause,
)
from carewatch.lib.common import TimeStamped


class Facility(TimeStamped):
    """A health facility. Its exact coordinates are restricted; the public see only ``place``'s centre."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    facility_type = models.CharField(_("type"), max_length=32, choices=FacilityType.choices)
    subtype = models.CharField(
        _("subtype"), max_length=32, choices=FacilitySubtype.choices, blank=True
    )
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    supporting_organisations = models.CharField(
        _("supporting organisations"), max_length=300, blank=True
    )
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    services = models.TextField(_("services"), blank=True)
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="facilities", verbose_name=_("place")
    )
    exact_lat = models.FloatField(_("exact latitude"), null=True, blank=True)
    exact_lon = models.FloatField(_("exact longitude"), null=True, blank=True)
    search_key = models.CharField(max_length=600, blank=True, db_index=True)
    is_generated = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name_latin", "name_ar"]
        verbose_name_plural = "facilities"

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("ar"):
            return self.name_ar or self.name_latin
        return self.name_latin or self.name_ar

    def status_on(self, day: datetime.date) -> FacilityStatusEntry | None:
        """The latest status recorded on or before ``day`` ("out of service" is a query, not a flag)."""
        return self.statuses.filter(date__lte=day).order_by("-date", "-id").first()

    def __str__(self) -> str:
        return self.name


class FacilityAlias(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AliasKind.choices, default=AliasKind.ALIAS
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="unique_facility_alias")
        ]

    def __str__(self) -> str:
        return self.name


class FacilityStatusEntry(models.Model):
    """A dated status of a facility, with its cause and the report it came from."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("status"), max_length=20, choices=FacilityStatus.choices)
    cause = models.CharField(_("cause"), max_length=20, choices=StatusCause.choices, blank=True)
    date = models.DateField(_("date"))
    report = models.ForeignKey("sources.Report", null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["facility", "date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"
