"""Medical supplies: a catalogue of items grouped as WHO's essential lists group them, stock
reports per facility, thresholds, alerts, and needs an appeal may cite (docs/supplies.md).

A stock report names a facility, and a facility's name and place are documentation data read
under its rules. A **need** is what may leave: an item group, a quantity and a governorate —
never a facility, its name or its point."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.facilities.models import Facility
from carewatch.places.models import Place
from carewatch.supplies.choices import NeedState


class ItemGroup(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("names per language"))
    source = models.CharField(_("grouped as"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.code


class Item(models.Model):
    group = models.ForeignKey(ItemGroup, on_delete=models.PROTECT, related_name="items")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("names per language"))
    unit = models.CharField(_("unit"), max_length=40)

    class Meta:
        ordering = ["group__position", "code"]

    def __str__(self) -> str:
        return self.code

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.code


class StockReport(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stock_reports")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reports")
    quantity = models.DecimalField(_("quantity in stock"), max_digits=12, decimal_places=2)
    daily_use = models.DecimalField(_("used per day"), max_digits=12, decimal_places=2)
    reported_on = models.DateField(_("counted on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)
    submission = models.CharField(_("form submission"), max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["facility", "item", "-reported_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=~models.Q(submission=""),
                name="one_count_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"stock report #{self.pk}"

    @property
    def days_left(self) -> float | None:
        return float(self.quantity / self.daily_use) if self.daily_use > 0 else None


class Threshold(models.Model):
    """Alert when an item will run out within ``days`` (for one facility, or every facility)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="thresholds")
    facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("alert when fewer days are left than"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "facility"], name="one_threshold_each")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.days} days"


class Need(models.Model):
    """What an appeal may cite: an item group, a quantity and a governorate, nothing more."""

    group = models.ForeignKey(ItemGroup, on_delete=models.PROTECT, related_name="needs")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=0)
    unit = models.CharField(_("unit"), max_length=40)
    governorate = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=6, choices=NeedState.choices, default=NeedState.OPEN
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    def __str__(self) -> str:
        return f"need #{self.pk}"


class Alert(models.Model):
    """A stock report under its threshold, for the people responsible; it raised a need."""

    report = models.OneToOneField(StockReport, on_delete=models.CASCADE, related_name="alert")
    days_left = models.DecimalField(_("days left"), max_digits=8, decimal_places=1)
    threshold = models.PositiveSmallIntegerField(_("threshold (days)"))
    need = models.ForeignKey(Need, null=True, on_delete=models.SET_NULL, related_name="alerts")
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)

    def __str__(self) -> str:
        return f"alert #{self.pk}"
