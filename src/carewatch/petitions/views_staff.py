"""Campaign staff's petition pages: the list, one petition's figures and history, invalidation
jobs (preview, then queue), and the delivery pack."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.lib.lookups import row_or_404
from carewatch.petitions import invalidation, pack
from carewatch.petitions.choices import InvalidationKind, SignatureState
from carewatch.petitions.counting import verified_count
from carewatch.petitions.forms import ExternalCountForm, InvalidationForm
from carewatch.petitions.history import chart, history
from carewatch.petitions.jobs import run_invalidation
from carewatch.petitions.models import Petition
from carewatch.petitions.pack_pdf import pack_pdf
from carewatch.petitions.selectors import managed_petitions


@require("supporter.manage")
def petition_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (p, verified_count(p.pk))
        for p in managed_petitions(request.user).prefetch_related("texts").order_by("-created_at")
    ]
    return render(request, "petitions/staff_list.html", {"rows": rows})


def _detail(
    request: HttpRequest,
    petition: Petition,
    form: InvalidationForm,
    preview: tuple[int, int] | None,
) -> HttpResponse:
    # The jobs are read before the counts: a job finishing between the two reads then shows
    # as still running beside its new count, never as done beside the old one.
    jobs = list(petition.invalidations.order_by("-created_at"))
    days, removals = history(petition)
    states = {s: petition.signatures.filter(state=s).count() for s in SignatureState.values}
    context = {
        "petition": petition,
        "count": verified_count(petition.pk, fresh=True),
        "states": [(SignatureState(s).label, n) for s, n in states.items()],
        "chart": chart(days, removals),
        "jobs": jobs,
        "countries": pack.by_country(petition)[:20],
        "form": form,
        "preview": preview,
        "external_form": ExternalCountForm(),
    }
    return render(request, "petitions/staff_detail.html", context)


@require("supporter.manage")
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    return _detail(request, petition, InvalidationForm(), None)


@require("supporter.manage")
@require_POST
def petition_invalidate(request: HttpRequest, pk: int) -> HttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    form = InvalidationForm(request.POST)
    if not form.is_valid():
        return _detail(request, petition, form, None)
    data = form.cleaned_data
    try:
        criteria = invalidation.criteria_for(
            data["kind"], data["value"], data["date_from"], data["date_to"]
        )
        if "run" not in request.POST:
            found = invalidation.preview(petition, data["kind"], criteria)
            return _detail(request, petition, form, found)
        job = invalidation.request_invalidation(
            petition=petition,
            kind=InvalidationKind(data["kind"]),
            criteria=criteria,
            reason=data["reason"],
            actor=request.user,
        )
    except invalidation.InvalidationRefused as refused:
        form.add_error(None, str(refused))
        return _detail(request, petition, form, None)
    run_invalidation.enqueue(job.pk)
    messages.success(
        request, _("Invalidation queued: the count changes when the worker has run it.")
    )
    return redirect("petition-staff", pk=petition.pk)


@require("supporter.manage")
def petition_pack_countries(request: HttpRequest, pk: int) -> HttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    _pack_exported(request, petition, "countries")
    response = HttpResponse(pack.countries_csv(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-countries.csv"'
    return response


@require("supporter.manage")
def petition_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    _pack_exported(request, petition, "pdf")
    response = HttpResponse(pack_pdf(petition), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-delivery-pack.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _pack_exported(request: HttpRequest, petition: Petition, part: str) -> None:
    """The pack leaves the system with signers' names: who took which part, and when."""
    log_action(
        action="carewatch.petition.pack_exported",
        actor=request.user,
        obj=petition,
        after={"part": part},
    )


@require("supporter.manage")
def petition_pack_names(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    _pack_exported(request, petition, "names")
    response = StreamingHttpResponse(
        pack.names_csv(petition), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-names.csv"'
    response["Cache-Control"] = "no-store"
    return response
