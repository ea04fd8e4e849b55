"""The error report rebuilt from the stored row errors, in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from carewatch.imports.choices import IssueSeverity
from carewatch.imports.messages import describe
from carewatch.imports.models import ImportRowError
from carewatch.lib.cells import safe_cell


def stored_errors_csv(errors: Iterable[ImportRowError]) -> str:
    """UTF-8 text with a byte-order mark (spreadsheet programs then show Arabic correctly)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("row"), _("column"), _("value"), _("result"), _("reason"), _("code")])
    for error in errors:
        result = (
            _("not taken") if error.severity == IssueSeverity.REJECTED else _("taken, with a note")
        )
        writer.writerow(
            [
                error.row,
                safe_cell(error.column),
                safe_cell(error.value),
                result,
                describe(error.code, error.params),
                error.code,
            ]
        )
    return out.getvalue()
