"""Staff's event form: its settings, its words per language, and up to four ticket kinds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from carewatch.events.choices import Attendance, EventKind, EventStatus
from carewatch.lib.fields import DayInput

#: Ticket kinds one form offers (an event with more is edited four at a time).
TICKET_ROWS = 4


def zone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(available_timezones()) if "/" in z]


class LocalTime(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", attrs={"dir": "ltr"})


class EventForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address (/events/…/)"), max_length=80, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices)
    attendance = forms.ChoiceField(label=_("Registering asks for"), choices=Attendance.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    starts = forms.DateTimeField(label=_("Starts (local time)"), widget=LocalTime())
    ends = forms.DateTimeField(label=_("Ends (local time)"), widget=LocalTime())
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *countries], required=False)
    online_url = forms.URLField(label=_("Online address"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Places (empty: no limit)"), min_value=1, max_value=1_000_000, required=False
    )
    memorial_from = forms.DateField(
        label=_("Names read: killed from"), required=False, widget=DayInput()
    )
    memorial_to = forms.DateField(
        label=_("Names read: killed until"), required=False, widget=DayInput()
    )

    def __init__(self, *args: Any, taken: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken  # the other events' addresses

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if self.taken.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another event has this address."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("time_zone")
        if zone and data.get("starts") and data.get("ends"):
            data["starts"] = _in_zone(data["starts"], zone)
            data["ends"] = _in_zone(data["ends"], zone)
            if data["ends"] <= data["starts"]:
                self.add_error("ends", _("The end comes after the start."))
        first, last = data.get("memorial_from"), data.get("memorial_to")
        if bool(first) != bool(last) or (first and last and last < first):
            self.add_error("memorial_to", _("Give both dates of the period, the first first."))
        return data


def _in_zone(moment: datetime, zone: str) -> datetime:
    """The wall-clock time typed, read in the event's own time zone."""
    return moment.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone))


class EventTextForm(forms.Form):
    """An event's words in one language (no title: the event is not in that language)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    who = forms.CharField(
        label=_("Who (protest)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    what = forms.CharField(
        label=_("What (protest)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    why = forms.CharField(
        label=_("Why (protest)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    payment_note = forms.CharField(
        label=_("How to pay (paid tickets)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["dir"] = "auto"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(f) for f in ("description", "who", "what", "why")) and not data.get(
            "title"
        ):
            raise forms.ValidationError(_("Give a title to the words in this language."))
        return data

    def written(self) -> bool:
        return bool(self.cleaned_data.get("title"))


class TicketForm(forms.Form):
    """One ticket kind (code empty: no ticket in this row)."""

    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=100, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=100, required=False)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=100, required=False)
    price = forms.DecimalField(
        label=_("Price (0: free)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Z]{3}$", required=False, initial="EUR", max_length=3
    )
    seats = forms.IntegerField(
        label=_("Seats per ticket"), min_value=1, max_value=50, required=False
    )
    quota = forms.IntegerField(
        label=_("Seats of this kind (empty: no limit)"),
        min_value=1,
        max_value=1_000_000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = [data.get(f"name_{c}") for c in ("fr", "en", "ar")]
        if data.get("code") and not any(names):
            raise forms.ValidationError(_("Name the ticket in at least one language."))
        if any(names) and not data.get("code"):
            raise forms.ValidationError(_("Give the ticket a code."))
        return data
