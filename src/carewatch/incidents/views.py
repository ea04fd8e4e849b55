"""Incident pages: list with filters and search, detail, field submission, full form, workflow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import can, clearance_of
from carewatch.accounts.selectors import reviewers
from carewatch.audit.history import history_response
from carewatch.facilities.selectors import facilities_for
from carewatch.incidents import services
from carewatch.incidents.forms import (
    IncidentFilterForm,
    IncidentForm,
    IncidentSubmitForm,
    StateForm,
    initial_from,
)
from carewatch.incidents.forms_queue import NOBODY, AssignForm
from carewatch.incidents.models import Incident
from carewatch.incidents.presenters import incident_page
from carewatch.incidents.queues import in_queue, list_query, sorted_incidents
from carewatch.incidents.selectors import filter_incidents, incident_details, incidents_for
from carewatch.incidents.views_queue import detail_url, next_url, queue_position, work_context
from carewatch.lib.bidi import ltr
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.sources.evidence import ImageTooLarge, UnsupportedFileType, refusal_message
from carewatch.sources.selectors import sources_for
from carewatch.sources.services import attachment_add
from carewatch.sources.storage import FileTooLarge


def _get(request: HttpRequest, pk: int) -> Incident:
    return row_or_404(incident_details(request.user), pk)


@require("incident.submit")
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(
        request.GET or None,
        sources=sources_for(request.user),
        facilities=facilities_for(request.user),
    )
    visible = filter_incidents(incidents_for(request.user), form.filters(), reader=request.user)
    qs = sorted_incidents(in_queue(visible, form.chosen_queue(), request.user), form.chosen_sort())
    reader = ShownReader(request.user)
    page = reader.show_page(page_of(request, qs.select_related("assigned_to"), kept_as="incidents"))
    template = (
        "incidents/_rows.html" if request.headers.get("HX-Request") else "incidents/list.html"
    )
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        **work_context(request, visible, list_query(request.GET), form),
    }
    return render_shown(request, reader, template, context)


@require("incident.submit")
def incident_view(request: HttpRequest, pk: int) -> HttpResponse:
    reader = ShownReader(request.user)
    incident = _get(request, pk)
    page = incident_page(reader, incident)
    page |= queue_position(request, incident)
    if can(request.user, "incident.review"):
        page["assign_form"] = AssignForm(
            initial={"assignee": incident.assigned_to_id or NOBODY, "version": incident.version},
            reviewers=reviewers(),
        )
    return render_shown(request, reader, "incidents/detail.html", page)


@require("incident.view_all", reads="incident.exact_lat")
def incident_exact_location(request: HttpRequest, pk: int) -> HttpResponse:
    """The restricted exact point, fetched on purpose and audited (never part of the page itself)."""
    reader = ShownReader(
        request.user,
        reveal={"incident.exact_lat", "incident.exact_lon"},
        verb="exact_location_viewed",
    )
    context = {"incident": reader.show(_get(request, pk))}
    return render_shown(request, reader, "incidents/_exact.html", context)


@require("incident.submit")
def incident_submit(request: HttpRequest) -> HttpResponse:
    form = IncidentSubmitForm(
        request.POST or None, request.FILES or None, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = _submit(request, form)
        except (FileTooLarge, UnsupportedFileType, ImageTooLarge) as exc:
            form.add_error("attachment", refusal_message(exc))
        else:
            messages.success(
                request,
                _("Thank you. Your report was received as %(ref)s.")
                % {"ref": ltr(incident.reference)},
            )
            return redirect("incident-detail", pk=incident.pk)
    return render(request, "incidents/submit.html", {"form": form})


@transaction.atomic
def _submit(request: HttpRequest, form: IncidentSubmitForm) -> Incident:
    data = form.cleaned_data
    incident = services.incident_submit(
        user=request.user,
        values=form.to_values(),
        language=data["language"],
        place_text=data["place_text"],
        facility_text=data["facility_text"],
        informant_name=data["informant_name"],
        informant_contact=data["informant_contact"],
    )
    upload = data.get("attachment")
    if upload:
        report = incident.records.get().report
        attachment_add(
            user=request.user,
            report=report,
            filename=upload.name,
            content_type=upload.content_type or "",
            chunks=upload.chunks(),
        )
    return incident


@require("incident.edit")
def incident_create(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(
        request.POST or None,
        facilities=facilities_for(request.user),
        sources=sources_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = services.incident_record_new(
            user=request.user,
            values=form.to_values(),
            source=data["source"],
            kind=data["report_kind"],
            url=data["report_url"],
        )
        messages.success(request, _("Incident %(ref)s saved.") % {"ref": ltr(incident.reference)})
        return redirect("incident-detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form})


@require("incident.edit")
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get(request, pk)
    form = IncidentForm(
        request.POST or None,
        initial=initial_from(incident),
        facilities=facilities_for(request.user),
        sources=sources_for(request.user),
        claims=incident.perpetrator_claims.count(),
        editing=True,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            values = form.keep_exact_point(form.to_values(), incident)
            services.incident_update(
                incident=incident,
                user=request.user,
                values=values,
                expected_version=version,
                reason=form.cleaned_data["reason"],
            )
        except ConflictError:
            conflict = _get(request, pk)
            messages.error(
                request,
                _(
                    "Someone else saved this incident while you were editing it. Your changes "
                    "were NOT saved; they are still in the form below. Compare with the current values, "
                    "then save again."
                ),
            )
            form = _rebase(request, form, conflict)
        else:
            messages.success(
                request, _("Incident %(ref)s saved.") % {"ref": ltr(incident.reference)}
            )
            return redirect("incident-detail", pk=incident.pk)
    reader = ShownReader(request.user)
    context = {"form": form, "incident": reader.show(incident), "conflict": reader.show(conflict)}
    return render_shown(
        request, reader, "incidents/form.html", context, status=409 if conflict else 200
    )


def _rebase(request: HttpRequest, form: IncidentForm, current: Incident) -> IncidentForm:
    """Keep the user's input but move the hidden version on, so a second save is deliberate."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["version"] = str(current.version)
    return IncidentForm(
        data,
        facilities=facilities_for(request.user),
        sources=sources_for(request.user),
        claims=current.perpetrator_claims.count(),
        editing=True,
    )


@require("incident.review")
@require_POST
def incident_state(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get(request, pk)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The state change was not valid."))
        return redirect("incident-detail", pk=pk)
    data = form.cleaned_data
    try:
        services.incident_set_state(
            incident=incident,
            user=request.user,
            state=data["state"],
            certainty=data["certainty"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except ConflictError:
        messages.error(
            request,
            _("Someone else changed this incident first. Nothing was changed; look at it again."),
        )
    except (services.InvalidTransition, ValidationError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("State changed to %(state)s.") % {"state": incident.get_state_display()}
        )
        if "and_next" in request.POST:
            return redirect(next_url(pk, request.POST.get("from", "")))
    if "from" in request.POST:
        return redirect(detail_url(pk, list_query(request.POST["from"])))
    return redirect("incident-detail", pk=pk)


@require("history.view")
def incident_history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get(request, pk)
    return history_response(
        request,
        incident,
        entity="incident",
        clearance=clearance_of(request.user),
        name=incident.reference,
        back_url=reverse("incident-detail", args=[pk]),
    )
