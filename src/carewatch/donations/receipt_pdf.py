"""A receipt as a PDF, from what it froze when issued, in the donor's language and in the form
their country requires: France's reçu fiscal (the model of Cerfa form 11580: the beneficiary, the
donor, the amount in figures and in words, the date, form, nature and means of the gift, the
certification under article 200 of the General Tax Code); Canada's official donation receipt (the
CRA's list: the charity's name, address and registration number, serial number, place and date of
issue, date received, the donor's name and address, amount, advantage, eligible amount, an
authorised signature, the CRA's web address); elsewhere an acknowledgement that is no tax form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from carewatch.donations.choices import Method, ReceiptForm, ReceiptState
from carewatch.donations.models import Receipt
from carewatch.lib.bidi import ltr
from carewatch.lib.pdf.document import Document

CRA = "canada.ca/charities-giving"


def money(amount: str, currency: str) -> str:
    shown = formats.number_format(
        Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return ltr(f"{shown} {currency}")


def day(iso: str) -> str:
    return ltr(formats.date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT"))


def receipt_pdf(receipt: Receipt) -> bytes:
    with translation.override(receipt.language):
        data = receipt.frozen
        form = ReceiptForm(receipt.form)
        title = TITLES[form]()
        doc = Document(language=receipt.language, title=f"{title} {receipt.number}")
        if receipt.state == ReceiptState.VOID:
            doc.heading(_("VOID — %(reason)s") % {"reason": receipt.void_reason}, size=14)
        doc.heading(title)
        LAYOUTS[form](doc, receipt, data)
        if data.get("replaces"):
            doc.paragraph(
                _("This receipt cancels and replaces receipt no. %(number)s.")
                % {"number": ltr(data["replaces"])}
            )
        return doc.bytes()


def _issuer(doc: Document, data: dict[str, Any], heading: str) -> None:
    issuer = data["issuer"]
    doc.heading(heading, size=12)
    doc.paragraph(f"{issuer['name']}\n{issuer['address']}")
    if issuer.get("purpose"):
        doc.paragraph(_("Object: %(purpose)s") % {"purpose": issuer["purpose"]})
    if issuer.get("legal_reference"):
        doc.paragraph(issuer["legal_reference"])


def _donor(doc: Document, data: dict[str, Any]) -> None:
    donor = data["donor"]
    doc.heading(_("Donor"), size=12)
    doc.paragraph("\n".join(p for p in (donor["name"], donor["address"]) if p) or "—")


def _gifts(doc: Document, data: dict[str, Any]) -> None:
    if len(data["gifts"]) > 1:
        doc.table(
            [_("Date"), _("Amount"), _("Means")],
            (
                (
                    day(g["date"]),
                    money(g["amount"], data["currency"]),
                    str(Method(g["method"]).label),
                )
                for g in data["gifts"]
            ),
            widths=(50, 60, 64),
        )


def _france(doc: Document, receipt: Receipt, data: dict[str, Any]) -> None:
    doc.paragraph(_("Receipt no. %(number)s") % {"number": ltr(receipt.number)})
    _issuer(doc, data, _("Beneficiary of the gifts"))
    _donor(doc, data)
    doc.paragraph(
        _(
            "The beneficiary acknowledges having received, as gifts giving the right to a tax "
            "reduction, the sum of: %(amount)s"
        )
        % {"amount": money(data["amount"], data["currency"])}
    )
    doc.paragraph(_("Sum in words: %(words)s") % {"words": data["words"]})
    dates = ", ".join(day(g["date"]) for g in data["gifts"][:12])
    doc.paragraph(_("Date of the gift(s): %(dates)s") % {"dates": dates})
    _gifts(doc, data)
    doc.paragraph(
        _(
            "The beneficiary certifies on its honour that the gifts it receives give the right to "
            "the tax reduction of article 200 of the French General Tax Code (CGI)."
        )
    )
    methods = {g["method"] for g in data["gifts"]}
    nature = _("Other") if methods == {Method.IN_KIND} else _("Cash gift (numéraire)")
    doc.paragraph(_("Form of the gift: declaration of a manual gift (don manuel)"))
    doc.paragraph(_("Nature of the gift: %(nature)s") % {"nature": nature})
    means = ", ".join(sorted(str(Method(m).label) for m in methods))
    doc.paragraph(_("Means of payment: %(means)s") % {"means": means})
    _signed(doc, receipt, data)


def _canada(doc: Document, receipt: Receipt, data: dict[str, Any]) -> None:
    issuer = data["issuer"]
    _issuer(doc, data, _("Registered charity"))
    doc.paragraph(
        _("Registered charity number (BN): %(bn)s") % {"bn": ltr(issuer.get("registration") or "—")}
    )
    doc.paragraph(_("Receipt serial number: %(number)s") % {"number": ltr(receipt.number)})
    doc.paragraph(_("Place of issue: %(place)s") % {"place": issuer["place"]})
    doc.paragraph(_("Date issued: %(date)s") % {"date": day(receipt.issued_on.isoformat())})
    if receipt.annual:
        doc.paragraph(_("Year the gifts were received: %(year)s") % {"year": receipt.year})
    else:
        doc.paragraph(
            _("Date the gift was received: %(date)s") % {"date": day(data["gifts"][0]["date"])}
        )
    _donor(doc, data)
    _gifts(doc, data)
    amount = money(data["amount"], data["currency"])
    doc.paragraph(_("Total amount received: %(amount)s") % {"amount": amount})
    doc.paragraph(
        _("Value of the advantage: %(amount)s") % {"amount": money("0", data["currency"])}
    )
    doc.paragraph(
        _("Eligible amount of the gift for tax purposes: %(amount)s") % {"amount": amount}
    )
    doc.paragraph(_("Sum in words: %(words)s") % {"words": data["words"]})
    _signed(doc, receipt, data)
    doc.paragraph(_("Canada Revenue Agency: %(site)s") % {"site": ltr(CRA)})


def _plain(doc: Document, receipt: Receipt, data: dict[str, Any]) -> None:
    doc.paragraph(_("Acknowledgement no. %(number)s") % {"number": ltr(receipt.number)})
    _issuer(doc, data, _("Received by"))
    _donor(doc, data)
    doc.paragraph(
        _("We thank you for your gift of %(amount)s (%(words)s).")
        % {"amount": money(data["amount"], data["currency"]), "words": data["words"]}
    )
    _gifts(doc, data)
    doc.paragraph(_("This acknowledgement is not a tax receipt."))
    _signed(doc, receipt, data)


def _signed(doc: Document, receipt: Receipt, data: dict[str, Any]) -> None:
    issuer = data["issuer"]
    doc.paragraph(
        _("%(place)s, %(date)s — signed: %(signatory)s")
        % {
            "place": issuer["place"],
            "date": day(receipt.issued_on.isoformat()),
            "signatory": issuer["signatory"],
        }
    )


TITLES = {
    ReceiptForm.FRANCE: lambda: _(
        "Receipt for gifts to organisations of general interest (article 200 of the French "
        "General Tax Code)"
    ),
    ReceiptForm.CANADA: lambda: _("Official donation receipt for income tax purposes"),
    ReceiptForm.PLAIN: lambda: _("Acknowledgement of a gift"),
}
LAYOUTS = {ReceiptForm.FRANCE: _france, ReceiptForm.CANADA: _canada, ReceiptForm.PLAIN: _plain}
