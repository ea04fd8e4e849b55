"""Appeals and gifts: card gifts whose amount and state come only from Stripe's signed events
(signed here with Stripe's documented scheme: this machine cannot reach Stripe), forged and
replayed events refused, receipts numbered per fiscal year without gaps, in the form and language
of the donor's country, voided and replaced on refunds, consolidated for monthly gifts; gifts
staff record; the accounting exports; supporters' rights over gifts."""

from __future__ import annotations

import io
import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from carewatch.audit.models import AuditEntry
from carewatch.donations import receipts, services
from carewatch.donations.choices import DonationState, Frequency, ReceiptForm, ReceiptState
from carewatch.donations.models import Donation, Issuer, Receipt, ReceiptCounter
from carewatch.donations.receipt_pdf import receipt_pdf
from carewatch.supporters import services_supporters
from carewatch.supporters.guards import started_token
from carewatch.supporters.services_supporters import Details
from donation_support import SECRET, event, make_appeal, make_issuers, post_event, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_settings(settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.CAREWATCH_STRIPE_WEBHOOK_SECRET = SECRET
    settings.CAREWATCH_SITE_URL = "https://carewatch.example"
    make_issuers()


def _pending(appeal: Any = None, amount: str = "50", email: str = "donor@example.org") -> Donation:
    return services.start_checkout(
        details=Details(email=email, name="Claire Martin", country="FR", language="fr"),
        gift=services.Gift(amount=Decimal(amount), currency="EUR", method="card", appeal=appeal),
        provider="stripe",
        form="appeal:test",
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- card gifts: only the provider's signed events count -----------------------------------------


def test_a_signed_checkout_completion_makes_the_gift_succeed_and_issues_its_receipt(
    client: Client,
) -> None:
    appeal = make_appeal()
    pending = _pending(appeal, amount="5")  # what the browser asked: not what was paid
    answer = post_event(client, event("checkout.session.completed", session(pending.pk, 15000)))
    assert answer.status_code == 200, answer.content
    pending.refresh_from_db()
    assert pending.state == DonationState.SUCCEEDED and pending.amount == Decimal("150.00")
    assert pending.reference == "pi_test_1"
    [receipt] = pending.receipts.all()
    assert receipt.number == f"{date.today().year}-000001" and receipt.form == ReceiptForm.FRANCE
    assert receipt.amount == Decimal("150.00") and receipt.language == "fr"
    page = client.get(reverse("appeal-page", args=[appeal.slug])).content.decode()
    assert "150 EUR" in page


def test_forged_replayed_and_stale_events_change_nothing(client: Client) -> None:
    pending = _pending()
    payload = event("checkout.session.completed", session(pending.pk, 15000))
    forged = post_event(client, payload, secret="whsec_someone_else")
    stale = post_event(client, payload, at=int(time.time()) - 600)
    unsigned = client.post(
        reverse("donation-webhook", args=["stripe"]),
        {"state": "succeeded", "amount": "1000000", "donation": pending.pk},
    )
    assert (forged.status_code, stale.status_code, unsigned.status_code) == (400, 400, 400)
    pending.refresh_from_db()
    assert pending.state == DonationState.PENDING and not Receipt.objects.exists()
    assert (
        post_event(client, payload)
        .json()["outcome"]
        .endswith("receipt " + f"{date.today().year}-000001")
    )
    again = post_event(client, payload)  # the same event, signed again: applied once
    assert again.json()["outcome"] == "already applied"
    assert Receipt.objects.count() == 1 and Donation.objects.count() == 1
    paypal = reverse("donation-webhook", args=["paypal"])
    assert client.post(paypal, b"{}", content_type="application/json").status_code == 404


def test_an_amount_posted_from_the_browser_is_never_a_gift(client: Client, settings: Any) -> None:
    appeal = make_appeal()
    settings.CAREWATCH_STRIPE_SECRET_KEY = "sk_test_carewatch"
    settings.CAREWATCH_STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe unreachable from here
    form = {
        "amount": "1000000",
        "frequency": "one_off",
        "name": "Claire Martin",
        "email": "claire@example.org",
        "country": "FR",
        "started": started_token(time.time() - 30),
        "website": "",
        "state": "succeeded",
    }
    response = client.post(
        reverse("appeal-give", args=[appeal.slug]), form, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400  # over the form's limit: refused, nothing written
    assert not Donation.objects.exists()
    form["amount"] = "80"
    response = client.post(
        reverse("appeal-give", args=[appeal.slug]), form, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 503 and "Rien n&#x27;a été débité" in response.content.decode()
    [gift] = Donation.objects.all()
    assert gift.state == DonationState.FAILED and not Receipt.objects.exists()


def test_without_a_provider_the_appeal_shows_the_other_ways_to_give(client: Client) -> None:
    appeal = make_appeal()
    page = client.get(reverse("appeal-page", args=[appeal.slug]), HTTP_ACCEPT_LANGUAGE="ar")
    body = page.content.decode()
    assert 'dir="rtl"' in body and "IBAN FR76 0000" in body and 'name="amount"' not in body


# --- refunds, disputes, corrections: receipts voided, replaced ---------------------------------


def test_a_partial_refund_voids_the_receipt_and_a_new_one_replaces_it(client: Client) -> None:
    pending = _pending()
    post_event(client, event("checkout.session.completed", session(pending.pk, 15000)))
    refund = {
        "object": "charge",
        "payment_intent": "pi_test_1",
        "amount_refunded": 5000,
        "currency": "eur",
    }
    post_event(client, event("charge.refunded", refund, "evt_2"))
    first, second = Receipt.objects.order_by("serial")
    assert first.state == ReceiptState.VOID and first.void_reason == "Refund"
    assert second.replaces == first and second.amount == Decimal("100.00")
    assert second.number.endswith("-000002")
    text = _text(receipt_pdf(second))
    assert f"annule et remplace le reçu n° {first.number}" in text.replace("\u2066", "").replace(
        "\u2069", ""
    )
    assert "cent euros" in text
    assert "ANNULÉ" in _text(receipt_pdf(first))
    full = {**refund, "amount_refunded": 15000}
    post_event(client, event("charge.refunded", full, "evt_3"))
    pending.refresh_from_db()
    assert pending.state == DonationState.REFUNDED
    assert not Receipt.objects.filter(state=ReceiptState.VALID).exists()  # nothing left to receipt


def test_a_dispute_voids_the_receipt(client: Client) -> None:
    pending = _pending()
    post_event(client, event("checkout.session.completed", session(pending.pk, 2000)))
    post_event(
        client,
        event(
            "charge.dispute.created", {"object": "dispute", "payment_intent": "pi_test_1"}, "evt_d"
        ),
    )
    pending.refresh_from_db()
    assert pending.state == DonationState.DISPUTED
    assert Receipt.objects.get().state == ReceiptState.VOID


def test_numbers_follow_each_other_with_no_gap_even_when_an_issue_fails(campaigner: Any) -> None:
    details = Details(email="a@example.org", name="A", country="FR")
    gift = services.Gift(amount=Decimal(10), currency="EUR", method="cheque")
    services.record_offline(details=details, gift=gift, actor=campaigner)
    Issuer.objects.all().delete()
    with pytest.raises(receipts.ReceiptRefused):
        services.record_offline(details=details, gift=gift, actor=campaigner)
    assert Donation.objects.count() == 1  # the failed one left nothing
    make_issuers()
    services.record_offline(details=details, gift=gift, actor=campaigner)
    year = date.today().year
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [
        f"{year}-000001",
        f"{year}-000002",
    ]
    assert ReceiptCounter.objects.get(year=year).last == 2


def test_receipts_take_the_form_of_the_donors_country_in_their_language(campaigner: Any) -> None:
    french = services.record_offline(
        details=Details(email="f@example.org", name="Claire Martin", country="FR", language="fr"),
        gift=services.Gift(
            amount=Decimal("150"),
            currency="EUR",
            method="cheque",
            received_on=date(2026, 11, 25),
            address="3 rue Exemple, 75004 Paris",
        ),
        actor=campaigner,
    )
    canadian = services.record_offline(
        details=Details(email="c@example.org", name="Sam Tremblay", country="CA", language="en"),
        gift=services.Gift(
            amount=Decimal("200"),
            currency="CAD",
            method="transfer",
            received_on=date(2026, 10, 1),
            address="12 Queen St, Toronto",
        ),
        actor=campaigner,
    )
    fr = _text(receipt_pdf(french.receipts.get())).replace("\u2066", "").replace("\u2069", "")
    assert "Reçu au titre des dons" in fr and "article 200" in fr
    assert "cent cinquante euros" in fr and "UOSSM France" in fr and "Claire Martin" in fr
    assert "don manuel" in fr and "Chèque" in fr and "25/11/2026" in fr
    ca = _text(receipt_pdf(canadian.receipts.get())).replace("\u2066", "").replace("\u2069", "")
    assert "Official donation receipt for income tax purposes" in ca
    assert "Registered charity number (BN): 123456789RR0001" in ca
    assert "Eligible amount of the gift for tax purposes: 200.00 CAD" in ca
    assert "two hundred Canadian dollars" in ca and "canada.ca/charities-giving" in ca
    arabic = services.record_offline(
        details=Details(email="s@example.org", name="سارة", country="SY", language="ar"),
        gift=services.Gift(amount=Decimal("20"), currency="EUR", method="cash"),
        actor=campaigner,
    )
    assert arabic.receipts.get().form == ReceiptForm.PLAIN
    assert "عشرون" in _text(receipt_pdf(arabic.receipts.get()))


def test_monthly_gifts_get_one_consolidated_receipt_for_the_year(
    client: Client, campaigner: Any
) -> None:
    first = _pending()
    Donation.objects.filter(pk=first.pk).update(frequency=Frequency.MONTHLY)
    completed = session(
        first.pk, 1000, mode="subscription", subscription="sub_1", payment_intent=None
    )
    post_event(client, event("checkout.session.completed", completed))
    invoice = {
        "object": "invoice",
        "billing_reason": "subscription_cycle",
        "subscription": "sub_1",
        "amount_paid": 1000,
        "currency": "eur",
    }
    post_event(client, event("invoice.paid", invoice, "evt_inv"))
    assert Donation.objects.filter(state=DonationState.SUCCEEDED, frequency="monthly").count() == 2
    assert not Receipt.objects.exists()  # monthly gifts wait for the year's receipt
    [annual] = receipts.annual(year=date.today().year, actor=campaigner)
    assert annual.annual and annual.amount == Decimal("20.00") and annual.donations.count() == 2
    assert receipts.annual(year=date.today().year, actor=campaigner) == []


# --- staff ------------------------------------------------------------------------------------


def test_staff_record_an_offline_gift_and_export_the_accounts(
    client: Client, campaigner: Any, verifier: Any
) -> None:
    appeal = make_appeal()
    client.force_login(campaigner)
    form = {
        "email": "cheque@example.org",
        "name": "=HYPERLINK(1)",
        "country": "FR",
        "amount": "-5",
        "currency": "EUR",
        "method": "cheque",
        "received_on": "2026-11-30",
        "appeal": str(appeal.pk),
    }
    assert client.post(reverse("gift-new"), form).status_code == 400
    assert not Donation.objects.exists()
    form["amount"] = "250"
    assert client.post(reverse("gift-new"), form).status_code == 302
    gift = Donation.objects.get()
    assert gift.state == DonationState.SUCCEEDED and gift.receipts.count() == 1
    gifts = b"".join(client.get(reverse("gifts-export")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in gifts and "250.00" in gifts and gift.receipts.get().number in gifts
    listing = b"".join(client.get(reverse("receipts-export")).streaming_content).decode()
    assert gift.receipts.get().number in listing
    pdf = client.get(reverse("receipt-pdf", args=[gift.receipts.get().pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="carewatch.receipt.pdf_viewed").exists()
    client.post(
        reverse("receipt-void", args=[gift.receipts.get().pk]),
        {"reason": "Name misspelt", "replace": "1"},
    )
    assert Receipt.objects.filter(state=ReceiptState.VALID).get().replaces is not None
    client.force_login(verifier)
    assert client.get(reverse("gifts-home")).status_code == 403


def test_export_and_erasure_of_a_donor(campaigner: Any) -> None:
    gift = services.record_offline(
        details=Details(email="e@example.org", name="E", country="FR"),
        gift=services.Gift(amount=Decimal(10), currency="EUR", method="cash", address="1 rue X"),
        actor=campaigner,
    )
    data = services_supporters.exported(supporter=gift.supporter, actor=campaigner)
    assert data["gifts"][0]["amount"] == "10.00" and data["gifts"][0]["address_given"] == "1 rue X"
    services_supporters.erase(supporter=gift.supporter, actor=campaigner)
    gift.refresh_from_db()
    assert gift.donor_address == "" and gift.state == DonationState.SUCCEEDED


def test_the_donor_receives_the_receipt_by_email_in_their_language(
    client: Client, smtp: Any
) -> None:
    from import_fixtures import run_jobs

    pending = _pending()
    post_event(client, event("checkout.session.completed", session(pending.pk, 15000)))
    run_jobs()
    [arrived] = smtp.arrived
    message = arrived.message
    number = Receipt.objects.get().number
    assert message["Subject"].strip() == f"Merci — votre reçu n° {number}"
    [pdf] = [p for p in message.walk() if p.get_filename() == f"receipt-{number}.pdf"]
    assert "Reçu au titre des dons" in _text(pdf.get_payload(decode=True))
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- importing a bank's or the provider's export ------------------------------------------------


def _upload(client: Client, text: str, source: str = "bank", language: str = "en") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.csv", text.encode(), content_type="text/csv")
    return client.post(
        reverse("gifts-import"), {"source": source, "file": upload}, HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_bank_export_with_one_bad_row_imports_nothing_and_says_where(
    client: Client, campaigner: Any
) -> None:
    make_appeal()
    client.force_login(campaigner)
    bad = (
        "Date;Montant;Devise;Email;Nom;Pays;Appel\n"
        "30/11/2026;150,50;EUR;claire@example.org;Claire Martin;FR;aleppo\n"
        "31/11/2026;-1;EURO;not-an-address;X;France;nowhere\n"
    )
    response = _upload(client, bad, language="fr")
    body = response.content.decode()
    assert response.status_code == 400 and "rien n'a été importé" in body.lower()
    for column in ("date", "amount", "currency", "email", "country", "appeal"):
        assert f">{column}<" in body
    assert not Donation.objects.exists() and not Receipt.objects.exists()


def test_a_bank_export_imports_once_however_often_it_is_sent(
    client: Client, campaigner: Any
) -> None:
    appeal = make_appeal()
    client.force_login(campaigner)
    good = (
        "date,amount,currency,email,name,country,method,appeal\n"
        '2026-11-30,"1,250.50",EUR,claire@example.org,Claire Martin,FR,transfer,aleppo\n'
        "2026-11-29,40,CAD,sam@example.org,Sam Tremblay,CA,cheque,\n"
        ",,,,,,,\n"
    )
    assert _upload(client, good).status_code == 302
    assert Donation.objects.count() == 2 and Receipt.objects.count() == 2
    claire = Donation.objects.get(supporter__email="claire@example.org")
    assert claire.amount == Decimal("1250.50") and claire.appeal == appeal
    assert claire.receipts.get().form == ReceiptForm.FRANCE
    assert _upload(client, good).status_code == 302  # the same file again: nothing new
    assert Donation.objects.count() == 2 and Receipt.objects.count() == 2
    card = "date,amount,currency,email,method\n2026-11-30,10,EUR,c@example.org,card\n"
    assert _upload(client, card).status_code == 400  # a card gift is the provider's to say
    entry = AuditEntry.objects.filter(action="carewatch.donation.imported").first()
    assert entry is not None and entry.after["imported"] == 2


def test_a_stripe_export_matches_the_gifts_its_webhook_already_recorded(
    client: Client, campaigner: Any
) -> None:
    pending = _pending()
    post_event(client, event("checkout.session.completed", session(pending.pk, 15000)))
    client.force_login(campaigner)
    export = (
        "id,Created (UTC),Amount,Currency,Customer Email,PaymentIntent ID,Card Name\n"
        "ch_1,2026-11-30 10:00:00,150.00,eur,donor@example.org,pi_test_1,Claire Martin\n"
        "ch_2,2026-11-30 11:00:00,20.00,eur,other@example.org,pi_test_2,Omar Laurent\n"
    )
    assert _upload(client, export, source="stripe").status_code == 302
    assert Donation.objects.filter(reference="pi_test_1").count() == 1  # not twice
    other = Donation.objects.get(reference="pi_test_2")
    assert other.method == "card" and other.provider == "stripe" and other.receipts.count() == 1
