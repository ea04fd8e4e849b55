"""The accounting exports: every gift, and every receipt (void ones too), as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from carewatch.donations.models import Receipt
from carewatch.lib.cells import safe_cell

GIFT_HEADER = [
    "gift",
    "received_on",
    "donor",
    "donor_name",
    "donor_country",
    "amount",
    "refunded",
    "currency",
    "method",
    "frequency",
    "state",
    "provider",
    "reference",
    "appeal",
    "receipts",
    "generated",
]
RECEIPT_HEADER = [
    "number",
    "fiscal_year",
    "serial",
    "issued_on",
    "form",
    "donor",
    "donor_name",
    "amount",
    "currency",
    "annual",
    "state",
    "void_reason",
    "replaces",
    "gifts",
    "generated",
]


def _csv(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) if isinstance(v, str) else v for v in row])
        if out.tell() > 64_000:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def gifts_csv(rows: Any) -> Iterator[str]:
    def lines() -> Iterator[list[Any]]:
        for d in rows.prefetch_related("receipts").order_by("pk").iterator(chunk_size=500):
            yield [
                d.pk,
                d.received_on.isoformat() if d.received_on else "",
                d.supporter_id,
                d.supporter.name,
                d.supporter.country,
                d.amount,
                d.refunded,
                d.currency,
                d.method,
                d.frequency,
                d.state,
                d.provider,
                d.reference or "",
                d.appeal.slug if d.appeal else "",
                " ".join(f"{r.number}:{r.state}" for r in d.receipts.all()),
                d.generated,
            ]

    return _csv(GIFT_HEADER, lines())


def receipts_csv(rows: Any) -> Iterator[str]:
    def lines() -> Iterator[list[Any]]:
        receipt: Receipt
        for receipt in (
            rows.select_related("replaces")
            .prefetch_related("donations")
            .order_by("year", "serial")
            .iterator(chunk_size=500)
        ):
            yield [
                receipt.number,
                receipt.year,
                receipt.serial,
                receipt.issued_on.isoformat(),
                receipt.form,
                receipt.supporter_id,
                receipt.frozen["donor"]["name"],
                receipt.amount,
                receipt.currency,
                receipt.annual,
                receipt.state,
                receipt.void_reason,
                receipt.replaces.number if receipt.replaces else "",
                " ".join(str(d.pk) for d in receipt.donations.all()),
                receipt.generated,
            ]

    return _csv(RECEIPT_HEADER, lines())
