"""The row-level error report: a CSV the user can open in a spreadsheet program."""

from __future__ import annotations

import csv
from collections.abc import Hashable
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.imports.messages import describe
from carewatch.lib.cells import safe_cell
from carewatch_core.imports.errors import Issue, Severity

#: Distinct messages kept for reuse in one report.
REASONS_KEPT = 4096


def report_path(run_id: int) -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"run-{run_id}-errors.csv"


class ErrorReport:
    """Writes issues as they are found, in the run's language (opened lazily on the first issue)."""

    def __init__(self, run_id: int, language: str) -> None:
        self.path = report_path(run_id)
        self.language = language
        self.count = 0
        self._handle: TextIO | None = None
        self._writer: Any = None  # a csv writer
        self._reasons: dict[Hashable, str] = {}

    def add(self, issues: list[Issue]) -> None:
        with translation.override(self.language):
            writer = self._writer or self._open()
            rejected, noted = _("not taken"), _("taken, with a note")
            reason = self._reason
            writer.writerows(
                (
                    issue.row,
                    safe_cell(issue.column),
                    safe_cell(issue.value),
                    rejected if issue.severity == Severity.REJECTED else noted,
                    reason(issue),
                    issue.code,
                )
                for issue in issues
            )
            self.count += len(issues)

    def _reason(self, issue: Issue) -> str:
        """The issue's message; the same few codes and parameters recur in a large file, so each
        message is made once (the report has one language)."""
        try:
            key: Hashable = (issue.code, *sorted(issue.params.items()))
            hash(key)
        except TypeError:  # a parameter that is a list or a dict
            return describe(issue.code, issue.params)
        found = self._reasons.get(key)
        if found is None:
            found = describe(issue.code, issue.params)
            if len(self._reasons) < REASONS_KEPT:
                self._reasons[key] = found
        return found

    def _open(self) -> Any:
        # UTF-8 with a BOM so that spreadsheet programs show Arabic and accents correctly (written
        # once here: the "utf-8-sig" codec would run Python code on every row's write).
        self._handle = self.path.open("w", encoding="utf-8", newline="")
        self._handle.write("\ufeff")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(
            (_("row"), _("column"), _("value"), _("result"), _("reason"), _("code"))
        )
        return self._writer

    def close(self) -> str:
        """The report's path, or ``""`` when there was nothing to report."""
        if self._handle is None:
            return ""
        self._handle.close()
        return str(self.path)
