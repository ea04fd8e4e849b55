"""``carewatch supporters export|erase EMAIL``: one supporter's data as JSON (their right of
access), or its erasure (anonymised: the counts it is part of stay whole)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from carewatch.lib.commands import Operation
from carewatch.supporters.services_supporters import erase, exported, find


class Command(Operation):
    help = "Export one supporter's data as JSON, or erase it."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="Write one supporter's data as JSON.")
        export.add_argument("email")
        export.add_argument("--out", help="A file to write (default: the standard output).")
        wipe = commands.add_parser("erase", help="Erase one supporter's data (kept anonymised).")
        wipe.add_argument("email")
        wipe.add_argument(
            "--yes", action="store_true", help="Do it (without: say what it would do)."
        )

    def handle(self, *args: Any, action: str, email: str, **options: Any) -> None:
        supporter = find(email)
        if supporter is None:
            raise CommandError(_("No supporter has this address."))
        if action == "export":
            text = json.dumps(
                exported(supporter=supporter, actor="command line"), ensure_ascii=False, indent=2
            )
            if options.get("out"):
                Path(options["out"]).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        if not options["yes"]:
            self.stdout.write(
                _("Supporter #%(id)d would be erased; add --yes to do it.") % {"id": supporter.pk}
            )
            return
        erase(supporter=supporter, actor="command line")
        self.stdout.write(_("Supporter #%(id)d is erased.") % {"id": supporter.pk})
