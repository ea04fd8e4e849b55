"""Public pages: the dashboard, the memorial roll (In memoriam) and the methodology.

Everything here is computed as the anonymous public, whoever is signed in: the same figures
for everyone, through the selectors that apply the public rules. The dashboard's body is cached
as rendered HTML per question and language, under the statistics version (``stats.cache``), so
an unchanged dashboard costs one version read and one cache read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from carewatch.accounts.decorators import page_of
from carewatch.public import memorial as roll
from carewatch.public import present
from carewatch.public.dashboard import dashboard_data, map_level
from carewatch.public.forms import DashboardForm, MemorialForm
from carewatch.public.pagecache import cache_public_figures, cache_public_page
from carewatch.stats.cache import cached
from carewatch.stats.estimates import published as published_estimates


def _question(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"get": sorted(request.GET.lists()), "language": get_language(), **extra}


@cache_public_figures
def dashboard(request: HttpRequest) -> HttpResponse:
    """Headline figures, the monthly chart with named periods, the district map, breakdowns."""

    def body() -> str:
        form = DashboardForm(request.GET or None)
        context = {
            "form": form,
            **present.context(dashboard_data(form.filters())),
            "map_query": request.GET.urlencode(),
            "estimates": published_estimates(),
            "tile_url": settings.CAREWATCH_MAP_TILE_URL,
            "tile_attribution": settings.CAREWATCH_MAP_TILE_ATTRIBUTION,
        }
        return str(render_to_string("public/_dashboard_body.html", context, request=request))

    html = cached("dashboard-page", _question(request, level=map_level()), body)
    return render(request, "public/dashboard.html", {"body": mark_safe(html)})  # noqa: S308  # nosec B308 B703  # our own template's output, escaped when it was rendered


@cache_public_page
def memorial(request: HttpRequest) -> HttpResponse:
    """Health workers killed whose names are cleared for publication; search in both scripts."""
    form = MemorialForm(request.GET or None)
    page = page_of(request, roll.entries(form.filters()), per_page=60)
    page.object_list = rows = [roll.entry(p) for p in page]  # the page carries entries, not people
    context = {"form": form, "page": page, "rows": rows}
    if request.headers.get("HX-Request"):
        return render(request, "public/_memorial_rows.html", context)
    total, generated = cached(
        "memorial-counts", {}, lambda: (roll.total(), roll.includes_generated())
    )
    return render(
        request,
        "public/memorial.html",
        {**context, "total": total, "includes_generated": generated},
    )


@cache_public_page
def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "public/methodology.html")
