"""The place picker's search: places matching a partial name, as JSON for the staff forms."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from carewatch.accounts.decorators import require
from carewatch.places.selectors import place_path, search_places


@require("incident.submit")
def place_search(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "")[:100]
    results = [
        {"value": str(p.pk), "label": p.name, "detail": place_path(p)} for p in search_places(text)
    ]
    return JsonResponse({"results": results})
