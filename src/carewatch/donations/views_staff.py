"""Campaign staff's gift pages: appeals and the latest gifts, a gift received offline, receipts
(the PDF, void and replace), the year's consolidated receipts, and the accounting exports."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.donations import accounting, receipts, services
from carewatch.donations.forms import OfflineGiftForm, VoidForm
from carewatch.donations.receipt_pdf import receipt_pdf
from carewatch.donations.selectors import (
    managed_appeals,
    managed_donations,
    managed_receipts,
    received,
)
from carewatch.lib.lookups import row_or_404
from carewatch.supporters.services_supporters import Details, SupporterRefused


@require("supporter.manage")
def gifts_home(request: HttpRequest) -> HttpResponse:
    appeals = [(a, received(a)) for a in managed_appeals(request.user).order_by("-created_at")]
    gifts = managed_donations(request.user).prefetch_related("receipts").order_by("-pk")[:50]
    context = {
        "appeals": appeals,
        "gifts": gifts,
        "void_form": VoidForm(),
        "year": timezone.localdate().year - 1,
    }
    return render(request, "donations/staff_home.html", context)


def _appeal_choices(request: HttpRequest) -> list[tuple[int, str]]:
    return [(a.pk, a.slug) for a in managed_appeals(request.user).order_by("slug")]


@require("supporter.manage")
def gift_new(request: HttpRequest) -> HttpResponse:
    form = OfflineGiftForm(request.POST or None, appeals=_appeal_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_offline(
                details=Details(email=data["email"], name=data["name"], country=data["country"]),
                gift=services.Gift(
                    amount=data["amount"],
                    currency=data["currency"],
                    method=data["method"],
                    received_on=data["received_on"],
                    appeal=managed_appeals(request.user).filter(pk=data["appeal"]).first(),
                    address=data["address"],
                    note=data["note"],
                ),
                actor=request.user,
            )
        except (services.GiftRefused, SupporterRefused, receipts.ReceiptRefused) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Gift recorded."))
            return redirect("gifts-home")
    status = 400 if form.errors else 200
    return render(request, "donations/staff_gift.html", {"form": form}, status=status)


@require("supporter.manage")
def receipt_file(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = row_or_404(managed_receipts(request.user), pk)
    log_action(action="carewatch.receipt.pdf_viewed", actor=request.user, obj=receipt)
    response = HttpResponse(receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require("supporter.manage")
@require_POST
def receipt_void(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = row_or_404(managed_receipts(request.user), pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the receipt is void."))
        return redirect("gifts-home")
    try:
        if request.POST.get("replace"):
            new = receipts.reissue(
                receipt=receipt, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(
                request,
                _("Receipt %(old)s is void; %(new)s replaces it.")
                % {"old": receipt.number, "new": new.number if new else "—"},
            )
        else:
            receipts.void(receipt=receipt, reason=form.cleaned_data["reason"], actor=request.user)
            messages.success(request, _("Receipt %(old)s is void.") % {"old": receipt.number})
    except receipts.ReceiptRefused as refused:
        messages.error(request, str(refused))
    return redirect("gifts-home")


@require("supporter.manage")
@require_POST
def receipts_annual(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= date.today().year else None
    if year is None:
        messages.error(request, _("Give a past year."))
        return redirect("gifts-home")
    try:
        made = receipts.annual(year=year, actor=request.user)
    except receipts.ReceiptRefused as refused:
        messages.error(request, str(refused))
        return redirect("gifts-home")
    messages.success(
        request,
        _("%(count)d consolidated receipt(s) issued for %(year)d.")
        % {"count": len(made), "year": year},
    )
    return redirect("gifts-home")


def _export(request: HttpRequest, name: str, body: object) -> StreamingHttpResponse:
    log_action(action="carewatch.donation.exported", actor=request.user, after={"file": name})
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require("supporter.manage")
def gifts_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "gifts.csv", accounting.gifts_csv(managed_donations(request.user)))


@require("supporter.manage")
def receipts_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "receipts.csv", accounting.receipts_csv(managed_receipts(request.user)))
