"""Translated messages for the problems ``carewatch_core.linkage.files`` finds in a file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from carewatch_core.linkage.files import RowError


def describe(error: RowError) -> str:
    """One problem as a sentence in the user's language."""
    messages = {
        "missing_columns": _(
            "the file has no column %(column)s (the first row must name the columns)"
        ),
        "not_utf8": _("the file is not text in UTF-8 (save the spreadsheet as CSV UTF-8)"),
        "empty": _("the file has no records"),
        "required": _("%(column)s is empty; every row needs one"),
        "duplicate_id": _("record_id %(value)s appears more than once"),
        "sex": _("sex %(value)s is not m, f, male or female"),
        "age": _("age %(value)s is not a whole number from 0 to 120"),
        "date": _("%(column)s %(value)s is not a date written YYYY-MM-DD"),
        "precision": _("date_precision %(value)s is not day, week or month (1, 2 or 3)"),
        "latitude": _("lat %(value)s is not a latitude between -90 and 90"),
        "longitude": _("lon %(value)s is not a longitude between -180 and 180"),
        "coordinates_pair": _("lat and lon must both be given or both be empty"),
        "count": _("%(column)s %(value)s is not a whole number of people"),
    }
    text = messages[error.code] % {"column": error.column, "value": error.value}
    if error.row <= 0:
        return text
    return _("row %(row)d: %(problem)s") % {"row": error.row, "problem": text}
