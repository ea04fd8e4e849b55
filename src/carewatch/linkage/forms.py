"""Forms of the review queue: filters, decisions (each carries the candidate's version, so a
stale or replayed form is refused), bulk accept, and merging a pair by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carewatch.linkage.choices import CandidateStatus, MatchKind
from carewatch.linkage.selectors import CandidateFilters

SCORE = {
    "min_value": 0.0,
    "max_value": 1.0,
    "widget": forms.NumberInput(attrs={"step": "0.01", "dir": "ltr"}),
}


class CandidateFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Records"), choices=MatchKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *CandidateStatus.choices], required=False
    )
    min_score = forms.FloatField(label=_("Score at least"), required=False, **SCORE)  # type: ignore[arg-type]
    max_score = forms.FloatField(label=_("Score at most"), required=False, **SCORE)  # type: ignore[arg-type]

    def filters(self) -> CandidateFilters:
        data = self.cleaned_data if self.is_valid() else {}
        status = (
            data.get("status", CandidateStatus.PENDING)
            if self.is_bound and "status" in self.data
            else CandidateStatus.PENDING
        )
        return CandidateFilters(
            kind=data.get("kind") or MatchKind.PERSON,
            status=status,
            min_score=data.get("min_score"),
            max_score=data.get("max_score"),
        )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptForm(DecisionForm):
    keep = forms.TypedChoiceField(label=_("Keep"), coerce=int, widget=forms.RadioSelect)
    field_order = ["keep", "reason", "version"]

    def __init__(self, *args: Any, candidate: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (candidate.left_id, _("The first record")),
            (candidate.right_id, _("The second record")),
        ]
        self.fields["keep"].choices = choices  # type: ignore[attr-defined]
        self.fields["keep"].initial = candidate.left_id


class BulkAcceptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Records"), choices=MatchKind.choices)
    threshold = forms.FloatField(
        label=_("Accept every pending pair scored at least"),
        min_value=0.5,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.01", "dir": "ltr"}),
    )
    ids = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def candidate_ids(self) -> list[int]:
        text = self.cleaned_data.get("ids") or ""
        try:
            return [int(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise ValidationError(
                _("The list of pairs was changed; open the page again.")
            ) from None


class MergeForm(forms.Form):
    """Two records the linker did not offer: people by number, incidents by reference."""

    kind = forms.ChoiceField(label=_("Records"), choices=MatchKind.choices)
    keep = forms.CharField(
        label=_("Keep (person number or incident reference)"),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    absorb = forms.CharField(
        label=_("Merge into it (person number or incident reference)"),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people: Any, incidents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people, self.incidents = people, incidents

    def _find(self, kind: str, text: str) -> int | None:
        text = text.strip()
        if kind == MatchKind.PERSON:
            found = self.people.filter(pk=int(text)).first() if text.isdigit() else None
        else:
            found = self.incidents.filter(reference=text.upper()).first()
        return found.pk if found is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        for name in ("keep", "absorb"):
            if kind and data.get(name):
                data[f"{name}_id"] = self._find(kind, data[name])
                if data[f"{name}_id"] is None:
                    self.add_error(name, _("No such record."))
        if data.get("keep_id") and data.get("keep_id") == data.get("absorb_id"):
            self.add_error("absorb", _("Choose two different records."))
        return data
