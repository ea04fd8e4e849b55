"""Campaign staff's pages on supporters: search, one person's record, their data as JSON (their
right of access), erasure, and merging a duplicate into them."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import page_of, require
from carewatch.lib.lookups import row_or_404
from carewatch.supporters import services_supporters as services
from carewatch.supporters.choices import ConsentPurpose
from carewatch.supporters.selectors import searched, supporters_for


@require("supporter.view")
def supporter_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    rows = searched(supporters_for(request.user), query).order_by("-created_at", "-pk")
    return render(
        request,
        "supporters/list.html",
        {"page": page_of(request, rows), "query": query, "total": rows.count()},
    )


@require("supporter.view")
def supporter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = row_or_404(supporters_for(request.user), pk)
    record = services.exported(supporter=supporter, actor=request.user, reading=True)
    parts = [shown(supporter) for shown in services.SHOWN_PARTS.values()]
    consents = [{**c, "purpose": ConsentPurpose(c["purpose"]).label} for c in record["consents"]]
    return render(
        request,
        "supporters/detail.html",
        {
            "supporter": supporter,
            "record": record,
            "consents": consents,
            "parts": [p for p in parts if p[2]],
        },
    )


@require("supporter.view")
def supporter_export(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = row_or_404(supporters_for(request.user), pk)
    data = services.exported(supporter=supporter, actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="supporter-{supporter.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require("supporter.manage")
@require_POST
def supporter_erase(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = row_or_404(supporters_for(request.user), pk)
    if request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("supporter-detail", pk=supporter.pk)
    services.erase(supporter=supporter, actor=request.user)
    messages.success(
        request, _("Supporter #%(id)s erased: their counts are kept.") % {"id": supporter.pk}
    )
    return redirect("supporter-list")


@require("supporter.manage")
@require_POST
def supporter_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = row_or_404(supporters_for(request.user), pk)
    other = request.POST.get("duplicate", "").strip().lstrip("#")
    rows = supporters_for(request.user).exclude(pk=keep.pk)
    duplicate = rows.filter(pk=int(other)).first() if other.isdigit() and len(other) < 19 else None
    if duplicate is None:
        messages.error(request, _("Give the number of another supporter (such as #12)."))
        return redirect("supporter-detail", pk=keep.pk)
    services.merge(keep=keep, duplicate=duplicate, actor=request.user)
    messages.success(
        request,
        _("Supporter #%(other)s merged into this one.") % {"other": duplicate.pk},
    )
    return redirect("supporter-detail", pk=keep.pk)
