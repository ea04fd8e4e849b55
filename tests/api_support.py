"""Helpers and fixtures for the API tests: token clients, JSON calls, and a small world with canaries.

Canary values are unique strings (and exact coordinates) put in internal and restricted fields;
the tests assert they never reach a caller who may not read them.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

CANARY_NARRATIVE = "CANARY-NARRATIVE-7f3a19"
CANARY_TITLE = "CANARY-TITLE-0b6e42"
CANARY_INFORMANT = "CANARY-INFORMANT-19c2d4"
CANARY_CONTACT = "CANARY-CONTACT-+963-555-0199"
CANARY_OWN_INFORMANT = "CANARY-OWN-INFORMANT-44e1"
CANARY_FAMILY = "CANARY-FAMILY-5d81aa"
CANARY_UNCLEARED = "CANARYUNCLEARED Hadi"
CANARY_SOURCE_NOTE = "CANARY-SOURCE-NOTE-e2f7"
CANARY_FACILITY = "CANARY-FACILITY-Qudsiyya"
CANARY_SPECIALTY = (
    "CANARY-SPECIALTY-8c0d"  # a cleared doctor's specialty: internal, not on the memorial
)
FACILITY_LAT, FACILITY_LON = 36.123456, 36.654321
INCIDENT_LAT, INCIDENT_LON = 35.987123, 36.512347
RECORD_LAT, RECORD_LON = 35.911177, 36.622233

RESTRICTED_CANARIES = (
    CANARY_INFORMANT,
    CANARY_CONTACT,
    CANARY_OWN_INFORMANT,
    CANARY_FAMILY,
    CANARY_UNCLEARED,
    str(FACILITY_LAT),
    str(FACILITY_LON),
    str(INCIDENT_LAT),
    str(INCIDENT_LON),
    str(RECORD_LAT),
    str(RECORD_LON),
)
INTERNAL_CANARIES = (
    CANARY_NARRATIVE,
    CANARY_TITLE,
    CANARY_SOURCE_NOTE,
    CANARY_FACILITY,
    CANARY_SPECIALTY,
)
ROLES = ("anonymous", "field_documenter", "analyst", "communications", "verifier", "administrator")


def api_client(user: Any = None, **headers: str) -> Client:
    """A test client that calls the API as ``user`` with a fresh token (anonymous for ``None``)."""
    if user is None:
        return Client(headers=headers)
    from carewatch.accounts.services import api_token_create

    _token, key = api_token_create(user=user, label="tests")
    return Client(headers={"Authorization": f"Bearer {key}", **headers})


def send(client: Client, method: str, path: str, data: Any = None, **extra: Any) -> Any:
    """Send ``data`` as JSON (or raw bytes) with ``method``."""
    payload = (
        data if isinstance(data, bytes | str) else json.dumps(data if data is not None else {})
    )
    return client.generic(method.upper(), path, payload, content_type="application/json", **extra)


def audit_count(action: str | None = None) -> int:
    from carewatch.audit.models import AuditEntry

    qs = AuditEntry.objects.all()
    return (qs.filter(action=action) if action else qs).count()


def audit_writes() -> int:
    """Audit entries other than refusals: a refused request is itself audited (web/refusals.py),
    and a test that checks "nothing was written" counts the rest."""
    from carewatch.audit.models import AuditEntry

    return AuditEntry.objects.exclude(action="carewatch.access.refused").count()


def last_audit(action: str) -> Any:
    from carewatch.audit.models import AuditEntry

    return AuditEntry.objects.filter(action=action).order_by("-id").first()


def row_counts() -> dict[str, int]:
    """Rows of every model that a write endpoint could add or change."""
    from django.apps import apps

    labels = ("incidents", "facilities", "people", "sources", "audit", "places")
    counts = {
        m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in labels
    }
    # A refused request is itself audited (web/refusals.py); that entry is not a write.
    from carewatch.audit.models import AuditEntry

    counts["audit.AuditEntry"] = AuditEntry.objects.exclude(
        action="carewatch.access.refused"
    ).count()
    return counts


def district(name: str = "Idleb") -> Any:
    from carewatch.places.models import Place

    return Place.objects.get(level=2, name_en__iexact=name)


def governorate_of(place: Any) -> Any:
    return place.ancestor_at(1)


def submission(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/incidents/submit."""
    body = {
        "title": "Shelling near the clinic",
        "date_start": "2017-09-20",
        "place": district().pcode,
        "attack_types": ["heavy_weapons"],
        "weapons": ["shelling"],
        "counts": {"killed_hw": {"low": 1}},
        "narrative": "قصف قرب العيادة",
        "language": "ar",
    }
    return body | overrides


def full_incident(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/incidents."""
    body = submission() | {
        "certainty": "probable",
        "facility_damage": "damaged",
        "resources": ["facility"],
    }
    body.pop("language")
    return body | overrides


class World:
    """The seeded objects, by name."""

    def __init__(self, **objects: Any) -> None:
        self.__dict__.update(objects)


def valid_writes(world: World) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """For every write endpoint: a valid body (as the administrator) and the audit action it must leave."""
    district_pcode = district().pcode
    return {
        ("POST", "/api/incidents/submit"): (submission(), "carewatch.incident.created"),
        ("POST", "/api/incidents"): (full_incident(), "carewatch.incident.created"),
        ("PUT", "/api/incidents/{incident_id}"): (
            full_incident(version=1, reason="fix"),
            "carewatch.incident.changed",
        ),
        ("PATCH", "/api/incidents/{incident_id}"): (
            {"title": "Renamed", "version": 1},
            "carewatch.incident.changed",
        ),
        ("POST", "/api/incidents/{incident_id}/state"): (
            {"state": "under_review", "version": 1},
            "carewatch.incident.state_changed",
        ),
        ("POST", "/api/facilities"): (
            {"name_latin": "New clinic", "facility_type": "primary", "place": district_pcode},
            "carewatch.facility.created",
        ),
        ("PATCH", "/api/facilities/{facility_id}"): (
            {"beds": 12, "version": 1},
            "carewatch.facility.changed",
        ),
        ("POST", "/api/facilities/{facility_id}/statuses"): (
            {"status": "functional", "date": "2017-10-01"},
            "carewatch.facility.status_recorded",
        ),
        ("POST", "/api/facilities/{facility_id}/aliases"): (
            {"name": "M2", "kind": "code_name"},
            "carewatch.facility.alias_added",
        ),
        ("POST", "/api/people/{person_id}/clearance"): (
            {"clearance": "cleared", "cleared_by": "Family", "version": 1},
            "carewatch.person.clearance_changed",
        ),
        ("POST", "/api/sources"): (
            {"name": "UNICEF", "source_type": "un_agency"},
            "carewatch.source.created",
        ),
        ("PATCH", "/api/sources/{source_id}"): (
            {"reliability": "A", "version": 1},
            "carewatch.source.changed",
        ),
        ("POST", "/api/reports"): (
            {
                "source": world.source.pk,
                "kind": "newsletter",
                "language": "fr",
                "title": "Bulletin",
            },
            "carewatch.report.received",
        ),
        ("POST", "/api/figures"): (
            {
                "report": world.report.pk,
                "quantity": 96,
                "measure": "children_killed",
                "population": "children",
                "quote": "96 enfants tués",
            },
            "carewatch.figure.recorded",
        ),
    }


def path_params(world: World) -> dict[str, str]:
    """A seeded record for every path parameter of the API."""
    return {
        "incident_id": str(world.public.pk),
        "facility_id": str(world.facility.pk),
        "person_id": str(world.uncleared.pk),
        "source_id": str(world.source.pk),
        "report_id": str(world.report.pk),
        "figure_id": str(world.figure.pk),
        "pcode": "SY07",
    }


def fill(path: str, world: World) -> str:
    """``path`` with its parameters replaced by seeded records."""
    for name, value in path_params(world).items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"add the parameter of {path} to path_params()"
    return path


def operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation in /api/openapi.json."""
    schema = client.get("/api/openapi.json").json()
    return [
        (method.upper(), path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
