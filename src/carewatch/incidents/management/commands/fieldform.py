"""``carewatch fieldform --out FILE.xlsx``: write the field form as an XLSForm for KoBoToolbox / ODK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.incidents.fieldform import build_xlsform
from carewatch.lib.commands import Operation


class Command(Operation):
    help = "Write CareWatch's field form as an XLSForm (Arabic, French, English) for KoBoToolbox or ODK Collect."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, metavar="FILE.xlsx", help="Where to write the form."
        )

    def handle(self, *args: Any, **options: Any) -> None:

        path = Path(options["out"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(
                _("The form is an Excel workbook: give a file name ending in .xlsx.")
            )
        version = timezone.now().strftime("%Y%m%d%H%M")
        build_xlsform(path, version)
        self.stdout.write(
            _(
                "Field form written to %(path)s (version %(version)s). Upload it to KoBoToolbox or ODK "
                "Central; import the submissions with: carewatch import EXPORT --profile kobo"
            )
            % {"path": path, "version": version}
        )
