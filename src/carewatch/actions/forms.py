"""Campaign staff's forms: a decision-maker, and a call to action with its words per language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from carewatch.actions.models import DecisionMaker


class DecisionMakerForm(forms.ModelForm):
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [("", "—"), *((code, str(name)) for code, name in countries)],
    )

    class Meta:
        model = DecisionMaker
        fields = [
            "name",
            "role",
            "country",
            "language",
            "x_handle",
            "bluesky_handle",
            "mastodon_handle",
            "public_email",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "role"):
            self.fields[name].widget.attrs["dir"] = "auto"
        for name in ("x_handle", "bluesky_handle", "mastodon_handle", "public_email"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def clean_x_handle(self) -> str:
        return str(self.cleaned_data.get("x_handle") or "").strip().lstrip("@")

    def clean_bluesky_handle(self) -> str:
        return str(self.cleaned_data.get("bluesky_handle") or "").strip().lstrip("@")

    def clean_mastodon_handle(self) -> str:
        handle = str(self.cleaned_data.get("mastodon_handle") or "").strip()
        if handle and handle.lstrip("@").count("@") != 1:
            raise forms.ValidationError(_("Write the whole address: @name@server.example"))
        return handle


class CallForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address (/act/…/)"), max_length=80, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    targets = forms.ModelMultipleChoiceField(
        label=_("Addressed to"),
        queryset=DecisionMaker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, makers: Any, taken: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = makers  # type: ignore[attr-defined]
        self.taken = taken

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if self.taken.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another call to action has this address."))
        return slug


class CallTextForm(forms.Form):
    """The call's words in one language (all empty: not in that language)."""

    heading = forms.CharField(
        label=_("Heading"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("{handle} becomes each addressee's handle on the platform chosen."),
    )
    subject = forms.CharField(
        label=_("Email subject"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("heading")) != bool(data.get("message")):
            raise forms.ValidationError(_("Give both the heading and the message, or neither."))
        if data.get("message") and "{handle}" not in data["message"]:
            raise forms.ValidationError(_("Put {handle} where the addressee is named."))
        return data

    def written(self) -> bool:
        return bool(self.cleaned_data.get("heading"))
