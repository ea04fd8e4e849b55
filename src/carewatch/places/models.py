"""The gazetteer: administrative units identified by p-code (OCHA COD-AB)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carewatch.places.choices import AdminLevel


class Place(models.Model):
    """An administrative unit (country, governorate, district, sub-district)."""

    pcode = models.CharField(_("p-code"), max_length=20, unique=True)
    country = models.CharField(max_length=2, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["pcode"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Arabic for Arabic pages, English otherwise)."""
        return (
            self.name_ar
            if (get_language() or "").startswith("ar") and self.name_ar
            else self.name_en
        )

    def ancestor_at(self, level: int) -> Place | None:
        node: Place | None = self
        while node is not None and node.level > level:
            node = node.parent
        return node if node is not None and node.level == level else None


class PlaceOutline(models.Model):
    """A place's simplified boundary (GeoJSON geometry), kept apart from the place: only the place
    API's detail reads it, and loaded with every place a page shows (a district's is ~3 KB of JSON
    to parse) it cost the pages more than their own rows."""

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, related_name="outline"
    )
    geometry = models.JSONField(help_text="Simplified GeoJSON geometry for web maps.")

    def __str__(self) -> str:
        return f"outline of {self.place_id}"


class PlaceAlias(models.Model):
    """An alternative spelling of a place (``Idleb``/``Idlib``, Arabic forms)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=160)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="unique_place_alias")]

    def __str__(self) -> str:
        return self.name
