"""What the incident page shows, prepared once (labels, counts, records side by side).

Records reach the template as ``access.shown`` views for the reader: what the reader's clearance
may not see is withheld, and restricted values (the exact point, informants, uncleared names) are
never on the page — the template offers their on-purpose, audited reads instead.
"""

from __future__ import annotations

from typing import Any

from carewatch.access.shown import ShownReader
from carewatch.accounts.permissions import can
from carewatch.incidents.choices import TAG_CHOICES, CasualtyMeasure, TagKind
from carewatch.incidents.forms import StateForm
from carewatch.incidents.models import Incident
from carewatch_core.counts import Count


def tag_labels(incident: Incident, kind: str) -> list[str]:
    choices = TAG_CHOICES[TagKind(kind)]
    return [str(choices(code).label) for code in incident.tag_codes(kind) if code in choices.values]


def count_rows(counts: dict[str, Count]) -> list[tuple[str, str]]:
    """Every measure in vocabulary order; unknown shows as unknown, never as 0."""
    return [(str(m.label), counts.get(m.value, Count()).display()) for m in CasualtyMeasure]


def record_rows(reader: ShownReader, incident: Incident) -> list[dict[str, Any]]:
    rows = []
    for record in incident.records.all():
        counts = {m: record.count_of(m) for m in record.counts}
        rows.append(
            {
                "record": reader.show(record),
                "report": reader.show(record.report),
                "source": reader.show(record.report.source),
                "counts": [
                    (str(CasualtyMeasure(m).label), c.display())
                    for m, c in counts.items()
                    if m in CasualtyMeasure.values
                ],
            }
        )
    return rows


def incident_page(reader: ShownReader, incident: Incident) -> dict[str, Any]:
    user = reader.user
    return {
        "incident": reader.show(incident),
        "attack_types": tag_labels(incident, TagKind.ATTACK_TYPE),
        "weapons": tag_labels(incident, TagKind.WEAPON),
        "resources": tag_labels(incident, TagKind.RESOURCE),
        "counts": count_rows(incident.counts()),
        "records": record_rows(reader, incident),
        "fates": reader.show(list(incident.fates.all())),
        "figures": reader.show(list(incident.figures.all())),
        "can_edit": can(user, "incident.edit"),
        "can_review": can(user, "incident.review"),
        "state_form": StateForm(
            initial={
                "state": incident.state,
                "certainty": incident.certainty,
                "version": incident.version,
            }
        ),
    }
