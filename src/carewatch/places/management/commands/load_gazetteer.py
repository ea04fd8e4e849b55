"""``carewatch load_gazetteer``: load (or refresh) the shipped gazetteer into the database."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from carewatch.lib.commands import Operation
from carewatch.places.services import gazetteer_load


class Command(Operation):
    help = "Load the shipped gazetteer (OCHA COD-AB administrative units) for a country."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--country", default="SY", help="ISO country code of the gazetteer (default SY)."
        )

    def handle(self, *args: Any, country: str, **options: Any) -> None:

        count = gazetteer_load(user=None, country=country)
        self.stdout.write(_("%(count)s places loaded.") % {"count": count})
