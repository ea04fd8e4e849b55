"""Supplies pages: counting the stock from a phone, and the alerts and needs for those who
manage them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.shown import ShownReader
from carewatch.accounts.decorators import require
from carewatch.facilities.selectors import facilities_for
from carewatch.lib.lookups import row_or_404
from carewatch.supplies import services
from carewatch.supplies.forms import StockForm
from carewatch.supplies.selectors import alerts_for, items, needs_for
from carewatch.supplies.units import unit_label


@require("supply.report")
def stock_report(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    initial = {"facility": request.GET.get("facility")} if request.GET.get("facility") else {}
    form = StockForm(
        request.POST or None,
        initial=initial or None,
        facilities=facilities_for(request.user),
        items=items(),
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.record_stock(
                user=request.user,
                facility=data["facility"],
                count=services.Count(
                    item=data["item"],
                    quantity=data["quantity"],
                    daily_use=data["daily_use"],
                    reported_on=data["reported_on"],
                ),
            )
        except services.StockRefused as refused:
            form.add_error(None, str(refused))
        else:
            if hasattr(report, "alert"):
                messages.warning(
                    request,
                    _(
                        "Recorded. This stock runs out in %(days)s days: the people responsible are told."
                    )
                    % {"days": report.alert.days_left},
                )
            else:
                messages.success(request, _("Recorded."))
            return redirect("stock-report")
    status = 400 if form.errors else 200
    return render(request, "supplies/report.html", {"form": form}, status=status)


@require("supply.manage")
def supply_alerts(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    reader = ShownReader(request.user)
    alerts = alerts_for(request.user).order_by("-created_at")[:200]
    needs = needs_for(request.user).order_by("state", "-created_at")[:200]
    context = {
        "alerts": [
            {
                "facility": reader.show(a.report.facility),
                "item": a.report.item.name_in(language),
                "days_left": a.days_left,
                "threshold": a.threshold,
                "reported_on": a.report.reported_on,
            }
            for a in alerts
        ],
        "needs": [(n, n.group.name_in(language), unit_label(n.unit)) for n in needs],
    }
    return render(request, "supplies/alerts.html", context)


@require("supply.manage")
@require_POST
def need_met(request: HttpRequest, pk: int) -> HttpResponse:
    need = row_or_404(needs_for(request.user), pk)
    if request.POST.get("confirm") != "met":  # the button's own value: an empty post does nothing
        messages.error(request, _("Use the button to mark a need met."))
        return redirect("supply-alerts")
    services.need_met(need=need, actor=request.user)
    messages.success(request, _("The need is marked met: appeals no longer show it."))
    return redirect("supply-alerts")
