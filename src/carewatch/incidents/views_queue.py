"""The verifiers' work: bulk changes of a selection, assignment, the next incident of a list,
saved searches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.accounts.permissions import can
from carewatch.accounts.selectors import reviewers
from carewatch.facilities.selectors import facilities_for
from carewatch.incidents.choices import Queue
from carewatch.incidents.forms import IncidentFilterForm
from carewatch.incidents.forms_queue import AssignForm, BulkForm, SavedSearchForm
from carewatch.incidents.models import Incident, SavedSearch
from carewatch.incidents.queues import (
    SORTS,
    in_queue,
    list_query,
    next_after,
    queue_tabs,
    sort_key,
)
from carewatch.incidents.selectors import PlaceTooFine, filter_incidents, incidents_for
from carewatch.incidents.services_bulk import (
    BulkChange,
    BulkRefused,
    incident_assign,
    incidents_bulk_change,
)
from carewatch.incidents.services_searches import saved_search_delete, saved_search_save
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.sources.selectors import sources_for


def _list_url(query: str) -> str:
    return reverse("incident-list") + (f"?{query}" if query else "")


def listed(request: HttpRequest, query: str) -> Any:
    """The incidents of the list page with filters ``query``, as the reader sees them, sorted."""
    form = IncidentFilterForm(
        QueryDict(query),
        sources=sources_for(request.user),
        facilities=facilities_for(request.user),
    )
    qs = filter_incidents(incidents_for(request.user), form.filters(), reader=request.user)
    return in_queue(qs, form.chosen_queue(), request.user), form.chosen_sort()


@require("incident.review")
@require_POST
def incident_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST, reviewers=reviewers())
    query = list_query(request.POST.get("query", ""))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_list_url(query))
    data = form.cleaned_data
    try:
        selection, _sort = listed(request, query)
    except PlaceTooFine:  # pragma: no cover - staff may use any level
        return redirect(_list_url(""))
    if not data["everything"]:
        selection = incidents_for(request.user).filter(pk__in=data["ids"])
    assign, assignee = form.assignment()
    change = BulkChange(
        state=data["state"], certainty=data["certainty"], assign=assign, assignee=assignee
    )
    try:
        count = incidents_bulk_change(
            user=request.user, incidents=selection, change=change, reason=data["reason"]
        )
    except BulkRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)d incident changed.", "%(count)d incidents changed.", count)
            % {"count": count},
        )
    return redirect(_list_url(query))


@require("incident.review")
@require_POST
def incident_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = row_or_404(incidents_for(request.user), pk)
    form = AssignForm(request.POST, reviewers=reviewers())
    if form.is_valid():
        try:
            incident_assign(
                incident=incident,
                user=request.user,
                assignee=form.chosen_assignee(),
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this incident first. Nothing was changed; look at it again."
                ),
            )
        except BulkRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Assignment saved."))
    return redirect(detail_url(pk, list_query(request.POST.get("from", ""))))


def detail_url(pk: int, query: str) -> str:
    """An incident's page, reached from the list with filters ``query`` (so it can go to the next)."""
    return f"{reverse('incident-detail', args=[pk])}?{_from(query)}"


def _from(query: str) -> str:
    holder = QueryDict(mutable=True)
    holder["from"] = query
    return str(holder.urlencode())


@require("incident.submit")
def incident_next(request: HttpRequest) -> HttpResponse:
    """The incident after ``after`` in the list the reader came from (its filters, queue and sort)."""
    query = list_query(request.GET.get("from", ""))
    try:
        after = int(request.GET.get("after", ""))
    except ValueError:
        return redirect(_list_url(query))
    qs, sort = listed(request, query)
    found = next_after(qs, sort_key(sort), after, visible=incidents_for(request.user))
    if found is None or found.pk == after:
        messages.info(request, _("Nothing more in this list."))
        return redirect(_list_url(query))
    return redirect(detail_url(found.pk, query))


@require("incident.submit")
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    query = list_query(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(request, _("Give the search a name (at most 80 characters)."))
        return redirect(_list_url(query))
    search, created = saved_search_save(
        user=request.user, name=form.cleaned_data["name"], query=query
    )
    note = (
        _("Search “%(name)s” saved.") if created else _("Search “%(name)s” now has these filters.")
    )
    messages.success(request, note % {"name": search.name})
    return redirect(_list_url(query))


@require("incident.submit")
@require_POST
def saved_search_remove(request: HttpRequest, pk: int) -> HttpResponse:
    search = row_or_404(searches_of(request.user), pk)
    saved_search_delete(user=request.user, search=search)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": search.name})
    return redirect(_list_url(list_query(request.POST.get("query", ""))))


def searches_of(user: Any) -> Any:
    return SavedSearch.objects.filter(owner_id=user.pk)


def queue_position(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    """What an incident page reached from a list needs to go on to the next one."""
    query = list_query(request.GET.get("from", ""))
    if not query and "from" not in request.GET:
        return {}
    return {"from_query": query, "list_url": _list_url(query)}


def next_url(pk: int, query: str) -> str:
    holder = QueryDict(mutable=True)
    holder["after"] = str(pk)
    holder["from"] = list_query(query)
    return f"{reverse('incident-next')}?{holder.urlencode()}"


def _sort_links(query: str, current: str) -> dict[str, str]:
    """Each sortable column's link: ascending first, descending when it is already ascending."""
    links = {}
    for key in SORTS:
        data = QueryDict(query, mutable=True)
        data["sort"] = f"-{key}" if current == key else key
        links[key] = f"?{data.urlencode()}"
    return links


def work_context(request: HttpRequest, visible: Any, query: str, form: Any) -> dict[str, Any]:
    """The list page's work: queue tabs with their counts, sort links, saved searches, the bulk
    form (verifiers), and the filters each row's link carries on to the incident's page."""
    user = request.user
    sort = form.chosen_sort()
    context: dict[str, Any] = {
        "list_query": query,
        "queue": form.chosen_queue(),
        "sort": sort,
        "sort_links": _sort_links(query, sort),
        "searches": searches_of(user),
        "save_form": SavedSearchForm(initial={"query": query}),
    }
    if can(user, "incident.review"):
        if not request.headers.get("HX-Request"):  # the live filter redraws only the rows
            counted = queue_tabs(user)
            context["tabs"], context["tabs_as_of"] = counted.tabs, counted.as_of
        context["bulk_form"] = BulkForm(
            initial={"query": query}, reviewers=reviewers(), auto_id="bulk_%s"
        )
    return context


def first_queue(user: Any) -> str:
    """Where a verifier starts the day: their own open incidents if they have any, else the
    incidents nobody has looked at yet."""
    mine = in_queue(incidents_for(user), Queue.MINE, user).exists()
    return f"{reverse('incident-list')}?queue={Queue.MINE if mine else Queue.SUBMITTED}"
