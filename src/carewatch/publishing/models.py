"""Monthly bulletins: a draft written per language around figures computed from the records,
frozen when a communications officer approves it (docs/publishing.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.publishing.choices import BulletinState, Language, PublicationKind


class Bulletin(models.Model):
    """One bulletin for a period and a scope (the country, or one governorate). Its ``numbers``
    are empty while it is a draft (the page computes them live) and frozen at approval, with the
    data version and the questions they answer: a published bulletin never changes. A correction
    is a new bulletin (``corrects``) that says what changed."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=PublicationKind.choices, default=PublicationKind.BULLETIN
    )
    slug = models.SlugField(_("address"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    dateline = models.CharField(
        _("dateline place"), max_length=80, blank=True, help_text=_("A press release's: “Paris”.")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    governorate = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("governorate"),
    )
    compare_with = models.ManyToManyField(
        "stats.NamedPeriod", blank=True, related_name="+", verbose_name=_("compare with")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    numbers = models.JSONField(_("figures as published"), null=True, blank=True)
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    correction_note = models.TextField(_("what this version corrects"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="bulletin_slug_version"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="bulletin_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"


class BulletinText(models.Model):
    """A bulletin's words in one language: its title, a lead and a closing paragraph. The figures
    between them come from the records."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    quote = models.TextField(_("quote"), blank=True)
    quote_by = models.CharField(_("quoted speaker, with their role"), max_length=200, blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "language"], name="bulletin_text_language")
        ]

    def __str__(self) -> str:
        return self.title


class OrganisationProfile(models.Model):
    """Who publishes: the name, the "About" paragraph per language and the press contact a press
    release ends with (one profile per instance; frozen into each release when it is approved)."""

    name = models.CharField(_("name"), max_length=200)
    about_en = models.TextField(_("about (English)"), blank=True)
    about_fr = models.TextField(_("about (French)"), blank=True)
    about_ar = models.TextField(_("about (Arabic)"), blank=True)
    contact_name = models.CharField(_("press contact"), max_length=200, blank=True)
    contact_role = models.CharField(_("press contact's role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("press contact's email"), blank=True)
    contact_phone = models.CharField(_("press contact's phone"), max_length=40, blank=True)
    logo_png = models.BinaryField(_("logo (PNG)"), blank=True, default=b"")

    def __str__(self) -> str:
        return self.name

    def frozen(self) -> dict[str, str]:
        return {
            f: str(getattr(self, f))
            for f in (
                "name",
                "about_en",
                "about_fr",
                "about_ar",
                "contact_name",
                "contact_role",
                "contact_email",
                "contact_phone",
            )
        }
