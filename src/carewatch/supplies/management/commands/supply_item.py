"""``carewatch supply_item``: add an item to the supplies catalogue (or list it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.lib.commands import Operation
from carewatch.supplies.models import Item, ItemGroup


class Command(Operation):
    help = "Add an item to the supplies catalogue, or list the catalogue (no arguments)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--group", help="The item group's code (see the list).")
        parser.add_argument("--code", help="A code for the new item (letters, digits, -).")
        parser.add_argument("--unit", help="The unit it is counted in (vial, box, bag…).")
        for language in ("en", "fr", "ar"):
            parser.add_argument(f"--name-{language}", default="", help=f"Its name ({language}).")

    def handle(
        self, *args: Any, group: str | None, code: str | None, unit: str | None, **options: Any
    ) -> None:
        if not (group or code):
            for item in Item.objects.select_related("group"):
                self.stdout.write(
                    f"{item.group.code}\t{item.code}\t{item.unit}\t{item.name_in('en')}"
                )
            return
        names = {
            lang: options[f"name_{lang}"] for lang in ("en", "fr", "ar") if options[f"name_{lang}"]
        }
        found = ItemGroup.objects.filter(code=group or "").first()
        if found is None:
            raise CommandError(_("No item group has this code: %(code)s") % {"code": group})
        if not code or not unit or not names:
            raise CommandError(_("Give --code, --unit and a name in at least one language."))
        if Item.objects.filter(code=code).exists():
            raise CommandError(_("An item has this code already: %(code)s") % {"code": code})
        with transaction.atomic():
            item = Item.objects.create(group=found, code=code, unit=unit, names=names)
            log_action(action="carewatch.supply_item.added", actor="command", obj=item, after=names)
        self.stdout.write(_("Added %(code)s to %(group)s.") % {"code": code, "group": found.code})
