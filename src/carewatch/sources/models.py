"""Sources, the reports they make (immutable), attached files and the figures they state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.lib.common import ImmutableModel, TimeStamped
from carewatch.sources.choices import (
    PUBLIC_SOURCE_TYPES,
    FigureMeasure,
    FigurePopulation,
    Language,
    QuotePublication,
    Reliability,
    ReportKind,
    SourceType,
    figure_may_be_published,
)


class Source(TimeStamped):
    """Who tells us: a field team, an NGO, a UN agency, a dataset, a news outlet."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    source_type = models.CharField(_("type"), max_length=32, choices=SourceType.choices)
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_generated = models.BooleanField(_("generated demo data"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def public_label(self) -> str:
        """How public pages name this source: organisations by name, people by their type only."""
        return (
            self.name
            if self.source_type in PUBLIC_SOURCE_TYPES
            else str(self.get_source_type_display())
        )


class Report(ImmutableModel):
    """One thing a source said or published, kept exactly as received (never edited)."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=32, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    original_text = models.TextField(_("original text"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    published_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    informant_name = models.CharField(_("informant or witness name"), max_length=200, blank=True)
    informant_contact = models.CharField(
        _("informant or witness contact"), max_length=200, blank=True
    )
    #: Not indexed: nothing looks reports up by it, and a million-row import wrote a random-keyed index for it.
    content_sha256 = models.CharField(max_length=64)
    dataset_key = models.CharField(_("dataset's own ID"), max_length=120, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        # An index of its own (db_index would add a second, LIKE-pattern, index on PostgreSQL,
        # which nothing uses): imports look up the dataset IDs of each batch by equality.
        indexes = [models.Index(fields=["dataset_key"], name="sources_report_dataset_key")]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.pk}"


class Attachment(ImmutableModel):
    """A file attached to a report, stored content-addressed by its SHA-256."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField(max_length=64, db_index=True)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(
        max_length=100, help_text="The type the file's bytes show, not the uploader's claim."
    )
    size = models.PositiveBigIntegerField()
    shared_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="Digest of the metadata-free shareable copy (images only).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Figure(ImmutableModel):
    """A number a source states ("450 civilians killed – White Helmets"), with its scope and quote."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="figures")
    quantity = models.PositiveBigIntegerField(_("quantity"))
    quantity_high = models.PositiveBigIntegerField(_("upper bound"), null=True, blank=True)
    measure = models.CharField(_("measure"), max_length=40, choices=FigureMeasure.choices)
    population = models.CharField(_("population"), max_length=40, choices=FigurePopulation.choices)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT)
    place_text = models.CharField(_("place as stated"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    quote = models.TextField(_("quote"))
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=QuotePublication.choices,
        default=QuotePublication.BY_KIND,
        help_text="Whether the figure and its quote may be published (sources.selectors.public_figures).",
    )
    attributed_to = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributed_figures",
        help_text="Who the report attributes the number to, when it quotes another source.",
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]

    @property
    def published(self) -> bool:
        """Whether public pages may show this figure and its quote."""
        return figure_may_be_published(self.report.kind, self.publication)

    @property
    def stated_by(self) -> Source:
        """The source the figure is credited to: the quoted one, else the report's."""
        return self.attributed_to or self.report.source

    def __str__(self) -> str:
        return f"{self.quantity} {self.get_measure_display()}"
