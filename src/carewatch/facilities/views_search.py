"""The facility picker's search: facilities by name, alias ("M2") or place, as JSON."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, JsonResponse

from carewatch.accounts.decorators import require
from carewatch.facilities.selectors import facilities_for, search_facilities
from carewatch.places.selectors import place_path, search_places

LIMIT = 15


@require("facility.view")
def facility_search(request: HttpRequest) -> JsonResponse:
    """Facilities whose names or aliases hold the words typed first, then those in a place of
    that name (or below it)."""
    text = request.GET.get("q", "")[:100].strip()
    visible = (
        facilities_for(request.user)
        .select_related("place__parent__parent")
        .prefetch_related("aliases")
    )
    found = list(search_facilities(visible, text)[:LIMIT]) if text else []
    places = [p.pk for p in search_places(text, limit=5)] if text else []
    if places and len(found) < LIMIT:
        within = (
            Q(place_id__in=places)
            | Q(place__parent_id__in=places)
            | Q(place__parent__parent_id__in=places)
        )
        found += list(
            visible.filter(within).exclude(pk__in=[f.pk for f in found])[: LIMIT - len(found)]
        )
    results = [
        {
            "value": str(f.pk),
            "label": f.name,
            "detail": " · ".join(
                [*(a.name for a in f.aliases.all()), f.place.name, place_path(f.place)]
            ),
        }
        for f in found
    ]
    return JsonResponse({"results": results})
