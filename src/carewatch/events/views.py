"""The public event pages: the list, one event (and its registration form), the calendar file,
the thanks, and an attendee's own registration (from the link in their message)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from carewatch.events import mailer, present, services, tickets
from carewatch.events.choices import Attendance, EventKind
from carewatch.events.forms import CONTACT_WORDS, UPDATES_WORDS, CountForm, RegisterForm
from carewatch.events.models import Event
from carewatch.events.selectors import events_for
from carewatch.lib.clients import client_address
from carewatch.lib.lookups import one_or_404
from carewatch.supporters.guards import (
    HONEYPOT,
    FormRefused,
    check_honeypot,
    check_rate,
    check_timing,
    form_again,
    started_token,
)
from carewatch.supporters.services_supporters import Details, SupporterRefused

#: The rate limits' name for registering (every route that registers counts under it).
SCOPE = "register"


def _language() -> str:
    return translation.get_language() or "en"


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    language, now = _language(), timezone.now()
    rows = events_for(request.user).order_by("starts_at")
    shown = [(e, present.title_in(e, language), present.when(e, language)) for e in rows]
    return render(
        request,
        "events/list.html",
        {
            "upcoming": [r for r in shown if r[0].ends_at > now],
            "past": [r for r in shown if r[0].ends_at <= now][::-1],
        },
    )


def _tickets(event: Event, language: str, places: present.Places) -> list[tuple[int, str]]:
    choices = []
    for ticket in event.ticket_types.all():
        label = ticket.name_in(language)
        if ticket.price:
            label += f" — {ticket.price} {ticket.currency}"
        if places.by_type.get(ticket.pk) == 0:
            label += " — " + str(translation.gettext("full: waiting list"))
        choices.append((ticket.pk, label))
    return choices


def _form(event: Event, places: present.Places, data: Any = None) -> Any:
    if event.attendance == Attendance.ANONYMOUS:
        return CountForm(data, initial={"started": started_token()})
    tickets_now = _tickets(event, _language(), places)
    return RegisterForm(data, tickets=tickets_now, initial={"started": started_token()})


def _page(request: HttpRequest, event: Event, form: Any, status: int = 200) -> HttpResponse:
    language = _language()
    places = present.places(event)
    form = form if form is not None else _form(event, places)
    context = {
        "event": event,
        "text": present.text_in(event, language),
        "when": present.when(event, language),
        "where": present.where(event, language),
        "protest": event.kind == EventKind.PROTEST,
        "places": places,
        "counted": places.held if event.attendance == Attendance.ANONYMOUS else None,
        "form": form,
        "honeypot": form[HONEYPOT],
        "open": services.open_for_registration(event),
        "past": event.ends_at <= timezone.now(),
        "memorial": event.kind == EventKind.COMMEMORATION and event.memorial_from,
    }
    return render(request, "events/page.html", context, status=status)


@never_cache
@require_GET
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, one_or_404(events_for(request.user), slug=slug), None)


@never_cache
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = one_or_404(events_for(request.user), slug=slug)
    places = present.places(event)
    form = _form(event, places, request.POST)
    try:
        check_honeypot(request.POST.get(HONEYPOT, ""))
        check_timing(request.POST.get("started", ""))
        check_rate(SCOPE, client_address(request))
        if not form.is_valid():
            return _again(request, event, form, places, 400)
        registration = services.register(event=event, request=_request(event, form.cleaned_data))
    except (FormRefused, SupporterRefused) as refused:
        form.add_error(None, getattr(refused, "message", str(refused)))
        code = getattr(refused, "code", "")
        return _again(request, event, form, places, 429 if code == "rate" else 400)
    thanks = reverse("event-thanks", args=[event.slug])
    counted = event.attendance == Attendance.ANONYMOUS and registration is not None
    return redirect(thanks + ("?counted=1" if counted else ""))


def _request(event: Event, data: dict[str, Any]) -> services.Request:
    language, form = _language(), f"event:{event.slug}"[:60]
    if event.attendance == Attendance.ANONYMOUS:
        email = data.get("email") or ""
        return services.Request(
            language=language,
            form=form,
            follow_email=email,
            contact=bool(email),
            contact_words=str(UPDATES_WORDS),
        )
    ticket = event.ticket_types.filter(pk=data["ticket"]).first() if data.get("ticket") else None
    return services.Request(
        language=language,
        form=form,
        ticket=ticket,
        details=Details(email=data["email"], name=data["name"], language=language),
        contact=data["contact"],
        contact_words=str(CONTACT_WORDS),
    )


def _again(
    request: HttpRequest, event: Event, form: Any, places: present.Places, status: int
) -> HttpResponse:
    if event.attendance == Attendance.ANONYMOUS:
        kind: Any = CountForm
    else:
        kind = partial(RegisterForm, tickets=_tickets(event, _language(), places))
    return _page(request, event, form_again(kind, request.POST, form), status=status)


@never_cache
@require_GET
def event_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    event = one_or_404(events_for(request.user), slug=slug)
    context = {
        "event": event,
        "text": present.text_in(event, _language()),
        "counted": request.GET.get("counted") == "1",
        "anonymous": event.attendance == Attendance.ANONYMOUS,
    }
    return render(request, "events/thanks.html", context)


@require_GET
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = one_or_404(events_for(request.user), slug=slug)
    language = _language()
    body = tickets.ics(
        event,
        present.title_in(event, language),
        where=present.where(event, language),
        url=mailer.event_url(event),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
