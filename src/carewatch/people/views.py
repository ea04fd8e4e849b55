"""People pages: list with filters, detail, forms (person, fate, memorial clearance).

Pages read people as ``access.shown`` views: an uncleared name is withheld on every page
("Name withheld (person #12)"). Restricted clearance reads the names on the list on purpose
(``?reveal=1``), and the restricted details (names, date of birth, home place, family details,
names as each source gave them) in their own fragment; every such read is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.shown import ShownReader, render_shown
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
from carewatch.people.selectors import filter_people, people_for
from carewatch_core.sensitivity import Level


def _get(request: HttpRequest, pk: int) -> Person:
    return row_or_404(people_for(request.user), pk)


NAMES = frozenset({"person.name", "person.name_ar", "person.name_latin"})
RESTRICTED_DETAILS = NAMES | {
    "person.family_details",
    "person.date_of_birth",
    "person.home_place",
    "person.records",
    "person_record.name_ar",
    "person_record.name_latin",
    "person_record.profession_text",
    "person_record.report",
}


def _restricted(user: Any) -> bool:
    return bool(clearance_of(user) >= Level.RESTRICTED)


@require("person.view")
def person_list(request: HttpRequest) -> HttpResponse:
    """People, searchable in both scripts (uncleared names by restricted clearance only); names
    are withheld unless cleared, or asked for on purpose (``?reveal=1``, audited)."""
    form = PersonFilterForm(request.GET or None)
    qs = filter_people(people_for(request.user), form.filters(), _restricted(request.user))
    reader = ShownReader(request.user, reveal=NAMES if request.GET.get("reveal") else ())
    page = reader.show_page(page_of(request, qs.prefetch_related("fates")))
    context = {"form": form, "page": page, "may_reveal": _restricted(request.user)}
    template = "people/_rows.html" if request.headers.get("HX-Request") else "people/list.html"
    return render_shown(request, reader, template, context)


def _fate_rows(reader: ShownReader, person: Person) -> list[tuple[Any, bool]]:
    """Each fate, and whether its incident may be opened by the reader."""
    fates = list(person.fates.select_related("incident", "place"))
    visible = set(
        incidents_for(reader.user)
        .filter(pk__in=[f.incident_id for f in fates if f.incident_id])
        .values_list("pk", flat=True)
    )
    return [(reader.show(fate), fate.incident_id in visible) for fate in fates]


def _page(
    request: HttpRequest, reader: ShownReader, person: Person, **forms: Any
) -> dict[str, Any]:
    """The detail page's context; forms bound with bad input may be passed in."""
    user = request.user
    shown = reader.show(person)
    context = {
        "person": shown,
        "name": str(shown),
        "may_fetch_restricted": _restricted(user),
        "fates": _fate_rows(reader, person),
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


def _detail(request: HttpRequest, person: Person, status: int = 200, **forms: Any) -> HttpResponse:
    reader = ShownReader(request.user)
    context = _page(request, reader, person, **forms)
    return render_shown(request, reader, "people/detail.html", context, status=status)


@require("person.view")
def person_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: what is known, their fates, memorial clearance; restricted parts on purpose."""
    return _detail(request, _get(request, pk))


@require("person.view", reads="person.family_details")
def person_restricted(request: HttpRequest, pk: int) -> HttpResponse:
    """Names, date of birth, home place, family details and the names each source gave: restricted,
    fetched on purpose and audited (never part of the person page itself)."""
    reader = ShownReader(request.user, reveal=RESTRICTED_DETAILS, verb="restricted_details_viewed")
    person = _get(request, pk)
    context = {
        "person": reader.show(person),
        "records": reader.show(list(person.records.select_related("report__source"))),
    }
    return render_shown(request, reader, "people/_restricted.html", context)


@require("person.clear_memorial")
def person_name(request: HttpRequest, pk: int) -> HttpResponse:
    """The names of a person, for whoever decides whether they may go on the memorial roll:
    read on purpose and audited (``carewatch.person.name_for_clearance_viewed``), even by a role whose
    clearance does not otherwise reach uncleared names (``accounts.permissions.PURPOSE_READS``)."""
    reader = ShownReader(request.user, reveal=NAMES, verb="name_for_clearance_viewed")
    context = {"person": reader.show(_get(request, pk))}
    return render_shown(request, reader, "people/_name.html", context)


@require("person.edit")
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a person."""
    form = PersonForm(request.POST or None, facilities=facilities_for(request.user))
    if request.method == "POST" and form.is_valid():
        person = services.person_create(user=request.user, **form.values())
        messages.success(request, _("Person saved."))
        return redirect("person-detail", pk=person.pk)
    return _form(request, {"form": form})


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
    _audit_form_read(request.user, person)
    return _form(request, {"form": form, "person": person})


def _audit_form_read(user: Any, person: Person) -> None:
    """The edit form carries the restricted values it edits (a verifier opens it on purpose): the
    read is audited as the restricted-details fragment's is."""
    if person.name or person.family_details or person.date_of_birth or person.home_place_id:
        log_action(
            action="carewatch.person.restricted_details_viewed",
            actor=user,
            obj=person,
            after={"via": "edit-form"},
        )


def _form(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The person form: it edits the restricted values, so it shows them (to verifiers, audited)."""
    reader = ShownReader(request.user, reveal=RESTRICTED_DETAILS, verb="restricted_details_viewed")
    shown = {k: reader.show(v) if isinstance(v, Person) else v for k, v in context.items()}
    if "person" in shown:
        shown["name"] = str(shown["person"])
    return render_shown(request, reader, "people/form.html", shown, status=status)


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
    }
    return _form(request, context, status=409)


@require("person.edit")
@require_POST
def person_fate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what happened to the person in an incident; bad input re-renders the page."""
    person = _get(request, pk)
    form = FateForm(request.POST, incidents=incidents_for(request.user))
    if not form.is_valid():
        return _detail(request, person, status=400, fate_form=form)
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
        return _detail(request, person, status=400, clearance_form=form)
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
    return _detail(request, current, status=409, clearance_form=ClearanceForm(data))


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
