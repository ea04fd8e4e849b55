"""Campaign staff import gifts from a bank's or the payment provider's CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from carewatch.accounts.decorators import require
from carewatch.donations import gift_import
from carewatch.donations.forms import GiftImportForm

#: Bytes an uploaded export may have.
MOST_BYTES = 5 * 1024 * 1024


@require("supporter.manage")
def gifts_import(request: HttpRequest) -> HttpResponse:
    form = GiftImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MOST_BYTES:
            form.add_error("file", _("The file is larger than 5 MB: split it."))
        else:
            try:
                outcome = gift_import.import_gifts(
                    data=upload.read(),
                    source=form.cleaned_data["source"],
                    actor=request.user,
                    file_name=upload.name,
                )
            except gift_import.ImportRefused as refused:
                form.add_error("file", str(refused))
            else:
                if not outcome.errors:
                    messages.success(
                        request,
                        _("%(imported)d gift(s) imported, %(already)d already there.")
                        % {"imported": len(outcome.imported), "already": outcome.already},
                    )
                    return redirect("gifts-home")
    status = 400 if form.errors or (outcome and outcome.errors) else 200
    context = {"form": form, "errors": outcome.errors if outcome else []}
    return render(request, "donations/staff_import.html", context, status=status)
