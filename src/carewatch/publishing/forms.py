"""Staff forms for bulletins: a new draft (a month and a scope), its words per language,
a correction's note."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from carewatch.lib.fields import DayInput
from carewatch.places.models import Place
from carewatch.publishing.logo import LOGO_BYTES, LogoRefused, logo_png
from carewatch.stats.models import NamedPeriod


class BulletinForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        help_text=_("The month the bulletin covers (YYYY-MM)."),
        widget=forms.TextInput(attrs={"type": "month", "dir": "ltr"}),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate (empty: the whole country)"),
        queryset=Place.objects.none(),
        required=False,
    )
    compare_with = forms.ModelMultipleChoiceField(
        label=_("Compare with these named periods"),
        queryset=NamedPeriod.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        governorates: QuerySet[Place],
        periods: QuerySet[NamedPeriod],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governorate"].queryset = governorates  # type: ignore[attr-defined]
        self.fields["compare_with"].queryset = periods  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[dt.date, dt.date]:
        raw = self.cleaned_data["month"].strip()
        try:
            first = dt.date.fromisoformat(f"{raw}-01")
        except ValueError:
            raise ValidationError(_("Give a month as YYYY-MM, e.g. 2017-09.")) from None
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if first > dt.date.today():
            raise ValidationError(_("This month has not begun."))
        return first, last


class BulletinTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    lead = forms.CharField(
        label=_("Lead"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    closing = forms.CharField(
        label=_("Closing paragraph"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("What does this version correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the corrected bulletin, beside what changed in its figures."),
    )


class MemorialListForm(forms.Form):
    """Which names a memorial list reads, and in what order."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    date_from = forms.DateField(label=_("Killed from"), widget=DayInput())
    date_to = forms.DateField(label=_("Killed until"), widget=DayInput())
    governorate = forms.ModelChoiceField(
        label=_("Governorate (empty: the whole country)"),
        queryset=Place.objects.none(),
        required=False,
    )
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("date", _("Date of death")),
            ("place", _("Place")),
            ("latin", _("Name, Latin script")),
            ("arabic", _("Name, Arabic script")),
        ],
    )

    def __init__(self, *args: Any, governorates: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governorate"].queryset = governorates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The period ends before it starts."))
        return data


class ReleaseForm(forms.Form):
    day = forms.DateField(label=_("Date of the release"), widget=DayInput())
    dateline = forms.CharField(
        label=_("Dateline place"), max_length=80, help_text=_("Where it is issued from: “Paris”.")
    )


class ReleaseTextForm(BulletinTextForm):
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text=_("A figure from the records: {{ measure year }}, e.g. {{ killed_hw 2017 }}."),
    )
    quote = forms.CharField(
        label=_("Quote"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    quote_by = forms.CharField(
        label=_("Quoted speaker, with their role"), max_length=200, required=False
    )
    field_order = ["title", "lead", "body", "quote", "quote_by", "closing"]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    about_en = forms.CharField(
        label=_("About (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    about_fr = forms.CharField(
        label=_("About (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    about_ar = forms.CharField(
        label=_("About (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl"}),
        required=False,
    )
    contact_name = forms.CharField(label=_("Press contact"), max_length=200, required=False)
    contact_role = forms.CharField(label=_("Press contact's role"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Press contact's email"), required=False)
    contact_phone = forms.CharField(label=_("Press contact's phone"), max_length=40, required=False)
    logo = forms.FileField(
        label=_("Logo (PNG or JPEG, at most 512 KB)"),
        required=False,
        help_text=_("Kept as a PNG without the file's metadata; shown on press releases."),
    )

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_BYTES:
            raise ValidationError(_("This file is larger than 512 KB."))
        try:
            return logo_png(upload.read())
        except LogoRefused:
            raise ValidationError(_("This is not a PNG or JPEG image.")) from None
