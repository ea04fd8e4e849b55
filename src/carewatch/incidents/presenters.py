"""What the incident page shows, prepared once (labels, counts, records side by side)."""

from __future__ import annotations

from typing import Any

from carewatch.accounts.permissions import can, clearance_of
from carewatch.incidents.choices import TAG_CHOICES, CasualtyMeasure, TagKind
from carewatch.incidents.forms import StateForm
from carewatch.incidents.models import Incident
from carewatch.people.presenters import audit_name_reads, display_name
from carewatch.sources.presenters import audit_informant_reads
from carewatch_core.counts import Count
from carewatch_core.sensitivity import Level


def tag_labels(incident: Incident, kind: str) -> list[str]:
    choices = TAG_CHOICES[TagKind(kind)]
    return [str(choices(code).label) for code in incident.tag_codes(kind) if code in choices.values]


def count_rows(counts: dict[str, Count]) -> list[tuple[str, str]]:
    """Every measure in vocabulary order; unknown shows as unknown, never as 0."""
    return [(str(m.label), counts.get(m.value, Count()).display()) for m in CasualtyMeasure]


def record_rows(incident: Incident) -> list[dict[str, Any]]:
    rows = []
    for record in incident.records.all():
        counts = {m: record.count_of(m) for m in record.counts}
        rows.append(
            {
                "record": record,
                "report": record.report,
                "source": record.report.source,
                "counts": [
                    (str(CasualtyMeasure(m).label), c.display())
                    for m, c in counts.items()
                    if m in CasualtyMeasure.values
                ],
            }
        )
    return rows


def incident_page(user: Any, incident: Incident) -> dict[str, Any]:
    fates = list(incident.fates.all())
    audit_name_reads(user, [f.person for f in fates], f"incident:{incident.pk}")
    records = record_rows(incident)
    if can(user, "report.view_informant"):
        audit_informant_reads(user, [row["report"] for row in records])
    return {
        "incident": incident,
        "attack_types": tag_labels(incident, TagKind.ATTACK_TYPE),
        "weapons": tag_labels(incident, TagKind.WEAPON),
        "resources": tag_labels(incident, TagKind.RESOURCE),
        "counts": count_rows(incident.counts()),
        "records": records,
        "fates": [(display_name(user, f.person), f) for f in fates],
        "figures": list(incident.figures.all()),
        "can_edit": can(user, "incident.edit"),
        "can_review": can(user, "incident.review"),
        "can_see_exact": clearance_of(user) >= Level.RESTRICTED and incident.exact_lat is not None,
        "can_see_informants": can(user, "report.view_informant"),
        "state_form": StateForm(
            initial={
                "state": incident.state,
                "certainty": incident.certainty,
                "version": incident.version,
            }
        ),
    }
