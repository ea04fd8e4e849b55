"""The Estimates page (analysts): ask for an estimate of the undocumented, follow it while the
worker runs it, read it with its interval, warnings and capture-pattern table, publish it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import page_of, require
from carewatch.lib.lookups import row_or_404
from carewatch.places.selectors import governorates
from carewatch.sources.selectors import sources_for
from carewatch.stats.caveats import shown_warnings
from carewatch.stats.choices import EstimateState
from carewatch.stats.estimates import (
    EstimateRefused,
    estimate_publish,
    estimate_request,
    estimate_withdraw,
)
from carewatch.stats.forms_estimates import EstimateForm, PublishForm, WithdrawForm
from carewatch.stats.models import EstimateRun

RUNNING = (EstimateState.QUEUED, EstimateState.COUNTING, EstimateState.ESTIMATING)


def _form(request: HttpRequest) -> EstimateForm:
    return EstimateForm(
        request.POST or None, sources=sources_for(request.user), governorates=governorates()
    )


@require("estimate.run")
def estimate_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            run = estimate_request(
                user=request.user, values=form.values(), sources=list(form.cleaned_data["sources"])
            )
        except EstimateRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The estimate is queued; this page follows it."))
            return redirect("estimate-detail", pk=run.pk)
    page = page_of(request, EstimateRun.objects.select_related("governorate", "created_by"))
    return render(request, "stats/estimates.html", {"form": form, "page": page})


@require("estimate.run")
def estimate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = row_or_404(EstimateRun.objects.select_related("governorate"), pk)
    context = {
        "run": run,
        "running": run.state in RUNNING,
        "rows": [(row[:-1], row[-1]) for row in run.patterns],
        "warnings": shown_warnings(run.result),
        "publish_form": PublishForm(initial={"note": run.method_note}),
        "withdraw_form": WithdrawForm(),
    }
    template = (
        "stats/_estimate_result.html"
        if request.headers.get("HX-Request")
        else "stats/estimate.html"
    )
    return render(request, template, context)


def _decide(
    request: HttpRequest,
    pk: int,
    runs: Any,
    form: Any,
    act: Callable[[EstimateRun, dict[str, Any]], object],
    invalid: str,
    done: str,
) -> HttpResponse:
    """Publish or withdraw one run: a form, the service, a message, back to the run's page."""
    run = row_or_404(runs, pk)
    try:
        if not form.is_valid():
            raise EstimateRefused(invalid)
        act(run, form.cleaned_data)
    except EstimateRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("estimate-detail", pk=pk)


@require("estimate.publish")
@require_POST
def estimate_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        EstimateRun.objects.all(),
        PublishForm(request.POST),
        lambda run, data: estimate_publish(user=request.user, run=run, note=data["note"]),
        _("Write the method note that goes with the published estimate."),
        _("Published on the dashboard."),
    )


@require("estimate.publish")
@require_POST
def estimate_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        EstimateRun.objects.filter(published_at__isnull=False),
        WithdrawForm(request.POST),
        lambda run, data: estimate_withdraw(user=request.user, run=run, reason=data["reason"]),
        _("Say why the estimate is withdrawn."),
        _("Withdrawn from the dashboard."),
    )
