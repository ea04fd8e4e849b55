"""The public subscription and preference forms, and staff's newsletter forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.mailings.choices import BlockKind
from carewatch.mailings.models import MailingList
from carewatch.stats.choices import Measure
from carewatch.supporters.choices import Language
from carewatch.supporters.guards import HONEYPOT

#: The words beside the subscription form's button, as shown (recorded with each subscription:
#: new words need a new services.CONSENT_VERSION).
SUBSCRIBE_WORDS = _(
    "Yes, send me this newsletter. I confirm through a link we send to this address, and every "
    "message has a link to stop it."
)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=Language.choices)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Website"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "name"})


class PreferencesForm(forms.Form):
    lists = forms.MultipleChoiceField(
        label=_("Lists you receive"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = choices  # type: ignore[attr-defined]


class MailingListForm(forms.ModelForm):
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)

    class Meta:
        model = MailingList
        fields = ["slug", "public"]

    def save(self, commit: bool = True) -> MailingList:
        found: MailingList = super().save(commit=False)
        found.names = {
            code: self.cleaned_data[f"name_{code}"]
            for code in Language.values
            if self.cleaned_data.get(f"name_{code}")
        }
        if commit:
            found.save()
        return found


class CampaignForm(forms.Form):
    mailing_list = forms.ModelChoiceField(
        label=_("Mailing list"), queryset=MailingList.objects.none()
    )
    name = forms.CharField(
        label=_("Name (for staff)"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    count_clicks = forms.BooleanField(
        label=_("Count clicks on links (through our own address; no one is tracked)"),
        required=False,
    )


def _measures() -> list[tuple[str, str]]:
    return [("", "—"), *((str(v), str(label)) for v, label in Measure.choices)]


class BlockForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Block"), choices=[("", "—"), *BlockKind.choices], required=False
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("A live figure: {{ measure year }}, e.g. {{ killed_hw 2017 }}."),
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=_measures, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    slug = forms.ChoiceField(label=_("Petition"), required=False)
    bulletin = forms.ChoiceField(label=_("Bulletin"), required=False)
    event = forms.ChoiceField(label=_("Event"), required=False)
    label = forms.CharField(label=_("Button text"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Web address"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        petitions: list[str] | None = None,
        bulletins: list[str] | None = None,
        events: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].choices = [("", "—"), *((p, p) for p in petitions or [])]  # type: ignore[attr-defined]
        self.fields["bulletin"].choices = [("", "—"), *((b, b) for b in bulletins or [])]  # type: ignore[attr-defined]
        self.fields["event"].choices = [("", "—"), *((e, e) for e in events or [])]  # type: ignore[attr-defined]

    def block(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        kind = data.get("kind")
        if not kind:
            return None
        fields = {
            BlockKind.HEADING: ("text",),
            BlockKind.TEXT: ("text",),
            BlockKind.FIGURE: ("measure", "year"),
            BlockKind.PETITION: ("slug",),
            BlockKind.BULLETIN: ("bulletin",),
            BlockKind.EVENT: ("event",),
            BlockKind.LINK: ("label", "url"),
        }[BlockKind(kind)]
        values = {f: data.get(f) for f in fields}
        if kind in SLUG_FIELD:
            values = {"slug": values[SLUG_FIELD[kind]]}
        return {"kind": kind, **values}


#: Blocks whose stored ``slug`` the form shows in a field of its own.
SLUG_FIELD = {BlockKind.BULLETIN: "bulletin", BlockKind.EVENT: "event"}


def blocks_initial(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored blocks as the form's initial rows (a bulletin's or an event's slug in its field)."""
    rows = []
    for block in blocks:
        field = SLUG_FIELD.get(block.get("kind", ""))
        rows.append({"kind": block["kind"], field: block.get("slug")} if field else block)
    return rows


BlockFormSet = forms.formset_factory(BlockForm, extra=3, max_num=40, absolute_max=40)


class VersionForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )


class ScheduleForm(forms.Form):
    """A time to send at, or the "send now" button (``now``); an empty form does nothing."""

    when = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args: Any, now: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("when") and not self.now:
            raise forms.ValidationError(_("Choose a time to send at, or send now."))
        return data


class TestForm(forms.Form):
    to = forms.EmailField(label=_("Send a test to"), max_length=254)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
