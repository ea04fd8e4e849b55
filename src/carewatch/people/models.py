"""People (health workers and other victims), what happened to them, and person records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carewatch.lib.common import ImmutableModel, TimeStamped
from carewatch.people.choices import Fate, MemorialClearance, Profession, Sex


class Person(TimeStamped):
    """A consolidated person. Names stay as given; search keys are computed, never shown."""

    name_ar = models.CharField(_("name (Arabic script)"), max_length=200, blank=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_high = models.PositiveSmallIntegerField(_("age (upper bound)"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    profession = models.CharField(
        _("profession"), max_length=24, choices=Profession.choices, default=Profession.OTHER
    )
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    affiliation = models.CharField(_("organisation"), max_length=200, blank=True)
    facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("facility"),
    )
    home_place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home place"),
    )
    family_details = models.TextField(_("family details"), blank=True)
    memorial_clearance = models.CharField(
        _("memorial clearance"),
        max_length=16,
        choices=MemorialClearance.choices,
        default=MemorialClearance.NOT_CLEARED,
    )
    cleared_by = models.CharField(_("cleared by"), max_length=200, blank=True)
    cleared_at = models.DateField(_("cleared on"), null=True, blank=True)
    search_key = models.CharField(max_length=600, blank=True, db_index=True)
    # Set when a reviewer found this person to be the same as another (carewatch.linkage): the
    # person then drops out of lists and counts, and un-merging clears it again.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    is_generated = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name_latin", "name_ar"]
        verbose_name_plural = "people"

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("ar"):
            return self.name_ar or self.name_latin
        return self.name_latin or self.name_ar

    @property
    def is_health_worker(self) -> bool:
        return self.profession != Profession.NOT_HEALTH_WORKER

    @property
    def is_cleared(self) -> bool:
        return self.memorial_clearance != MemorialClearance.NOT_CLEARED

    def __str__(self) -> str:
        return self.name


class PersonFate(models.Model):
    """What happened to a person in an incident (killed, injured, abducted…)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="fates")
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="fates"
    )
    fate = models.CharField(_("fate"), max_length=16, choices=Fate.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_fate_display()}"


class PersonRecord(ImmutableModel):
    """What one report says about one person, with the names exactly as that source gives them."""

    report = models.ForeignKey(
        "sources.Report", on_delete=models.PROTECT, related_name="person_records"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    name_ar = models.CharField(max_length=200, blank=True)
    name_latin = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    age_text = models.CharField(max_length=40, blank=True)
    profession_text = models.CharField(max_length=120, blank=True)
    fate = models.CharField(max_length=16, choices=Fate.choices, blank=True)
    date = models.DateField(null=True, blank=True)
    place_text = models.CharField(max_length=200, blank=True)
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name_latin or self.name_ar
