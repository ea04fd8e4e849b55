"""The memorial list for an event (a commemoration where every name is read out): the health
workers killed in a period whose names are cleared for publication, in both scripts, with
profession, date and place of death (at the public level), in the order chosen, as a printable
PDF and as slides for a screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.lib.pdf.document import Document
from carewatch.places.models import Place
from carewatch.publishing import contents
from carewatch.publishing.pdf import names_table
from carewatch.publishing.present import person_entry

ORDERS = {
    "date": lambda p: (p["date"] or "9999", p["name_latin"] or p["name_ar"]),
    "place": lambda p: (p.get("place_name") or "~", p["date"] or "9999"),
    "latin": lambda p: ((p["name_latin"] or "~").casefold(), p["name_ar"]),
    "arabic": lambda p: (p["name_ar"] or "\uffff", p["name_latin"]),
}


def names(
    *, start: dt.date, end: dt.date, governorate: Place | None, order: str, language: str
) -> list[dict[str, Any]]:
    with translation.override(language):
        rows = [person_entry(p, language) for p in contents.memorial(start, end, governorate)]
    return sorted(rows, key=ORDERS.get(order, ORDERS["date"]))


def memorial_pdf(title: str, rows: list[dict[str, Any]], language: str) -> bytes:
    with translation.override(language):
        doc = Document(language=language, title=title)
        doc.heading(title)
        doc.paragraph(
            _("%(n)s health workers killed, named with their families' or organisations' consent.")
            % {"n": len(rows)},
            size=10,
        )
        names_table(doc, rows)
        return doc.bytes()
