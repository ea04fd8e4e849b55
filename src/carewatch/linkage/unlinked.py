"""Incident records no consolidated incident holds yet become incidents of their own.

An imported dataset's rows arrive as incident records of their source and nothing more: the
public figures, the map, the incident list and the review queue all work on consolidated
incidents. ``records_consolidate`` gives each such record a *submitted* incident, linked to it,
for verifiers to check and for the review queue (``carewatch link candidates incidents``) to pair
with the incidents other sources report: a merge stays a reviewer's decision.

Only a record that is its report's latest version is taken: the records of the reports it
corrects (the same row in earlier releases) are linked to the same incident. (Once a row has an
incident, the import links a newer release's version of it to that incident itself.)

The incident's values are the record's: date and precision, the gazetteer place (the country
when the row names none but says it is of the gazetteer's country; a row of another country is
left, as is one without a date), coordinates with the row's precision, attack types, weapons,
resources, counts, the perpetrator category the import read,
certainty (possible when the source gives none), the description as narrative and, cut at a word, as summary.
Each incident and each link is audited, as any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from carewatch.incidents.choices import Certainty, LocationType, PerpetratorCategory
from carewatch.incidents.models import IncidentRecord
from carewatch.incidents.services import incident_create, incident_record_link
from carewatch.incidents.values import IncidentValues, PerpetratorValue
from carewatch.places.choices import LocationPrecision
from carewatch.places.models import Place
from carewatch.sources.models import Report
from carewatch_core.counts import Count
from carewatch_core.imports.profiles.common import is_syria

#: Longest summary cut from a description (the incident's ``title`` holds 300).
SUMMARY_CHARS = 160
#: Records consolidated in one transaction: a killed run keeps what it finished.
BATCH = 200


@dataclass
class Consolidated:
    """What a run did: records taken, incidents created (0 on a trial run), records left out."""

    records: int = 0
    created: int = 0
    skipped: int = 0


def unlinked_records(source_id: int | None = None) -> QuerySet[IncidentRecord]:
    """Records without an incident whose report no later report corrects, oldest first."""
    corrected = Report.objects.filter(corrects=OuterRef("report_id"))
    found = IncidentRecord.objects.filter(incident__isnull=True).exclude(Exists(corrected))
    if source_id is not None:
        found = found.filter(report__source_id=source_id)
    return found.select_related("report", "report__source").order_by("id")


def records_consolidate(
    *,
    user: Any,
    source_id: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda _: None,
) -> Consolidated:
    """Give each unlinked record (of ``source_id``, or of every source) an incident of its own."""
    country = Place.objects.filter(level=0).values_list("pk", flat=True).first()
    result = Consolidated()
    last = 0
    while batch := list(unlinked_records(source_id).filter(pk__gt=last)[:BATCH]):
        with transaction.atomic():
            for record in batch:
                _consolidate(record, country, user, dry_run, result)
        last = batch[-1].pk
        progress(result.records)
    return result


def _consolidate(
    record: IncidentRecord, country: int | None, user: Any, dry_run: bool, result: Consolidated
) -> None:
    result.records += 1
    values = incident_values(record, country)
    if values is None:
        result.skipped += 1
    elif not dry_run:
        incident = incident_create(user=user, values=values)
        incident_record_link(record=record, incident=incident, user=user, reason="its own incident")
        for earlier in _earlier_versions(record):
            incident_record_link(
                record=earlier, incident=incident, user=user, reason="an earlier version of its row"
            )
        result.created += 1


def _earlier_versions(record: IncidentRecord) -> list[IncidentRecord]:
    """The unlinked records of the reports ``record``'s report corrects, directly or not."""
    found: list[IncidentRecord] = []
    report_id = record.report.corrects_id
    while report_id is not None:
        found += IncidentRecord.objects.filter(report_id=report_id, incident__isnull=True)
        report_id = (
            Report.objects.filter(pk=report_id).values_list("corrects_id", flat=True).first()
        )
    return found


def incident_values(record: IncidentRecord, country_id: int | None) -> IncidentValues | None:
    """The incident ``record`` alone says there was (``None`` without a date, or without a place
    in the gazetteer's country: an imported row of another country has no place there)."""
    extra = _import_values(record)
    place_id = record.place_id or (
        country_id if is_syria(str(extra.get("country") or "")) else None
    )
    if record.date is None or place_id is None:
        return None
    description = record.description.strip()
    report = record.report
    return IncidentValues(
        title=_summary(description) or f"{report.source.name} {report.dataset_key or report.pk}",
        date_start=record.date,
        date_precision=record.date_precision,
        place_id=place_id,
        time=_time(extra.get("time")),
        exact_lat=record.lat,
        exact_lon=record.lon,
        location_precision=_precision(extra.get("location_precision"), record.place_id is not None),
        location_type=_choice(LocationType, extra.get("location_type"), LocationType.OTHER),
        attack_types=list(record.attack_types),
        weapons=list(record.weapons),
        resources=[str(r) for r in extra.get("resources") or []],
        counts={measure: Count(*pair) for measure, pair in record.counts.items()},
        perpetrators=_perpetrators(record, extra.get("perpetrator")),
        certainty=_choice(Certainty, record.certainty, Certainty.POSSIBLE),
        narrative=description,
        narrative_language=report.language,
    )


def _import_values(record: IncidentRecord) -> dict[str, Any]:
    values = record.values.get("import") if isinstance(record.values, dict) else None
    return values if isinstance(values, dict) else {}


def _summary(text: str) -> str:
    """The first line of ``text``, cut at a word to at most ``SUMMARY_CHARS`` characters."""
    line = text.splitlines()[0].strip() if text else ""
    if len(line) <= SUMMARY_CHARS:
        return line
    cut = line[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _time(text: object) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _precision(code: object, placed: bool) -> int:
    if isinstance(code, int) and code in LocationPrecision.values:
        return code
    return LocationPrecision.DISTRICT if placed else LocationPrecision.COUNTRY


def _choice(choices: Any, value: object, default: str) -> str:
    return str(value) if value in choices.values else default


def _perpetrators(record: IncidentRecord, category: object) -> list[PerpetratorValue]:
    if category not in PerpetratorCategory.values:
        return []
    return [
        PerpetratorValue(
            category=str(category),
            source_id=record.report.source_id,
            name=record.perpetrator_text[:200],
        )
    ]
