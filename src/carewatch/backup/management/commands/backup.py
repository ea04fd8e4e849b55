"""``carewatch backup OUT`` and ``carewatch backup verify OUT``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from carewatch.backup.archive import BackupRefused, write_backup
from carewatch.backup.jobs import record
from carewatch.backup.verify import verify_archive
from carewatch.lib.commands import Operation


class Command(Operation):
    help = (
        "Write one archive of this instance (database content, evidence files, a manifest of "
        "hashes) while it runs; or, with 'verify', check an archive without restoring it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "words",
            nargs="+",
            metavar="[verify] OUT",
            help="OUT: the archive to write (.tar.gz); 'verify OUT': check that archive instead.",
        )

    def handle(self, *args: Any, words: list[str], **options: Any) -> None:
        if len(words) == 2 and words[0] == "verify":
            self._verify(Path(words[1]))
        elif len(words) == 1:
            self._write(Path(words[0]))
        else:
            raise CommandError("Give the archive to write, or 'verify' and the archive to check.")

    def _write(self, out: Path) -> None:
        started = time.monotonic()
        try:
            written = write_backup(out)
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        record(written, actor="carewatch backup")
        for sha in written.missing_files:
            self.stderr.write(f"Evidence file missing from the data folder, not backed up: {sha}")
        self.stdout.write(
            f"Backed up {written.rows} rows of {written.tables} tables and {written.files} "
            f"evidence files to {written.path} ({written.size / 1e6:.1f} MB, "
            f"{time.monotonic() - started:.1f} s)."
        )

    def _verify(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        checked = verify_archive(path)
        if not checked.ok:
            raise CommandError(
                "The archive is damaged or was changed:\n" + "\n".join(checked.problems)
            )
        audit = checked.manifest.get("audit", {})
        self.stdout.write(
            f"The archive is whole: {checked.rows} rows, {checked.files} evidence files, "
            f"{audit.get('entries', 0)} audit entries ending in {audit.get('last_hash', '')[:16]}… "
            f"(made {checked.manifest.get('created_at', '?')} on {checked.manifest.get('database', '?')})."
        )
