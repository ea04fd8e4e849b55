"""The public gift form, staff's form for a gift received offline, and the void form. Forms never
read the database: the appeals come from the view."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from carewatch.donations.choices import AppealStatus, Frequency, Method
from carewatch.lib.fields import DayInput
from carewatch.supporters.forms_public import GuardedForm

CONTACT_WORDS = _("Yes, you may email me about this campaign and how it goes. (Optional)")
OFFLINE = [(m, label) for m, label in Method.choices if m != Method.CARD]


def _countries() -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


class GiveForm(GuardedForm):
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("1"), max_value=Decimal("100000"), decimal_places=2
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.ONE_OFF,
    )
    name = forms.CharField(label=_("Your name (as on the receipt)"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    country = forms.ChoiceField(label=_("Country where you pay tax"), choices=_countries)
    address = forms.CharField(
        label=_("Your postal address (for the tax receipt)"),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    contact = forms.BooleanField(label=CONTACT_WORDS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "name"})
        self.fields["amount"].widget.attrs.update({"dir": "ltr", "inputmode": "decimal"})


class OfflineGiftForm(forms.Form):
    email = forms.EmailField(label=_("Donor's email"), max_length=254)
    name = forms.CharField(label=_("Donor's name"), max_length=200)
    country = forms.ChoiceField(label=_("Donor's country"), choices=_countries)
    address = forms.CharField(
        label=_("Donor's postal address"),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=Decimal("0.01"),
        max_value=Decimal("10000000"),
        decimal_places=2,
    )
    currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Z]{3}$", initial="EUR", max_length=3
    )
    method = forms.ChoiceField(label=_("Means"), choices=OFFLINE)
    received_on = forms.DateField(label=_("Received on"), widget=DayInput())
    appeal = forms.TypedChoiceField(label=_("Appeal"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label=_("Note (reference of the transfer or cheque)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, appeals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appeal"].choices = [("", "—"), *appeals]  # type: ignore[attr-defined]


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why (kept with the receipt)"), max_length=300)


class AppealForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address (/appeals/…/)"),
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=AppealStatus.choices)
    goal = forms.DecimalField(
        label=_("Goal"), min_value=Decimal("1"), max_value=Decimal("1000000000"), decimal_places=2
    )
    currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Z]{3}$", initial="EUR", max_length=3
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DayInput())
    needs = forms.TypedMultipleChoiceField(
        label=_("The needs it answers (governorate level)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, taken: Any, needs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken
        self.fields["needs"].choices = needs  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if self.taken.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another appeal has this address."))
        return slug


class AppealTextForm(forms.Form):
    """An appeal's words in one language (no title: not written in it)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    story = forms.CharField(
        label=_("Story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Live figures: {{ measure year }}, e.g. {{ killed_hw 2017 }}."),
    )
    other_ways = forms.CharField(
        label=_("Other ways to give (transfer, cheque)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("title")) != bool(data.get("story")):
            raise forms.ValidationError(_("Give the title and the story, or neither."))
        return data


class GiftImportForm(forms.Form):
    source = forms.ChoiceField(
        label=_("The file comes from"),
        choices=[("bank", _("A bank statement")), ("stripe", _("Stripe's payments export"))],
    )
    file = forms.FileField(label=_("CSV file"))
