"""Reading the stock counts sent with the XLSForm (``supplies.stockform``), as KoBoToolbox or
ODK Central export them (CSV, comma or semicolon, or XLSX): every row is checked first; one row in
error and nothing is written; a submission imported before (its ``_uuid``) is left alone."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from carewatch.facilities.selectors import facilities_for
from carewatch.lib.rowerrors import RowError
from carewatch.supplies.models import Item, StockReport
from carewatch.supplies.services import Count, record_stock
from carewatch_core.digits import ascii_digits

COLUMNS = ("facility", "item", "quantity", "daily_use", "date")


@dataclass
class Outcome:
    imported: int = 0
    already: int = 0
    errors: list[RowError] = field(default_factory=list)


class StockImportRefused(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def _table(data: bytes) -> list[list[str]]:
    if data[:2] == b"PK":
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StockImportRefused(
            _("The file is not UTF-8 text: export it again as CSV (UTF-8).")
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _number(text: str) -> Decimal | None:
    try:
        # Arabic-Indic digits as ASCII; the Arabic decimal separator (U+066B) and a comma as a point.
        value = Decimal(ascii_digits(text.strip()).replace("\u066b", ".").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Row:
    number: int
    facility: Any
    item: Item
    count: Count
    submission: str


def _rows(table: list[list[str]], user: Any) -> tuple[list[Row], list[RowError]]:
    if not table:
        raise StockImportRefused(_("The file is empty."))
    header = [h.strip().lower().split("/")[-1] for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise StockImportRefused(
            _("The file has no column for: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    at = {name: header.index(name) for name in (*COLUMNS, "_uuid") if name in header}
    known = Known({f.pk: f for f in facilities_for(user)}, {i.code: i for i in Item.objects.all()})
    rows: list[Row] = []
    errors: list[RowError] = []
    for number, cells in enumerate(table[1:], start=2):
        cell = {name: (cells[i].strip() if i < len(cells) else "") for name, i in at.items()}
        if any(cell.values()):
            found = _row(number, cell, known, errors)
            if found is not None:
                rows.append(found)
    return rows, errors


@dataclass(frozen=True)
class Known:
    facilities: dict[int, Any]
    items: dict[str, Item]


def _row(number: int, cell: dict[str, str], known: Known, errors: list[RowError]) -> Row | None:
    """One submission, checked (its problems added to ``errors``)."""

    def problem(column: str, message: str) -> None:
        errors.append(RowError(number, column, cell.get(column, ""), message))

    raw = cell["facility"]
    facility = known.facilities.get(int(raw)) if raw.isdigit() else None
    if facility is None:
        problem("facility", _("No facility you may see has this number."))
    item = known.items.get(cell["item"])
    if item is None:
        problem("item", _("No item of the catalogue has this code."))
    quantity, daily = _number(cell["quantity"]), _number(cell["daily_use"])
    if quantity is None:
        problem("quantity", _("A number, zero or more."))
    if daily is None:
        problem("daily_use", _("A number, zero or more."))
    day = _day(cell["date"])
    if day is None or day > timezone.localdate():
        problem("date", _("A date such as 2026-11-30, not in the future."))
        day = None
    if facility is None or item is None or quantity is None or daily is None or day is None:
        return None
    submission = cell.get("_uuid", "")[:64]
    return Row(number, facility, item, Count(item, quantity, daily, day), submission)


@transaction.atomic
def import_counts(*, data: bytes, user: Any) -> Outcome:
    rows, errors = _rows(_table(data), user)
    outcome = Outcome(errors=errors)
    if errors:
        return outcome
    for row in rows:
        if row.submission and StockReport.objects.filter(submission=row.submission).exists():
            outcome.already += 1
            continue
        record_stock(user=user, facility=row.facility, count=row.count, submission=row.submission)
        outcome.imported += 1
    return outcome
