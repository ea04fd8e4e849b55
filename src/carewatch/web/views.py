"""The public landing page and the data attribution page."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import require
from carewatch.accounts.permissions import can
from carewatch.incidents.views_queue import first_queue
from carewatch.places.selectors import public_place
from carewatch.public.pagecache import cache_public_figures
from carewatch.sources.choices import HARM_MEASURES
from carewatch.sources.selectors import public_figures
from carewatch.stats.headlines import public_headlines
from carewatch_core.geo.gazetteer import Gazetteer


@cache_public_figures
def home(request: HttpRequest) -> HttpResponse:
    """A few headline figures, each with its sources and its certainty filter."""
    headlines, includes_generated = public_headlines()
    harm = public_figures().filter(measure__in=HARM_MEASURES)  # not signatures or treatments
    figures = list(harm.order_by("-report__published_on", "-id")[:6])
    for figure in figures:
        figure.public_place = public_place(figure.place)  # type: ignore[attr-defined]
    reader = ShownReader(request.user)
    shared = {tuple(h.sources) for h in headlines}
    context = {
        "headlines": headlines,
        # Said once under the cards when every figure has the same sources (it usually does).
        "shared_sources": next(iter(shared)) if len(shared) == 1 else None,
        "includes_generated": includes_generated,
        "figures": reader.show(figures),
    }
    return render_shown(request, reader, "web/home.html", context)


FAVICON = Path(__file__).resolve().parent / "static" / "carewatch" / "favicon.ico"


def favicon(request: HttpRequest) -> HttpResponse:
    """The icon browsers ask for at the site's root (a red cross: health care)."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def about_data(request: HttpRequest) -> HttpResponse:
    gazetteer = Gazetteer.load("SY")
    return render(request, "web/about_data.html", {"gazetteer": gazetteer})


@require("account.self")
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in: their role's first page."""
    if can(request.user, "incident.review"):
        return redirect(first_queue(request.user))
    if can(request.user, "incident.view_own"):
        return redirect("incident-list")
    if can(request.user, "supporter.view"):
        return redirect("supporter-list")
    return redirect("home")
