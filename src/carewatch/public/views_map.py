"""The dashboard's interactive map: its data (counts per area and year, for the dashboard's
filters) and the areas' boundaries, both as JSON for ``carewatch/map.js``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language

from carewatch.public.dashboard import map_level
from carewatch.public.forms import DashboardForm
from carewatch.public.mapdata import map_data
from carewatch.stats.cache import AS_OF_HEADER, cached_public
from carewatch.stats.refresh import Visit
from carewatch_core.geo.svgmap import boundaries

BOUNDARY_SECONDS = 24 * 3600


def dashboard_map(request: HttpRequest) -> JsonResponse:
    """The same for every reader (the anonymous public's counts): after a change, the last data
    computed is served at once while a job recomputes it, as the dashboard page itself is
    (``stats.cache.cached_public``), with its time in ``CareWatch-Figures-As-Of``."""
    form = DashboardForm(request.GET or None)
    language = get_language() or "en"
    if request.user.is_authenticated:  # signed-in staff always get fresh figures
        return JsonResponse(map_data(form.filters(), language))
    visit = Visit(path=request.get_full_path(), language=language)
    question = {"path": visit.path, "language": language, "level": map_level()}
    answer = cached_public(
        "dashboard-map",
        question,
        lambda: map_data(form.filters(), language),
        visit=visit,
        figures=True,  # counts per area at the public level
    )
    response = JsonResponse(answer.value)
    if answer.as_of is not None:
        response[AS_OF_HEADER] = answer.as_of.isoformat(timespec="seconds")
    return response


def dashboard_boundaries(request: HttpRequest, level: int) -> HttpResponse:
    """The governorates' boundaries, and the areas' of the public level (nothing finer)."""
    if level not in {1, map_level()}:
        raise Http404("no map at this level")
    response = JsonResponse(boundaries("SY", level))
    response["Cache-Control"] = f"public, max-age={BOUNDARY_SECONDS}"
    return response
