"""Forms of the verifiers' work: a bulk change of a selection, one assignment, a saved search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.incidents.choices import Certainty, WorkflowState

NOBODY = "nobody"
BULK_STATES = [
    (WorkflowState.UNDER_REVIEW, WorkflowState.UNDER_REVIEW.label),
    (WorkflowState.VERIFIED, WorkflowState.VERIFIED.label),
    (WorkflowState.REJECTED, WorkflowState.REJECTED.label),
    (WorkflowState.SUBMITTED, WorkflowState.SUBMITTED.label),
]


class IdsField(forms.Field):
    """The ticked rows' ids (checked against the reader's own selection by the view)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The selection was not valid.")) from None


def _assignee_choices(reviewers: Any) -> list[tuple[str, Any]]:
    people = [(str(user.pk), user.get_username()) for user in reviewers]
    return [("", _("Leave as it is")), (NOBODY, _("Nobody")), *people]


class BulkForm(forms.Form):
    """A change to the ticked incidents, or to every incident matching the list's filters."""

    everything = forms.BooleanField(
        label=_("Apply to every incident matching the filters, not only the ticked ones"),
        required=False,
    )
    ids = IdsField(required=False)
    state = forms.ChoiceField(
        label=_("New state"), choices=[("", _("Leave as it is")), *BULK_STATES], required=False
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"),
        choices=[("", _("Leave as it is")), *Certainty.choices],
        required=False,
    )
    assignee = forms.ChoiceField(label=_("Assign to"), required=False, choices=[])
    reason = forms.CharField(
        label=_("Reason (kept with every incident)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {str(user.pk): user for user in reviewers}
        self.fields["assignee"].choices = _assignee_choices(reviewers)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("everything") and not data.get("ids"):
            raise forms.ValidationError(_("Tick the incidents to change, or apply to all of them."))
        return data

    def assignment(self) -> tuple[bool, Any]:
        """Whether the assignment changes, and to whom (None: nobody)."""
        choice = self.cleaned_data.get("assignee", "")
        if not choice:
            return False, None
        return True, self.reviewers.get(choice)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False, choices=[])
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {str(user.pk): user for user in reviewers}
        people = [(str(user.pk), user.get_username()) for user in reviewers]
        self.fields["assignee"].choices = [(NOBODY, _("Nobody")), *people]  # type: ignore[attr-defined]

    def chosen_assignee(self) -> Any:
        return self.reviewers.get(self.cleaned_data.get("assignee", ""))


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this search"), max_length=80, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
