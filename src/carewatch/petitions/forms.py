"""The public signing form, and staff's invalidation form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from carewatch.actions.models import CallToAction, DecisionMaker
from carewatch.lib.fields import DayInput
from carewatch.petitions.choices import InvalidationKind, PetitionStatus
from carewatch.supporters.guards import HONEYPOT

#: The words beside the two choices, as shown (recorded with each choice: a new wording needs a
#: new services.CONSENT_VERSION).
CONTACT_WORDS = _("Yes, you may email me about this campaign and how it goes. (Optional)")
NAME_WORDS = _("Yes, give my name with the petition to the people it is addressed to. (Optional)")


_COUNTRIES: dict[str, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """The countries sorted by their names in the active language (built once per language: the
    signing form is the busiest page a campaign has)."""
    language = get_language() or ""
    if language not in _COUNTRIES:
        _COUNTRIES[language] = [
            ("", str(_("Choose your country"))),
            *((code, str(name)) for code, name in countries),
        ]
    return _COUNTRIES[language]


class CountryField(forms.ChoiceField):
    """A country by its code, checked against the set of codes (not by walking the 250 named
    choices of the visitor's language, which the signing form did once per signature)."""

    _codes: frozenset[str] = frozenset()

    def valid_value(self, value: Any) -> bool:
        if not CountryField._codes:
            CountryField._codes = frozenset(code for code, _name in countries)
        return str(value) in CountryField._codes


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    country = CountryField(label=_("Country where you live"), choices=country_choices)
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=20, required=False)
    contact = forms.BooleanField(label=CONTACT_WORDS, required=False)
    name_to_targets = forms.BooleanField(label=NAME_WORDS, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Website"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "name"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})


class InvalidationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Invalidate by"), choices=InvalidationKind.choices)
    value = forms.CharField(
        label=_("Range, domain or addresses (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
    )
    date_from = forms.CharField(label=_("From (for a time window)"), required=False)
    date_to = forms.CharField(label=_("To (for a time window)"), required=False)
    reason = forms.CharField(label=_("Reason (shown in the count's history)"), max_length=300)


class PetitionForm(forms.Form):
    """A petition's settings; its words come in one ``PetitionTextForm`` per language."""

    slug = forms.SlugField(
        label=_("Address (/petitions/…/)"),
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PetitionStatus.choices)
    goal = forms.IntegerField(label=_("Goal"), min_value=1, max_value=100_000_000)
    milestones = forms.CharField(
        label=_("Milestones (numbers separated by commas)"), required=False, max_length=300
    )
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DayInput())
    targets = forms.ModelMultipleChoiceField(
        label=_("Addressed to"),
        queryset=DecisionMaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    call_to_action = forms.ModelChoiceField(
        label=_("Call to action offered after signing"),
        queryset=CallToAction.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, makers: Any, calls: Any, taken: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = makers  # type: ignore[attr-defined]
        self.fields["call_to_action"].queryset = calls  # type: ignore[attr-defined]
        self.taken = taken  # the other petitions' addresses

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if self.taken.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another petition has this address."))
        return slug

    def clean_milestones(self) -> list[int]:
        raw = str(self.cleaned_data.get("milestones") or "")
        parts = [p.strip().replace(" ", "").replace(",", "") for p in raw.split(",")]
        try:
            found = [int(p) for p in parts if p]
        except ValueError:
            raise forms.ValidationError(_("Write whole numbers separated by commas.")) from None
        if any(n <= 0 for n in found):
            raise forms.ValidationError(_("Milestones are numbers above zero."))
        return found


class PetitionTextForm(forms.Form):
    """A petition's words in one language (all empty: the petition is not in that language)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    story = forms.CharField(
        label=_("Story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Live figures: {{ measure year }}, e.g. {{ killed_hw 2017 }}."),
    )
    ask = forms.CharField(
        label=_("What we ask"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["dir"] = "auto"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [f for f in ("title", "story", "ask") if data.get(f)]
        if filled and len(filled) < 3:
            raise forms.ValidationError(
                _("Give the title, the story and what we ask, or none of them.")
            )
        return data

    def written(self) -> bool:
        return bool(self.cleaned_data.get("title"))


class ExternalCountForm(forms.Form):
    platform = forms.CharField(label=_("Platform"), max_length=80)
    count = forms.IntegerField(label=_("Count"), min_value=0, max_value=1_000_000_000)
    as_of = forms.DateField(label=_("As of"), widget=DayInput())
    url = forms.URLField(label=_("Address of the page"), required=False, assume_scheme="https")
