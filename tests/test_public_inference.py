"""Inference (S20): the public cannot narrow incidents to a place finer than their public location.

An incident's public location is its district (``CAREWATCH_PUBLIC_LOCATION_LEVEL``). A filter by
sub-district would place each public incident in its sub-district, one query per sub-district
(and with a facility type, name the facility). The crawl below finds every API operation that
takes a p-code in the OpenAPI document (the gazetteer's own listing aside: it is public by
nature), and tries it as the public at every level of the gazetteer: finer than the public
level is always refused, never answered.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from tests.api_support import operations

from carewatch.incidents.selectors import (
    IncidentFilters,
    PlaceTooFine,
    filter_incidents,
    incidents_for,
)

PCODE_PARAMETER = "A p-code such as"


def _sub_district_with_incident(make_incident: Any) -> tuple[Any, Any]:
    from carewatch.places.models import Place

    sub_district = Place.objects.filter(level=3).order_by("pcode").first()
    incident = make_incident(
        place_id=sub_district.pk, certainty="confirmed", date_start=datetime.date(2018, 3, 2)
    )
    return sub_district, incident


def _pcode_operations(client: Client) -> list[tuple[str, str]]:
    found = []
    for method, path, op in operations(client):
        if method != "GET" or path.startswith("/api/places"):
            continue
        for parameter in op.get("parameters", []):
            if (
                PCODE_PARAMETER in str(parameter.get("schema", ""))
                and parameter.get("in") == "query"
            ):
                found.append((path, parameter["name"]))
    return found


@pytest.mark.django_db
def test_the_public_cannot_narrow_incidents_to_a_sub_district(make_incident: Any) -> None:
    sub_district, incident = _sub_district_with_incident(make_incident)
    public = Client().get("/api/incidents", {"place": sub_district.pcode})
    assert public.status_code == 422
    assert "district" in public.content.decode()
    assert incident.reference not in public.content.decode()
    # Its district (the public location) answers, with the incident among the others of the district.
    district = Client().get("/api/incidents", {"place": sub_district.parent.pcode})
    assert district.status_code == 200
    assert incident.reference in district.content.decode()


@pytest.mark.django_db
def test_staff_still_narrow_to_a_sub_district(make_incident: Any, verifier: Any) -> None:
    from tests.api_support import api_client

    sub_district, incident = _sub_district_with_incident(make_incident)
    other = make_incident(title="Elsewhere in the district")
    response = api_client(verifier).get("/api/incidents", {"place": sub_district.pcode})
    assert response.status_code == 200
    references = [row["reference"] for row in response.json()["results"]]
    assert incident.reference in references and other.reference not in references


@pytest.mark.django_db
def test_the_selector_refuses_a_public_sub_district_whatever_the_caller(
    make_incident: Any, verifier: Any
) -> None:
    """The rule sits in the selector every incident list goes through, not only in the API."""
    sub_district, _incident = _sub_district_with_incident(make_incident)
    filters = IncidentFilters(place_id=sub_district.pk)
    with pytest.raises(PlaceTooFine):
        filter_incidents(incidents_for(None), filters, reader=None)
    assert filter_incidents(incidents_for(verifier), filters, reader=verifier).count() == 1


@pytest.mark.django_db
def test_with_governorates_public_even_a_district_is_refused(
    make_incident: Any, settings: Any
) -> None:
    settings.CAREWATCH_PUBLIC_LOCATION_LEVEL = 1
    sub_district, _incident = _sub_district_with_incident(make_incident)
    assert Client().get("/api/incidents", {"place": sub_district.parent.pcode}).status_code == 422
    assert (
        Client().get("/api/incidents", {"place": sub_district.parent.parent.pcode}).status_code
        == 200
    )


@pytest.mark.django_db
def test_every_public_place_filter_at_every_gazetteer_level(
    make_incident: Any, settings: Any
) -> None:
    """The inference crawl: every p-code parameter of every API read, as the public, at each level
    (every sub-district for the incident list, the first three places of a level elsewhere)."""
    from carewatch.places.models import Place

    _sub_district_with_incident(make_incident)
    client = Client()
    found = _pcode_operations(client)
    assert ("/api/incidents", "place") in found and len(found) >= 4, found
    public_level = settings.CAREWATCH_PUBLIC_LOCATION_LEVEL
    answered: dict[tuple[str, str], int] = {}
    for path, name in found:
        for level in (1, 2, 3):
            places = Place.objects.filter(level=level).order_by("pcode")
            if not (path == "/api/incidents" and level == 3):
                places = places[:3]
            for place in places:
                response = client.get(path, {name: place.pcode})
                status = response.status_code
                assert status < 500, (path, name, place.pcode, status)
                if level > public_level:
                    # Refused, or (the registry, closed to the public) an answer with nothing in it.
                    assert status != 200 or response.json().get("count") == 0, (
                        f"{path}?{name}={place.pcode} (level {level}) answered the public"
                    )
                elif status == 200:
                    answered[(path, name)] = answered.get((path, name), 0) + 1
    # The check means something: the public does get answers at its own levels.
    assert answered.get(("/api/incidents", "place"), 0) >= 6
    assert any(path.startswith("/api/stats/") for path, _ in answered)
