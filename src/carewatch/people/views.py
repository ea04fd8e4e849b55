"""People pages: list with filters, detail, forms (person, fate, memorial clearance).

Names go through ``display_name`` (withheld unless cleared or the reader holds restricted
clearance); restricted details (names as given by sources, date of birth, home place,
family details) are shown to restricted clearance only, and each such page view is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.slots import incidents_for
from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import can, clearance_of
from carewatch.audit.history import history_response
from carewatch.audit.services import log_action
from carewatch.facilities.selectors import facilities_for
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.people import services
from carewatch.people.forms import (
    ClearanceForm,
    FateForm,
    PersonFilterForm,
    PersonForm,
    clearance_initial,
    initial_from,
)
from carewatch.people.models import Person
from carewatch.people.presenters import audit_name_reads, display_name
from carewatch.people.selectors import filter_people, people_for
from carewatch_core.sensitivity import Level


def _get(request: HttpRequest, pk: int) -> Person:
    return row_or_404(people_for(request.user), pk)


def _restricted(user: Any) -> bool:
    return bool(clearance_of(user) >= Level.RESTRICTED)


@require("person.view")
def person_list(request: HttpRequest) -> HttpResponse:
    """People, searchable in both scripts; uncleared names are withheld from most readers."""
    form = PersonFilterForm(request.GET or None)
    qs = filter_people(people_for(request.user), form.filters(), _restricted(request.user))
    page = page_of(request, qs.prefetch_related("fates"))
    people = list(page)
    audit_name_reads(request.user, people, f"person-list:{page.number}")
    context = {
        "form": form,
        "page": page,
        "rows": [(display_name(request.user, p), p) for p in people],
    }
    template = "people/_rows.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(request, template, context)


def _fate_rows(user: Any, person: Person) -> list[tuple[Any, bool]]:
    """Each fate, and whether its incident may be opened by ``user``."""
    fates = list(person.fates.select_related("incident", "place"))
    visible = set(
        incidents_for(user)
        .filter(pk__in=[f.incident_id for f in fates if f.incident_id])
        .values_list("pk", flat=True)
    )
    return [(fate, fate.incident_id in visible) for fate in fates]


def _audit_restricted_read(user: Any, person: Person, records: list[Any]) -> None:
    """One entry for the restricted details a page shows (names as each source gave them, family)."""
    audit_name_reads(user, [person], f"person:{person.pk}")
    if records or person.family_details or person.date_of_birth or person.home_place_id:
        log_action(
            action="carewatch.person.restricted_details_viewed",
            actor=user,
            obj=person,
            after={"records": [r.pk for r in records]},
        )


def _page(request: HttpRequest, person: Person, **forms: Any) -> dict[str, Any]:
    """The detail page's context; forms bound with bad input may be passed in."""
    user, restricted = request.user, _restricted(request.user)
    records = list(person.records.select_related("report__source")) if restricted else []
    if restricted:
        _audit_restricted_read(user, person, records)
    context = {
        "person": person,
        "name": display_name(user, person),
        "restricted": restricted,
        "records": records,
        "fates": _fate_rows(user, person),
        "can_edit": can(user, "person.edit"),
        "can_clear": can(user, "person.clear_memorial"),
    }
    if context["can_edit"]:
        context["fate_form"] = forms.get("fate_form") or FateForm(incidents=incidents_for(user))
    if context["can_clear"]:
        context["clearance_form"] = forms.get("clearance_form") or ClearanceForm(
            initial=clearance_initial(person)
        )
    return context


@require("person.view")
def person_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: what is known, their fates, memorial clearance; restricted parts by clearance."""
    return render(request, "people/detail.html", _page(request, _get(request, pk)))


@require("person.edit")
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a person."""
    form = PersonForm(request.POST or None, facilities=facilities_for(request.user))
    if request.method == "POST" and form.is_valid():
        person = services.person_create(user=request.user, **form.values())
        messages.success(request, _("Person saved."))
        return redirect("person-detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form})


@require("person.edit")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a person with optimistic locking: a concurrent save gives 409 and keeps the input."""
    person = _get(request, pk)
    form = PersonForm(
        request.POST or None,
        initial=initial_from(person),
        facilities=facilities_for(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                person=person,
                user=request.user,
                expected_version=data["version"],
                reason=data["reason"],
                **form.values(),
            )
        except ConflictError:
            return _conflict(request, form, pk)
        messages.success(request, _("Person saved."))
        return redirect("person-detail", pk=pk)
    if _restricted(request.user):
        _audit_restricted_read(request.user, person, [])
    else:
        audit_name_reads(request.user, [person], f"person-edit:{pk}")
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "name": display_name(request.user, person)},
    )


def _conflict(request: HttpRequest, form: PersonForm, pk: int) -> HttpResponse:
    """Show what the other person saved, and the user's input with the version moved on."""
    current = _get(request, pk)
    messages.error(
        request,
        _(
            "Someone else saved this person while you were editing it. Your changes were NOT "
            "saved; they are still in the form below. Compare with the current values, then save again."
        ),
    )
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["version"] = str(current.version)
    context = {
        "form": PersonForm(data, facilities=facilities_for(request.user), editing=True),
        "person": current,
        "conflict": current,
        "name": display_name(request.user, current),
    }
    return render(request, "people/form.html", context, status=409)


@require("person.edit")
@require_POST
def person_fate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what happened to the person in an incident; bad input re-renders the page."""
    person = _get(request, pk)
    form = FateForm(request.POST, incidents=incidents_for(request.user))
    if not form.is_valid():
        return render(
            request, "people/detail.html", _page(request, person, fate_form=form), status=400
        )
    services.person_fate_add(person=person, user=request.user, **form.cleaned_data)
    messages.success(request, _("Fate recorded."))
    return redirect("person-detail", pk=pk)


@require("person.clear_memorial")
@require_POST
def person_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    """Change memorial clearance (who cleared the name is required); conflicts give 409."""
    person = _get(request, pk)
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        return render(
            request, "people/detail.html", _page(request, person, clearance_form=form), status=400
        )
    data = form.cleaned_data
    try:
        services.person_set_clearance(
            person=person,
            user=request.user,
            clearance=data["clearance"],
            cleared_by=data["cleared_by"],
            expected_version=data["version"],
            on=data["on"],
        )
    except ConflictError:
        return _clearance_conflict(request, form, pk)
    messages.success(request, _("Memorial clearance saved."))
    return redirect("person-detail", pk=pk)


def _clearance_conflict(request: HttpRequest, form: ClearanceForm, pk: int) -> HttpResponse:
    """Nothing changed: show the current clearance, and the user's choice with the version moved on."""
    current = _get(request, pk)
    messages.error(
        request,
        _(
            "Someone else changed this person first. Nothing was changed; the current clearance is shown on the page."
        ),
    )
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["version"] = str(current.version)
    return render(
        request,
        "people/detail.html",
        _page(request, current, clearance_form=ClearanceForm(data)),
        status=409,
    )


@require("history.view")
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get(request, pk)
    return history_response(
        request,
        person,
        entity="person",
        clearance=clearance_of(request.user),
        name=_("Person #%(id)s") % {"id": person.pk},
        back_url=reverse("person-detail", args=[pk]),
    )
