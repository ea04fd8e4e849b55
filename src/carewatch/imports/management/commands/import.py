"""``carewatch import FILE --profile NAME``: import a dataset file (see docs/imports.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.imports.choices import RunStatus
from carewatch.imports.housekeeping import import_runs_reap
from carewatch.imports.models import SavedMapping
from carewatch.imports.progress import ProgressBar
from carewatch.imports.services import ImportOptions, ImportRefused, import_file
from carewatch.lib.commands import LANGUAGES, Operation, environment_language
from carewatch_core.imports.profiles import PROFILES


class Command(Operation):
    help = (
        "Import a dataset file (CSV, XLSX or JSON) as reports and incident records of one source."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--profile", required=True, choices=sorted(PROFILES), help="How to read the file."
        )
        parser.add_argument("--source", help="Source name (default: the profile's source).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, check and count, write nothing."
        )
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="Take the good rows even if others are rejected.",
        )
        parser.add_argument("--json", action="store_true", help="End with one line of JSON.")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=environment_language(),
            help="Language of messages and the error report (default: the terminal's, else en).",
        )
        parser.add_argument("--sheet", help="Worksheet to read (default: the first visible one).")
        parser.add_argument(
            "--encoding", help="Text encoding, when detection should be overridden."
        )
        parser.add_argument(
            "--mapping", help="Name of a saved mapping to apply on top of the profile."
        )
        parser.add_argument("--user", help="Username to record as the importer (default: system).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **opts: Any) -> None:
        with translation.override(opts["language"]):
            path: Path = opts["file"]
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            options = self._options(opts)
            user = self._user(opts["user"])
            # Runs left "running" by a killed import are marked interrupted before this one starts.
            import_runs_reap(user=user)
            bar = None if opts["no_progress"] else ProgressBar(sys.stderr)
            try:
                run = import_file(user=user, path=path, options=options, progress=bar)
            except ImportRefused as exc:
                raise CommandError(exc.message) from None
            finally:
                if bar:
                    bar.close()
            self._report(run, opts["json"])

    def _options(self, opts: dict[str, Any]) -> ImportOptions:
        mapping = None
        if opts["mapping"]:
            mapping = SavedMapping.objects.filter(name=opts["mapping"]).first()
            if mapping is None:
                raise CommandError(
                    _("No saved mapping called “%(name)s”.") % {"name": opts["mapping"]}
                )
        return ImportOptions(
            profile=opts["profile"],
            source_name=opts["source"],
            dry_run=opts["dry_run"],
            valid_rows_only=opts["valid_rows_only"],
            language=opts["language"],
            sheet=opts["sheet"],
            encoding=opts["encoding"],
            mapping=mapping,
        )

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user called “%(name)s”.") % {"name": username})
        return user

    def _report(self, run: Any, as_json: bool) -> None:
        summary = run.summary()
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                _(
                    "%(status)s: %(read)s rows read, %(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
                    "%(flagged)s flagged, %(rejected)s rejected."
                )
                % {**summary, "status": run.get_status_display()}
            )
            if run.error_report:
                self.stdout.write(_("Row-by-row report: %(path)s") % {"path": run.error_report})
        if run.status == RunStatus.FAILED:
            raise CommandError(
                _(
                    "Rows were rejected, so nothing was imported (use --valid-rows-only to take the good rows)."
                ),
                returncode=1,
            )
