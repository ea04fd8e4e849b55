"""Facility pages: the registry (status on a date), detail, exact point on demand, forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import clearance_of
from carewatch.audit.history import history_response
from carewatch.facilities import services
from carewatch.facilities.forms import (
    AliasForm,
    FacilityFilterForm,
    FacilityForm,
    StatusForm,
    initial_from,
)
from carewatch.facilities.models import Facility
from carewatch.facilities.presenters import facility_page, list_context
from carewatch.facilities.selectors import exact_location, facilities_for, filter_facilities
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.sources.selectors import reports_for


def _get(request: HttpRequest, pk: int) -> Facility:
    return row_or_404(facilities_for(request.user), pk)


@require("facility.view")
def facility_list(request: HttpRequest) -> HttpResponse:
    """The registry: search, place, type, and which facilities had which status on a given day."""
    form = FacilityFilterForm(request.GET or None)
    filters = form.filters()
    page = page_of(request, filter_facilities(facilities_for(request.user), filters))
    template = (
        "facilities/_rows.html" if request.headers.get("HX-Request") else "facilities/list.html"
    )
    reader = ShownReader(request.user)
    return render_shown(request, reader, template, list_context(reader, form, page, filters.on))


def _detail(
    request: HttpRequest, facility: Facility, status: int = 200, **forms: Any
) -> HttpResponse:
    reader = ShownReader(request.user)
    context = facility_page(reader, facility, **forms)
    return render_shown(request, reader, "facilities/detail.html", context, status=status)


@require("facility.view")
def facility_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One facility; the exact point is not in this page (see ``facility_exact_location``)."""
    return _detail(request, _get(request, pk))


@require("facility.view", reads="facility.exact_lat")
def facility_exact_location(request: HttpRequest, pk: int) -> HttpResponse:
    """The restricted exact point, fetched on purpose; the selector audits the read."""
    point = exact_location(request.user, _get(request, pk))
    return render(request, "facilities/_exact.html", {"point": point})


@require("facility.edit")
def facility_create(request: HttpRequest) -> HttpResponse:
    """Register a facility."""
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        facility = services.facility_create(user=request.user, **form.values())
        messages.success(request, _("Facility saved."))
        return redirect("facility-detail", pk=facility.pk)
    return render(request, "facilities/form.html", {"form": form})


@require("facility.edit")
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a facility with optimistic locking: a concurrent save gives 409 and keeps the input."""
    facility = _get(request, pk)
    form = FacilityForm(request.POST or None, initial=initial_from(facility))
    if request.method == "POST" and form.is_valid():
        try:
            _update(request, facility, form)
        except ConflictError:
            return _conflict(request, form, pk)
        messages.success(request, _("Facility saved."))
        return redirect("facility-detail", pk=facility.pk)
    return _form(request, {"form": form, "facility": facility})


def _form(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    reader = ShownReader(request.user)
    shown = {k: reader.show(v) if isinstance(v, Facility) else v for k, v in context.items()}
    return render_shown(request, reader, "facilities/form.html", shown, status=status)


def _update(request: HttpRequest, facility: Facility, form: FacilityForm) -> None:
    data = form.cleaned_data
    services.facility_update(
        facility=facility,
        user=request.user,
        expected_version=data["version"] or facility.version,
        reason=data["reason"],
        **form.values(facility),
    )


def _conflict(request: HttpRequest, form: FacilityForm, pk: int) -> HttpResponse:
    """Show what the other person saved, and the user's input with the version moved on."""
    current = _get(request, pk)
    messages.error(
        request,
        _(
            "Someone else saved this facility while you were editing it. Your changes were NOT "
            "saved; they are still in the form below. Compare with the current values, then save again."
        ),
    )
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["version"] = str(current.version)
    context = {"form": FacilityForm(data), "facility": current, "conflict": current}
    return _form(request, context, status=409)


@require("facility.edit")
@require_POST
def facility_alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an alias or code name ("M10"); bad input re-renders the page with the messages."""
    facility = _get(request, pk)
    form = AliasForm(request.POST, facility=facility)
    if not form.is_valid():
        return _detail(request, facility, status=400, alias_form=form)
    services.facility_alias_add(facility=facility, user=request.user, **form.cleaned_data)
    messages.success(request, _("Alias added."))
    return redirect("facility-detail", pk=pk)


@require("facility.edit")
@require_POST
def facility_status_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a dated status to the timeline; bad input re-renders the page with the messages."""
    facility = _get(request, pk)
    form = StatusForm(request.POST, reports=reports_for(request.user))
    if not form.is_valid():
        return _detail(request, facility, status=400, status_form=form)
    services.facility_status_add(facility=facility, user=request.user, **form.cleaned_data)
    messages.success(request, _("Status recorded."))
    return redirect("facility-detail", pk=pk)


@require("history.view")
def facility_history(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _get(request, pk)
    return history_response(
        request,
        facility,
        entity="facility",
        clearance=clearance_of(request.user),
        name=str(facility.name),
        back_url=reverse("facility-detail", args=[pk]),
    )
