"""An attendee's own registration, opened from the link in their message (a signed token of its
id and nonce: no account, no session). Reading it changes nothing; leaving the waiting list,
taking an offered place and cancelling are buttons (POST)."""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carewatch.events import changes, present, tickets
from carewatch.events.choices import RegistrationState
from carewatch.events.models import HOLDING, Registration
from carewatch.lib.lookups import row_or_404

ACTIONS = {"cancel", "accept"}


def _registration(token: str) -> Registration:
    """The registration the link names (404 for a link that is not one of ours, or retired)."""
    pk, nonce = tickets.read_link(token)
    rows = Registration.objects.select_related("event", "ticket_type").filter(nonce=nonce or "-")
    return row_or_404(rows, pk)


@never_cache
@require_http_methods(["GET", "POST"])
def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    row = _registration(token)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                changes.accept_offer(registration=row, actor="attendee link")
            elif action == "cancel":
                changes.cancel(registration=row, actor="attendee link")
            else:
                raise changes.ChangeRefused(translation.gettext("Choose one of the buttons."))
            return redirect("event-registration", token=token)
        except changes.ChangeRefused as refused:
            error = str(refused)
            row.refresh_from_db()
    language = translation.get_language() or "en"
    event = row.event
    context = {
        "row": row,
        "event": event,
        "title": present.title_in(event, language),
        "when": present.when(event, language),
        "where": present.where(event, language),
        "ticket": row.ticket_type.name_in(language) if row.ticket_type else "",
        "code": tickets.shown(row.code or ""),
        "qr": _qr(row),
        "offer_until": present.when_at(event, row.offer_expires_at, language)
        if row.offer_expires_at
        else "",
        "can_cancel": row.state in HOLDING,
        "can_leave": row.state == RegistrationState.WAITING,
        "offered": row.state == RegistrationState.OFFERED,
        "error": error,
    }
    # The link is a key: the site-wide Referrer-Policy (same-origin) never sends it elsewhere.
    return render(request, "events/registration.html", context, status=400 if error else 200)


def _qr(row: Registration) -> str:
    if row.state != RegistrationState.CONFIRMED or not row.code:
        return ""
    return "data:image/png;base64," + base64.b64encode(tickets.qr_png(row.code)).decode()
