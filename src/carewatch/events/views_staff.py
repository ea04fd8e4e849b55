"""Campaign staff's event pages: the list, one event's counts and attendees (with payments
recorded and places cancelled), the attendee export, and a commemoration's reading list."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.events import attendees, changes, present
from carewatch.events.choices import Attendance, EventKind, RegistrationState
from carewatch.events.forms import CancelForm, PaymentForm
from carewatch.events.models import Registration
from carewatch.events.selectors import managed_events
from carewatch.lib.lookups import row_or_404
from carewatch.publishing import memorial


def _language() -> str:
    return translation.get_language() or "en"


@require("supporter.manage")
def event_staff_list(request: HttpRequest) -> HttpResponse:
    language = _language()
    events = list(managed_events(request.user).order_by("-starts_at"))
    places = present.places_for(events)
    rows = [
        (e, present.title_in(e, language), present.when(e, language), places[e.pk]) for e in events
    ]
    return render(request, "events/staff_list.html", {"rows": rows})


@require("supporter.manage")
def event_staff(request: HttpRequest, pk: int) -> HttpResponse:
    event = row_or_404(managed_events(request.user), pk)
    language = _language()
    named = event.attendance == Attendance.NAMED
    people = list(attendees.listed(event))[:500] if named else []
    if people:
        log_action(
            action="carewatch.event.attendees_viewed",
            actor=request.user,
            obj=event,
            after={"shown": len(people)},
        )
    context = {
        "event": event,
        "title": present.title_in(event, language),
        "when": present.when(event, language),
        "where": present.where(event, language),
        "places": present.places(event),
        "lines": attendees.counts(event, language),
        "states": [(RegistrationState(s).label, n) for s, n in attendees.states(event).items()],
        "named": named,
        "people": people,
        "followers": event.followers.count(),
        "payment_form": PaymentForm(),
        "cancel_form": CancelForm(),
        "commemoration": event.kind == EventKind.COMMEMORATION and event.memorial_from,
        "language": language,
    }
    return render(request, "events/staff_detail.html", context)


@require("supporter.manage")
def event_attendees(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    event = row_or_404(managed_events(request.user), pk)
    log_action(action="carewatch.event.attendees_exported", actor=request.user, obj=event)
    response = StreamingHttpResponse(
        attendees.attendees_csv(event, _language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _registration(request: HttpRequest, pk: int) -> Registration:
    events = managed_events(request.user)
    rows = Registration.objects.filter(event__in=events).select_related("event")
    return row_or_404(rows, pk)


@require("supporter.manage")
@require_POST
def registration_pay(request: HttpRequest, pk: int) -> HttpResponse:
    row = _registration(request, pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the payment's reference."))
        return redirect("event-staff", pk=row.event_id)
    try:
        changes.record_payment(
            registration=row, actor=request.user, reference=form.cleaned_data["reference"]
        )
        messages.success(request, _("Payment recorded: the ticket is on its way."))
    except changes.ChangeRefused as refused:
        messages.error(request, str(refused))
    return redirect("event-staff", pk=row.event_id)


@require("supporter.manage")
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    row = _registration(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: it is kept in the log."))
        return redirect("event-staff", pk=row.event_id)
    try:
        changes.cancel(registration=row, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Registration cancelled."))
    except changes.ChangeRefused as refused:
        messages.error(request, str(refused))
    return redirect("event-staff", pk=row.event_id)


@require("supporter.manage")
def event_reading(request: HttpRequest, pk: int) -> HttpResponse:
    """The names a commemoration reads out: health workers killed in its period whose names
    are cleared for the public (as the public memorial), as a table, slides or a PDF."""
    event = row_or_404(managed_events(request.user), pk)
    if not (event.memorial_from and event.memorial_to):
        messages.error(request, _("This event reads no names: give it a period first."))
        return redirect("event-staff", pk=event.pk)
    language = _language()
    rows = memorial.names(
        start=event.memorial_from,
        end=event.memorial_to,
        governorate=None,
        order=request.GET.get("order", "date"),
        language=language,
    )
    title = present.title_in(event, language)
    shown_as = request.GET.get("as")
    if shown_as == "pdf":
        response = HttpResponse(
            memorial.memorial_pdf(title, rows, language), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{event.slug}-names.pdf"'
        return response
    template = "publishing/memorial_slides.html" if shown_as == "slides" else "events/reading.html"
    return render(request, template, {"event": event, "title": title, "rows": rows})
