"""Check-in at the door, on a phone: the page, the list of tickets it keeps for when the
connection drops (hashes, no names), and the sync of what it accepted (the server judges)."""

from __future__ import annotations

import json
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from carewatch.accounts.decorators import require
from carewatch.events import checkin, present
from carewatch.events.choices import CheckIn
from carewatch.events.selectors import managed_events
from carewatch.lib.lookups import row_or_404

#: Check-ins one sync may carry (a phone offline for a whole gala holds a few hundred).
MOST = 2000


@require("supporter.manage")
@require_GET
def checkin_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = row_or_404(managed_events(request.user), pk)
    title = present.title_in(event, translation.get_language() or "en")
    return render(
        request, "events/checkin.html", {"event": event, "title": title, "words": _words()}
    )


def _words() -> dict[str, str]:
    """What the page's script says, in the reader's language (%s, %1, %2: numbers)."""
    return {
        "accepted": _("Welcome:"),
        "already": str(CheckIn.ALREADY.label),
        "unknown": str(CheckIn.UNKNOWN.label),
        "seats": _("%s seats"),
        "count": _("%1 of %2 tickets checked in"),
        "queued": _("%s check-ins waiting to be sent"),
        "synced": _("everything sent"),
        "online": _("connected"),
        "offline": _("offline: checking against the saved list"),
        "camera": _("The camera could not be opened: type the code."),
    }


@never_cache
@require("supporter.manage")
@require_GET
def checkin_tickets(request: HttpRequest, pk: int) -> JsonResponse:
    event = row_or_404(managed_events(request.user), pk)
    response = JsonResponse(checkin.manifest(event, translation.get_language() or "en"))
    response["Cache-Control"] = "no-store"
    return response


@require("supporter.manage")
@require_POST
def checkin_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """``{"device": "...", "checkins": [{"code": "...", "at": ISO time}, ...]}`` in; one result
    per check-in out, in order: accepted, or refused with the reason and the time it was in."""
    event = row_or_404(managed_events(request.user), pk)
    try:
        body = json.loads(request.body)
        items = body["checkins"]
        device = str(body.get("device", ""))[:40]
        if not isinstance(items, list) or len(items) > MOST:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        message = translation.gettext("The check-ins sent could not be read.")
        return JsonResponse({"error": message}, status=400)
    results = []
    for item in items:
        code = str(item.get("code", "")) if isinstance(item, dict) else ""
        at = _moment(item.get("at") if isinstance(item, dict) else None)
        done = checkin.check_in(event=event, code=code, actor=request.user, device=device, at=at)
        results.append(
            {
                "code": code,
                "outcome": done.outcome.value,
                "message": str(done.outcome.label),
                "seats": done.seats,
                "ticket": done.ticket,
                "at": done.at.isoformat() if done.at else None,
            }
        )
    return JsonResponse({"results": results})


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
