"""The public signing form, and staff's invalidation form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from carewatch.petitions.choices import InvalidationKind
from carewatch.supporters.guards import HONEYPOT

#: The words beside the two choices, as shown (recorded with each choice: a new wording needs a
#: new services.CONSENT_VERSION).
CONTACT_WORDS = _("Yes, you may email me about this campaign and how it goes. (Optional)")
NAME_WORDS = _("Yes, give my name with the petition to the people it is addressed to. (Optional)")


def country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose your country"))), *((code, str(name)) for code, name in countries)]


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    country = forms.ChoiceField(label=_("Country where you live"), choices=country_choices)
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
