"""Campaign staff write events: a new one, its settings, its words in each language and its
ticket kinds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from carewatch.accounts.decorators import require
from carewatch.events import editing, present
from carewatch.events.forms_edit import TICKET_ROWS, EventForm, EventTextForm, TicketForm
from carewatch.events.models import Event
from carewatch.events.selectors import managed_events
from carewatch.lib.lookups import row_or_404
from carewatch.supporters.choices import Language

LANGUAGES = ("fr", "en", "ar")


def _initial(event: Event | None) -> dict[str, Any]:
    if event is None:
        return {"time_zone": "Europe/Paris", "attendance": "named"}
    return {
        "slug": event.slug,
        "kind": event.kind,
        "status": event.status,
        "attendance": event.attendance,
        "time_zone": event.time_zone,
        "starts": present.local(event, event.starts_at).replace(tzinfo=None),
        "ends": present.local(event, event.ends_at).replace(tzinfo=None),
        "venue": event.venue,
        "address": event.address,
        "city": event.city,
        "country": event.country,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "memorial_from": event.memorial_from,
        "memorial_to": event.memorial_to,
    }


def _ticket_initial(event: Event | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for t in event.ticket_types.all() if event else []:
        names = {f"name_{code}": t.names.get(code, "") for code in LANGUAGES}
        rows.append(
            {"code": t.code, "price": t.price, "currency": t.currency, "seats": t.seats}
            | {"quota": t.quota}
            | names
        )
    return rows


def _forms(request: HttpRequest, event: Event | None) -> tuple[Any, dict[str, Any], list[Any]]:
    data = request.POST if request.method == "POST" else None
    others = managed_events(request.user)
    if event is not None:
        others = others.exclude(pk=event.pk)
    form = EventForm(data, initial=_initial(event), taken=others)
    texts = {t.language: t for t in event.texts.all()} if event else {}
    words = {
        code: EventTextForm(
            data,
            prefix=code,
            initial={f: getattr(texts[code], f) for f in editing.TEXT_FIELDS}
            if code in texts
            else {},
        )
        for code in Language.values
    }
    rows = _ticket_initial(event)
    count = max(TICKET_ROWS, len(rows) + 1)
    tickets = [
        TicketForm(data, prefix=f"t{i}", initial=rows[i] if i < len(rows) else {"currency": "EUR"})
        for i in range(count)
    ]
    return form, words, tickets


def _settings(data: dict[str, Any]) -> editing.Settings:
    return editing.Settings(
        slug=data["slug"],
        kind=data["kind"],
        status=data["status"],
        attendance=data["attendance"],
        time_zone=data["time_zone"],
        starts_at=data["starts"],
        ends_at=data["ends"],
        venue=data["venue"],
        address=data["address"],
        city=data["city"],
        country=data["country"],
        online_url=data["online_url"],
        capacity=data["capacity"],
        memorial_from=data["memorial_from"],
        memorial_to=data["memorial_to"],
    )


def _ticket(data: dict[str, Any]) -> editing.Ticket:
    names = {code: data[f"name_{code}"] for code in LANGUAGES if data.get(f"name_{code}")}
    return editing.Ticket(
        code=data["code"],
        names=names,
        price=data["price"] or Decimal(0),
        currency=data["currency"] or "EUR",
        seats=data["seats"] or 1,
        quota=data["quota"],
    )


def _edit(request: HttpRequest, event: Event | None) -> HttpResponse:
    form, words, tickets = _forms(request, event)
    if request.method == "POST":
        checked = [f.is_valid() for f in [form, *words.values(), *tickets]]  # every error shown
        written = {c: w.cleaned_data for c, w in words.items() if all(checked) and w.written()}
        if all(checked) and not written:
            form.add_error(None, _("Write the event in at least one language."))
        elif all(checked):
            try:
                saved = editing.save_event(
                    event=event,
                    settings=_settings(form.cleaned_data),
                    words={c: {f: d[f] for f in editing.TEXT_FIELDS} for c, d in written.items()},
                    tickets=[_ticket(t.cleaned_data) for t in tickets if t.cleaned_data["code"]],
                    actor=request.user,
                )
            except editing.EditRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Saved."))
                return redirect("event-staff", saved.pk)
    labels = dict(Language.choices)
    context = {
        "event": event,
        "form": form,
        "words": [(labels[c], w) for c, w in words.items()],
        "tickets": tickets,
    }
    return render(request, "events/staff_edit.html", context, status=400 if form.errors else 200)


@require("supporter.manage")
def event_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require("supporter.manage")
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, row_or_404(managed_events(request.user), pk))
