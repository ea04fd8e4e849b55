"""Forms for sources, reports (with an attached file) and figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from carewatch.lib.fields import DayInput, not_in_future
from carewatch.places.fields import PlaceField
from carewatch.sources.choices import (
    FigureMeasure,
    FigurePopulation,
    Language,
    QuotePublication,
    Reliability,
    ReportKind,
    SourceType,
)
from carewatch.sources.models import Source
from carewatch.sources.selectors import source_name_taken


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    source_type = forms.ChoiceField(label=_("Type"), choices=SourceType.choices)
    reliability = forms.ChoiceField(
        label=_("Reliability"), choices=Reliability.choices, initial=Reliability.F
    )
    url = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Source | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if source_name_taken(name, self.instance.pk if self.instance is not None else None):
            raise ValidationError(_("A source with this name already exists."))
        return name


class ReportForm(forms.Form):
    """A report exactly as received: its text, date, link and optionally the original file."""

    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none())

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    published_on = forms.DateField(
        label=_("Date"), required=False, validators=[not_in_future], widget=DayInput()
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    original_text = forms.CharField(
        label=_("Original text"), widget=forms.Textarea, required=False, max_length=500000
    )
    attachment = forms.FileField(label=_("Original file (optional)"), required=False)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > settings.CAREWATCH_MAX_ATTACHMENT_BYTES:
            limit = settings.CAREWATCH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
            raise ValidationError(
                _("This file is too large (the limit is %(limit)s MB).") % {"limit": limit}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("original_text", "").strip()
            and not data.get("attachment")
            and not data.get("url")
        ):
            raise ValidationError(_("Give the report's text, its file or its link."))
        return data


class FigureForm(forms.Form):
    """A number a report states, with the exact quote: figures are never shown without attribution."""

    quantity = forms.IntegerField(label=_("Number"), min_value=0, max_value=10**12)
    quantity_high = forms.IntegerField(
        label=_("Upper bound (if a range)"), min_value=0, required=False
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=FigureMeasure.choices)
    population = forms.ChoiceField(label=_("Population"), choices=FigurePopulation.choices)
    place = PlaceField(required=False)
    place_text = forms.CharField(label=_("Place as stated"), max_length=200, required=False)
    period_start = forms.DateField(label=_("Period start"), required=False, widget=DayInput())
    period_end = forms.DateField(label=_("Period end"), required=False, widget=DayInput())
    attributed_to = forms.ModelChoiceField(
        label=_("Attributed to (if the report quotes another source)"),
        queryset=Source.objects.none(),
        required=False,
    )
    quote = forms.CharField(
        label=_("Exact quote"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    publication = forms.ChoiceField(
        label=_("May it be published?"),
        choices=QuotePublication.choices,
        initial=QuotePublication.BY_KIND,
        required=False,
        help_text=_(
            "Published reports (press releases, newsletters, news articles, "
            "datasets): yes. Statements, interviews and others: no. A field "
            "form's figures are never public."
        ),
    )

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attributed_to"].queryset = sources  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("quantity"), data.get("quantity_high")
        if low is not None and high is not None and high < low:
            self.add_error("quantity_high", _("The upper bound is below the number."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if not data.get("publication"):
            data["publication"] = QuotePublication.BY_KIND
        return data

    def scope(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = (
            "quantity_high",
            "place",
            "place_text",
            "period_start",
            "period_end",
            "attributed_to",
            "publication",
        )
        return {k: data[k] for k in keys}


class ProposedFigureForm(FigureForm):
    """One figure read from a report's text, as proposed: recorded as corrected, or dropped."""

    record = forms.BooleanField(label=_("Record this figure"), required=False)
    named_source = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    field_order = ["record"]  # the choice first, then the figure's fields as on the form by hand

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("record"):
            self._errors = ErrorDict()  # a dropped proposal is not checked: nothing of it is kept


def proposal_formset(count: int) -> type[forms.BaseFormSet[ProposedFigureForm]]:
    return forms.formset_factory(
        ProposedFigureForm,
        extra=0,
        max_num=count,
        absolute_max=count,
        validate_max=True,
    )
