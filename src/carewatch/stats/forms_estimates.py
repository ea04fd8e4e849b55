"""The Estimates page's forms (querysets come from the view's selectors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.lib.fields import DayInput
from carewatch.people.choices import Profession
from carewatch.stats.choices import EstimateKind, EstimateMethod


class EstimateForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to estimate"), choices=EstimateKind.choices)
    sources: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Lists (three or more sources, each documenting on its own)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())
    governorate: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=None,
        required=False,
        empty_label=_("All of Syria"),
    )
    profession = forms.ChoiceField(
        label=_("Profession (health workers killed)"),
        required=False,
        choices=[("", _("Every health profession")), *Profession.choices],
    )
    method = forms.ChoiceField(label=_("Method"), choices=EstimateMethod.choices)
    seed = forms.IntegerField(
        label=_("Random seed (repeat a run with the same one)"),
        min_value=1,
        max_value=2_000_000_000,
        initial=1,
    )

    def __init__(self, *args: Any, sources: Any, governorates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = sources  # type: ignore[attr-defined]
        self.fields["governorate"].queryset = governorates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts."))
        if len(data.get("sources") or []) < 3:
            self.add_error("sources", _("Choose at least three lists (sources)."))
        if data.get("profession") and data.get("kind") != EstimateKind.KILLED_HEALTH_WORKERS:
            self.add_error("profession", _("A profession narrows health workers killed only."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "method": data["method"],
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "governorate": data.get("governorate"),
            "profession": data.get("profession", ""),
            "seed": data["seed"],
        }


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Method note (shown with the estimate)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        max_length=1000,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
