"""The stock count as an XLSForm (Arabic, French, English) for KoBoToolbox or ODK Collect, for
counting where there is no connection; ``supplies.stock_import`` reads its submissions.

The facility is asked by its CareWatch number (on its page), never chosen from a list: a list of
facilities' names in a form kept on someone else's server would give the registry away.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from carewatch.incidents.fieldform import LANGUAGES, add_sheet, finish_form, form_labels
from carewatch.supplies.models import Item
from carewatch.supplies.units import unit_label

FORM_ID = "carewatch_stock_count"
QUANTITY = "regex(., '^[0-9\u0660-\u0669]+([.,][0-9\u0660-\u0669]+)?$')"

# (type, name, label, required, constraint)
QUESTIONS: list[tuple[str, str, Any, bool, str]] = [
    ("integer", "facility", lambda: _("Facility number (on its CareWatch page)"), True, ". > 0"),
    ("select_one item", "item", lambda: _("Item"), True, ""),
    ("text", "quantity", lambda: _("Quantity in stock (in the item's unit)"), True, QUANTITY),
    ("text", "daily_use", lambda: _("Used per day"), True, QUANTITY),
    ("date", "date", lambda: _("Counted on"), True, ". <= today()"),
    ("start", "start", None, False, ""),
    ("end", "end", None, False, ""),
]


def _item_label(item: Item) -> dict[str, str]:
    out = {}
    for code, _name in LANGUAGES:
        with translation.override(code):
            out[code] = f"{item.name_in(code)} ({unit_label(item.unit)})"
    return out


def build_stockform(path: Path, version: str) -> Path:
    book = Workbook()
    book.remove(book.active)
    header = ["type", "name", *(f"label::{n}" for _c, n in LANGUAGES), "required", "constraint"]
    add_sheet(
        book,
        "survey",
        header,
        (
            [kind, name, *form_labels(label), "yes" if required else "", constraint]
            for kind, name, label, required, constraint in QUESTIONS
        ),
    )
    add_sheet(
        book,
        "choices",
        ["list_name", "name", *(f"label::{n}" for _c, n in LANGUAGES)],
        (
            ["item", i.code, *form_labels(_item_label(i))]
            for i in Item.objects.select_related("group")
        ),
    )
    with translation.override("en"):
        title = _("CareWatch: count a facility's stock")
    return finish_form(book, path, title=title, form_id=FORM_ID, version=version)
