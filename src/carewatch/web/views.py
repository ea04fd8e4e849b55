"""The public landing page and the data attribution page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import require
from carewatch.accounts.permissions import can
from carewatch.places.selectors import public_place
from carewatch.public.pagecache import cache_public_page
from carewatch.sources.selectors import public_figures
from carewatch.stats.headlines import public_headlines
from carewatch_core.geo.gazetteer import Gazetteer


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """A few headline figures, each with its sources and its certainty filter."""
    headlines, includes_generated = public_headlines()
    figures = list(public_figures().order_by("-report__published_on", "-id")[:6])
    for figure in figures:
        figure.public_place = public_place(figure.place)  # type: ignore[attr-defined]
    reader = ShownReader(request.user)
    context = {
        "headlines": headlines,
        "includes_generated": includes_generated,
        "figures": reader.show(figures),
    }
    return render_shown(request, reader, "web/home.html", context)


def about_data(request: HttpRequest) -> HttpResponse:
    gazetteer = Gazetteer.load("SY")
    return render(request, "web/about_data.html", {"gazetteer": gazetteer})


@require("account.self")
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in: their role's first page."""
    if can(request.user, "incident.view_own"):
        return redirect("incident-list")
    if can(request.user, "supporter.view"):
        return redirect("supporter-list")
    return redirect("home")
