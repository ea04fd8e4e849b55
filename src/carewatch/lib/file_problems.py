"""What can make a whole file unreadable (``carewatch_core.imports.errors``' file-level codes), in
the user's language: for the import, and for anything else that reads files as the import does
(an analyst's list for ``link-file``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from carewatch_core.imports import errors as E

FILE_MESSAGES = {
    E.UNDECODABLE: _(
        "The file is not text in a supported encoding (UTF-8, UTF-16, Windows-1256, "
        "Windows-1252 or Latin-1); it cannot be read from byte %(offset)s."
    ),
    E.NOT_A_WORKBOOK: _("This file is not an Excel workbook (.xlsx) that can be opened."),
    E.ENCRYPTED: _(
        "This workbook is password-protected or in the old .xls format: save it as an "
        "unprotected .xlsx file and try again."
    ),
    E.NO_SUCH_SHEET: _("The workbook has no sheet called “%(sheet)s” (it has: %(sheets)s)."),
    E.EMPTY_SHEET: _("The sheet or file is empty."),
    E.MERGED_CELLS: _(
        "The sheet has merged cells (%(ranges)s): unmerge them so that every row holds its own values."
    ),
    E.HEADER_MISSING: _(
        "No header row with the column(s) %(columns)s was found in the first %(rows)s rows."
    ),
    E.HEADER_MISPLACED: _(
        "The header is on row %(row)s, below row %(data_row)s, which looks like data: remove the rows above the header."
    ),
    E.COLUMN_MISSING: _("The file has no column for: %(columns)s."),
    E.HXL_MISSING: _(
        "No row of HXL hashtags (like #date, #adm1) was found in the first %(rows)s rows."
    ),
    E.HXL_MISPLACED: _(
        "The HXL hashtag row (row %(row)s) must come directly under the header (row %(header_row)s)."
    ),
    E.BAD_JSON: _("The JSON cannot be read (line %(line)s, column %(column)s): %(detail)s."),
    E.UNKNOWN_FORMAT: _("Files of type “%(suffix)s” cannot be imported: use .csv, .xlsx or .json."),
}


def describe_file(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The message for a file-level ``code``, its parameters filled in."""
    template = FILE_MESSAGES.get(code)
    if template is None:
        return code
    values: defaultdict[str, Any] = defaultdict(str, params or {})
    return str(template) % values
