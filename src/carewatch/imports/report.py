"""The row-level error report: a CSV the user can open in a spreadsheet program."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.imports.messages import describe
from carewatch.lib.cells import safe_cell
from carewatch_core.imports.errors import Issue, Severity


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
        self._writer: csv.DictWriter[str] | None = None

    def add(self, issues: list[Issue]) -> None:
        with translation.override(self.language):
            writer = self._writer or self._open()
            for issue in issues:
                writer.writerow(
                    {
                        "row": issue.row,
                        "column": safe_cell(issue.column),
                        "value": safe_cell(issue.value),
                        "severity": _("not taken")
                        if issue.severity == Severity.REJECTED
                        else _("taken, with a note"),
                        "reason": describe(issue.code, issue.params),
                        "code": issue.code,
                    }
                )
                self.count += 1

    def _open(self) -> csv.DictWriter[str]:
        # UTF-8 with a BOM so that spreadsheet programs show Arabic and accents correctly.
        self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.DictWriter(
            self._handle, fieldnames=["row", "column", "value", "severity", "reason", "code"]
        )
        self._writer.writerow(
            {
                "row": _("row"),
                "column": _("column"),
                "value": _("value"),
                "severity": _("result"),
                "reason": _("reason"),
                "code": _("code"),
            }
        )
        return self._writer

    def close(self) -> str:
        """The report's path, or ``""`` when there was nothing to report."""
        if self._handle is None:
            return ""
        self._handle.close()
        return str(self.path)
