"""Reason codes of the import core as messages in the user's language."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from carewatch.lib.file_problems import FILE_MESSAGES
from carewatch_core.imports import errors as E

MESSAGES = {
    # Rows
    E.MISSING_ID: _(
        "The dataset's own ID is missing, so the row cannot be matched on a later import."
    ),
    E.DUPLICATE_ID: _("This dataset ID appears on an earlier row of the same file."),
    E.BAD_DATE: _("This is not a date that can be read."),
    E.MISSING_DATE: _("The date is missing."),
    E.IMPRECISE_DATE: _("A year alone is not precise enough: give at least the month."),
    E.AMBIGUOUS_DATE: _("Day and month cannot be told apart in this date; write it as YYYY-MM-DD."),
    E.BAD_COUNT: _(
        "This is not a count (a whole number, a range like 3-5, or blank when unknown); it is recorded as unknown."
    ),
    E.VAGUE_COUNT: _("No number is given, so the count is recorded as unknown."),
    E.BAD_COORDINATE: _(
        "These coordinates cannot be read or are out of range; they were left out."
    ),
    E.ZERO_COORDINATE: _(
        "The coordinates 0, 0 are a placeholder, not a place; they were left out."
    ),
    E.OUTSIDE_COUNTRY: _("These coordinates lie outside the country; they were left out."),
    E.HALF_COORDINATE: _("Only one of latitude and longitude is given; the point was left out."),
    E.MISSING_PRECISION: _(
        "The coordinates have no precision; they are kept but should be checked."
    ),
    E.BAD_PRECISION: _("This location precision code is not known."),
    E.UNKNOWN_VALUE: _(
        "This value is not in the %(vocabulary)s list; it is kept as written and should be mapped."
    ),
    E.UNKNOWN_PLACE: _("This place name was not found in the gazetteer; it is kept as written."),
    E.CELL_TOO_LARGE: _("This cell holds %(length)s characters, more than the %(limit)s allowed."),
    E.HXL_ROW_IN_DATA: _("This row holds HXL hashtags among the data rows."),
    **FILE_MESSAGES,
    "unknown_profile": _("There is no import profile called “%(profile)s”."),
    "protected": _("The sheet is protected against editing; it was read as it is."),
}

VOCABULARIES = {
    "weapon": _("weapons"),
    "perpetrator": _("perpetrators"),
    "location_type": _("location types"),
    "attack_type": _("attack types"),
    "certainty": _("certainty levels"),
    "facility_type": _("facility types"),
    "yes_no": _("yes/no"),
    "acled_sub_event": _("ACLED event types"),
}


def describe(code: str, params: dict[str, Any] | None = None) -> str:
    """The message for ``code`` in the active language, with its parameters filled in."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    values: defaultdict[str, Any] = defaultdict(str, params or {})
    if "vocabulary" in values:
        values["vocabulary"] = str(VOCABULARIES.get(values["vocabulary"], values["vocabulary"]))
    return str(template) % values
