"""``carewatch restore ARCHIVE``: an archive of ``carewatch backup`` into an empty instance."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from carewatch.backup.restore import RestoreRefused, restore_archive
from carewatch.lib.commands import Operation


class Command(Operation):
    help = (
        "Restore an archive of 'carewatch backup' into this instance, which must be empty (a new "
        "database and data folder); the archive is checked whole before anything is written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="The archive (.tar.gz) written by 'carewatch backup'.")

    def handle(self, *args: Any, archive: str, **options: Any) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        started = time.monotonic()
        try:
            restored = restore_archive(path)
        except RestoreRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {restored.rows} rows of {restored.tables} tables and {restored.files} "
            f"evidence files in {time.monotonic() - started:.1f} s; the audit chain verifies."
        )
