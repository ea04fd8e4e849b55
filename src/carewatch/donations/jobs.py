"""The gifts' background work: each receipt goes to its donor by email, as a PDF attached, from
the job queue's mail queue (built when sent: a receipt voided meanwhile is not sent)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from carewatch.donations.choices import ReceiptState
from carewatch.donations.models import Receipt
from carewatch.donations.receipt_pdf import receipt_pdf
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.mailer import attachment


@task(queue_name="mail")
def send_receipt(receipt_id: int) -> str:
    receipt = Receipt.objects.select_related("supporter").filter(pk=receipt_id).first()
    if receipt is None or receipt.state != ReceiptState.VALID or not receipt.supporter.email:
        return "not sent"
    appeal = receipt.donations.filter(appeal__isnull=False).values_list("appeal__slug", flat=True)
    slug = next(iter(appeal), None)
    data = {
        "number": receipt.number,
        "amount": f"{receipt.amount} {receipt.currency}",
        "replaces": (receipt.frozen or {}).get("replaces") or "",
        "annual": receipt.annual,
        "year": receipt.year,
        "appeal_url": settings.CAREWATCH_SITE_URL + reverse("appeal-page", args=[slug])
        if slug
        else "",
    }
    queue_message(
        to=receipt.supporter.email,
        template="gift_receipt",
        data=data,
        language=receipt.language,
        requested=True,
        attachments=[
            attachment(f"receipt-{receipt.number}.pdf", "application/pdf", receipt_pdf(receipt))
        ],
    )
    return "queued"
