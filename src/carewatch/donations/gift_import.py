"""Importing gifts from a bank's or a payment provider's CSV export (audited): every row is
checked first; one row in error and nothing is written (the errors are listed by row and column,
in the user's language); a row imported before (its reference, or the same date, amount, donor and
currency) is left alone, so importing the same file twice adds nothing.

Columns (case and spaces ignored; the names of Stripe's payments export are understood too):
``date``, ``amount``, ``currency``, ``email`` are required; ``name``, ``country``, ``method``
(transfer, cheque, cash, in_kind, card), ``reference``, ``address``, ``appeal`` (its address),
``frequency`` (one_off, monthly) are optional.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.donations import receipts
from carewatch.donations.choices import DonationState, Frequency, Method
from carewatch.donations.models import Appeal, Donation
from carewatch.lib.rowerrors import RowError
from carewatch.supporters.services_supporters import Details, SupporterRefused, supporter_for
from carewatch_core.addresses import is_plain_address

#: Where a file comes from: a bank statement, or the payment provider's own export.
BANK, STRIPE = "bank", "stripe"
SOURCES = (BANK, STRIPE)
#: Rows one file may hold.
MOST_ROWS = 20_000
ALIASES = {
    "date": ("date", "created (utc)", "created", "date reçue", "received on", "booking date"),
    "amount": ("amount", "montant", "converted amount"),
    "currency": ("currency", "devise", "converted currency"),
    "email": ("email", "customer email", "e-mail", "courriel"),
    "name": ("name", "customer name", "nom", "card name"),
    "country": ("country", "pays", "card address country", "customer address country"),
    "method": ("method", "moyen", "payment method"),
    "reference": (
        "reference",
        "référence",
        "paymentintent id",
        "payment intent id",
        "transaction id",
        "id",
    ),
    "address": ("address", "adresse"),
    "appeal": ("appeal", "appel"),
    "frequency": ("frequency", "fréquence"),
}
REQUIRED = ("date", "amount", "currency", "email")


@dataclass
class Outcome:
    imported: list[int] = field(default_factory=list)
    already: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportRefused(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def _columns(header: list[str]) -> dict[str, int]:
    """Where each known column is (the first of its names, in ``ALIASES``' order, that the
    header has: a payment intent's id before a charge's)."""
    names = [" ".join(raw.strip().lower().split()) for raw in header]
    found: dict[str, int] = {}
    for key, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise ImportRefused(
            _("The file has no column for: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return found


def _day(text: str) -> date | None:
    text = text.strip()[:19]
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _amount(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    # "150,50" is a decimal comma; "1,250.50" a thousands separator.
    comma_decimal = "," in cleaned and "." not in cleaned
    cleaned = cleaned.replace(",", "." if comma_decimal else "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True)
class Row:
    number: int
    day: date
    amount: Decimal
    currency: str
    email: str
    name: str
    country: str
    method: str
    reference: str
    address: str
    appeal: Appeal | None
    frequency: str


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _row(
    number: int,
    cells: list[str],
    columns: dict[str, int],
    context: tuple[dict[str, Appeal], str],
    errors: list[RowError],
) -> Row | None:
    appeals, source = context
    get = partial(_cell, cells, columns)
    before = len(errors)
    day = _day(get("date"))
    if day is None or day > timezone.localdate():
        errors.append(
            RowError(
                number,
                "date",
                get("date"),
                _("A date such as 2026-11-30 or 30/11/2026, not in the future."),
            )
        )
    amount = _amount(get("amount"))
    if amount is None or amount <= 0:
        errors.append(
            RowError(number, "amount", get("amount"), _("An amount above zero, such as 150.00."))
        )
    currency = get("currency").upper()
    if len(currency) != 3 or not currency.isalpha():
        errors.append(
            RowError(
                number,
                "currency",
                get("currency"),
                _("A currency's three-letter code (EUR, CAD…)."),
            )
        )
    email = get("email")
    if not is_plain_address(email):
        errors.append(
            RowError(
                number, "email", email, _("The donor's email address, such as name@example.org.")
            )
        )
    method = (get("method") or (Method.CARD if source == STRIPE else Method.TRANSFER)).lower()
    if method not in Method.values:
        errors.append(
            RowError(
                number, "method", get("method"), _("One of: transfer, cheque, cash, in_kind, card.")
            )
        )
    elif method == Method.CARD and source == BANK:
        errors.append(
            RowError(
                number, "method", method, _("Card gifts come from the payment provider's export.")
            )
        )
    frequency = (get("frequency") or Frequency.ONE_OFF).lower()
    if frequency not in Frequency.values:
        errors.append(RowError(number, "frequency", get("frequency"), _("one_off or monthly.")))
    slug = get("appeal")
    if slug and slug not in appeals:
        errors.append(RowError(number, "appeal", slug, _("No appeal has this address.")))
    country = get("country").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        errors.append(
            RowError(number, "country", get("country"), _("A two-letter country code (FR, CA…)."))
        )
    if len(errors) > before or day is None or amount is None:
        return None
    return Row(
        number,
        day,
        amount,
        currency,
        email,
        get("name")[:200],
        country,
        method,
        get("reference")[:100],
        get("address")[:400],
        appeals.get(slug),
        frequency,
    )


def _key(row: Row) -> str:
    """The row's reference, or one made of what it says (the same gift imported twice matches)."""
    if row.reference:
        return row.reference
    said = f"{row.day}|{row.amount}|{row.currency}|{row.email.lower()}"
    return "row:" + hashlib.sha256(said.encode()).hexdigest()[:32]


def read(data: bytes, appeals: dict[str, Appeal], source: str) -> tuple[list[Row], list[RowError]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            _("The file is not UTF-8 text: export it again as CSV (UTF-8).")
        ) from None
    dialect = csv.excel_tab if text.count("\t") > text.count(",") + text.count(";") else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ImportRefused(_("The file is empty."))
    if len(header) == 1 and ";" in header[0]:
        reader = csv.reader(io.StringIO(text), delimiter=";")
        header = next(reader)
    columns = _columns(header)
    rows: list[Row] = []
    errors: list[RowError] = []
    for number, cells in enumerate(reader, start=2):
        if number - 1 > MOST_ROWS:
            raise ImportRefused(_("More than %(most)d rows: split the file.") % {"most": MOST_ROWS})
        if not any(c.strip() for c in cells):
            continue
        found = _row(number, cells, columns, (appeals, source), errors)
        if found is not None:
            rows.append(found)
    return rows, errors


@transaction.atomic
def import_gifts(*, data: bytes, source: str, actor: Any, file_name: str) -> Outcome:
    """Check every row, then import them all (or, one row in error, none)."""
    appeals = {a.slug: a for a in Appeal.objects.all()}
    rows, errors = read(data, appeals, source)
    outcome = Outcome(errors=errors)
    if errors:
        return outcome
    for row in rows:
        reference = _key(row)
        if Donation.objects.filter(provider=source, reference=reference).exists():
            outcome.already += 1
            continue
        try:
            supporter = supporter_for(
                details=Details(email=row.email, name=row.name, country=row.country),
                form=f"import:{source}"[:60],
            )
        except SupporterRefused as refused:
            transaction.set_rollback(True)
            return Outcome(errors=[RowError(row.number, "email", row.email, str(refused))])
        gift = Donation.objects.create(
            appeal=row.appeal,
            supporter=supporter,
            amount=row.amount,
            currency=row.currency,
            method=row.method,
            frequency=row.frequency,
            state=DonationState.SUCCEEDED,
            received_on=row.day,
            donor_address=row.address,
            provider=source,
            reference=reference,
            recorded_by=str(actor)[:150],
        )
        receipts.after_success(gift, actor)
        outcome.imported.append(gift.pk)
    log_action(
        action="carewatch.donation.imported",
        actor=actor,
        object_type="donations.import",
        object_id=file_name[:100],
        after={"source": source, "imported": len(outcome.imported), "already": outcome.already},
    )
    return outcome
