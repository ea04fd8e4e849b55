"""Form fields shared by the apps: places grouped by governorate, counts that may be unknown."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from carewatch_core.calendar import too_early
from carewatch_core.counts import Count, parse_count
from carewatch_core.names.arabic import is_arabic


class DayInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (``2018-11-09``), the only form
    ``<input type="date">`` reads: a localised value (``09/11/2018`` in French) shows an empty
    field that refuses to submit. The browser displays the date in the reader's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CountField(forms.CharField):
    """A count: empty means unknown (never zero), "3" a number, "3-5" a range."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 23)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "pattern": r"[0-9٠-٩ \-–]*", "size": 8})

    def clean(self, value: Any) -> Count:
        text = super().clean(value) or ""
        try:
            count = parse_count(text)
        except ValueError as exc:
            raise ValidationError(
                _("Enter a number such as 3, a range such as 3-5, or leave empty if unknown.")
            ) from exc
        if count.known and (count.low or 0) > 100000:
            raise ValidationError(_("This number is too large to be a count of people."))
        return count


def _count_hint() -> str:
    # The examples are wrapped in left-to-right isolates so that "3-5" is not shown as "5-3" in Arabic.
    return _("Empty if unknown; a number (%(one)s) or a range (%(range)s).") % {
        "one": "\u20663\u2069",
        "range": "\u20663-5\u2069",
    }


COUNT_HINT = lazy(_count_hint, str)()


def not_in_future(day: datetime.date | None) -> None:
    """A date a record may carry: not after today, and not before 1900 (``calendar.EARLIEST_DAY``)."""
    if day and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))
    if too_early(day):
        raise ValidationError(_("This date is before 1900; check the year."))


def latin_only(text: str) -> None:
    """Refuse Arabic script in a field meant for the Latin spelling (it has its own field)."""
    if text and is_arabic(text):
        raise ValidationError(
            _(
                "This field is for the Latin-script spelling; put the Arabic name in the Arabic field."
            )
        )


INCOMPLETE_FORM = _("This form is incomplete; reload the page and try again.")


def require_version(form: forms.Form) -> None:
    """Make an edit form's hidden ``version`` field required and at least 1: a save without the
    version it was read at would otherwise overwrite a newer edit without a word (lost update)."""
    field = form.fields["version"]
    field.required = True
    field.validators.append(MinValueValidator(1))


def explain_version_error(form: forms.Form) -> None:
    """A hidden field's error is said where the user can read it (call from ``clean``)."""
    if "version" in form.errors and not any(e == INCOMPLETE_FORM for e in form.non_field_errors()):
        form.add_error(None, INCOMPLETE_FORM)
