"""Public pages: the dashboard, the memorial roll (In memoriam) and the methodology.

Everything here is computed as the anonymous public, whoever is signed in: the same figures
for everyone, through the selectors that apply the public rules.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carewatch.public import memorial as roll
from carewatch.public import present
from carewatch.public.dashboard import dashboard_data
from carewatch.public.forms import DashboardForm, MemorialForm
from carewatch.web.access import page_of


def dashboard(request: HttpRequest) -> HttpResponse:
    """Headline figures, the monthly chart with named periods, the district map, breakdowns."""
    form = DashboardForm(request.GET or None)
    data = dashboard_data(form.filters())
    return render(request, "public/dashboard.html", {"form": form, **present.context(data)})


def memorial(request: HttpRequest) -> HttpResponse:
    """Health workers killed whose names are cleared for publication; search in both scripts."""
    form = MemorialForm(request.GET or None)
    page = page_of(request, roll.entries(form.filters()), per_page=60)
    context = {"form": form, "page": page, "rows": [roll.entry(p) for p in page], "total": roll.total(),
               "includes_generated": roll.includes_generated()}
    template = "public/_memorial_rows.html" if request.headers.get("HX-Request") else "public/memorial.html"
    return render(request, template, context)


def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "public/methodology.html")
