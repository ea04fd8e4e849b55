"""The dashboard's interactive map: its data (counts per area and year, for the dashboard's
filters) and the areas' boundaries, both as JSON for ``carewatch/map.js``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language

from carewatch.public.dashboard import map_level
from carewatch.public.forms import DashboardForm
from carewatch.public.mapdata import map_data
from carewatch_core.geo.svgmap import boundaries

BOUNDARY_SECONDS = 24 * 3600


def dashboard_map(request: HttpRequest) -> JsonResponse:
    form = DashboardForm(request.GET or None)
    return JsonResponse(map_data(form.filters(), get_language() or "en"))


def dashboard_boundaries(request: HttpRequest, level: int) -> HttpResponse:
    """The governorates' boundaries, and the areas' of the public level (nothing finer)."""
    if level not in {1, map_level()}:
        raise Http404("no map at this level")
    response = JsonResponse(boundaries("SY", level))
    response["Cache-Control"] = f"public, max-age={BOUNDARY_SECONDS}"
    return response
