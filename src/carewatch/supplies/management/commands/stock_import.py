"""``carewatch stock_import FILE --user USERNAME``: import the stock form's submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from carewatch.accounts.models import User
from carewatch.lib.commands import Operation
from carewatch.supplies.stock_import import StockImportRefused, import_counts


class Command(Operation):
    help = "Import the stock counts sent with the stock form (a KoBoToolbox or ODK Central export)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The export (CSV or XLSX).")
        parser.add_argument("--user", required=True, help="The account the counts are recorded as.")

    def handle(self, *args: Any, file: str, user: str, **options: Any) -> None:
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(_("No active account has this name: %(user)s") % {"user": user})
        try:
            outcome = import_counts(data=Path(file).read_bytes(), user=account)
        except (OSError, StockImportRefused) as refused:
            raise CommandError(str(refused)) from None
        for error in outcome.errors:
            self.stderr.write(f"{error.row}\t{error.column}\t{error.value}\t{error.message}")
        if outcome.errors:
            raise CommandError(
                _("%(count)d problem(s): nothing was imported.") % {"count": len(outcome.errors)}
            )
        self.stdout.write(
            _("%(imported)d count(s) imported, %(already)d already there.")
            % {"imported": outcome.imported, "already": outcome.already}
        )
