"""The administrators' filters of the audit log (choices are given by the view)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.audit.log import SYSTEM, LogFilters
from carewatch.lib.fields import DayInput


class AuditLogForm(forms.Form):
    actor = forms.ChoiceField(label=_("Who"), required=False, choices=[])
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("The whole action or its beginning, e.g. carewatch.incident."),
        widget=forms.TextInput(attrs={"dir": "ltr", "list": "audit-actions"}),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False, choices=[])
    object_id = forms.CharField(
        label=_("Record number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, accounts: Any, record_types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(str(user.pk), user.get_username()) for user in accounts]
        self.fields["actor"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            (SYSTEM, _("The system (no account)")),
            *people,
        ]
        self.fields["object_type"].choices = [("", _("Any")), *record_types]  # type: ignore[attr-defined]

    def filters(self) -> LogFilters | None:
        """The filters asked for; None when one is not valid (the page then lists nothing and
        says which, rather than the whole log under filters the reader thinks apply)."""
        if self.is_bound and not self.is_valid():
            return None
        data = self.cleaned_data if self.is_bound else {}
        return LogFilters(
            actor=data.get("actor", ""),
            action=data.get("action", "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            object_type=data.get("object_type", ""),
            object_id=data.get("object_id", "").strip(),
        )
