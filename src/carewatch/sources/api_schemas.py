"""API shapes of sources, reports, the records they hold and figures; and their input schemas.

The record shapes live here (a record is what a report says) and are reused by the incident
and people endpoints, so that the apps' API modules import in one direction only.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, create_model

from carewatch.access.shape import (
    CountOut,
    PlaceRef,
    Shape,
    attr,
    count_value,
    nested,
    nested_list,
    place_value,
)
from carewatch.access.shape import Out as F
from carewatch.lib.api.types import (
    BLANK_IS_NONE,
    Id,
    PastDay,
    PCode,
    Text120,
    Text200,
    Text300,
    Text500,
    Text5000,
    Text200000,
    Url200,
    Url500,
)
from carewatch.sources.choices import (
    CasualtyMeasure,
    FigureMeasure,
    FigurePopulation,
    Language,
    QuotePublication,
    Reliability,
    ReportKind,
    SourceType,
)
from carewatch_core.counts import Count


def _casualties_schema() -> type[Schema]:
    fields: dict[str, Any] = {
        m.value: (CountOut | None, Field(None, description=str(m.label))) for m in CasualtyMeasure
    }
    return create_model("Casualties", __base__=Schema, **fields)


CasualtiesOut = _casualties_schema()


def casualties_value(counts: dict[str, Count]) -> dict[str, Any]:
    """Every casualty measure of the vocabulary: ``null`` when unknown, never 0."""
    return {m.value: count_value(counts.get(m.value, Count())) for m in CasualtyMeasure}


def _username(user: Any) -> str | None:
    return None if user is None else user.get_username()


SOURCE_REF = Shape(
    "source",
    "SourceRef",
    {
        "id": attr(int, "pk"),
        "name": attr(str),
        "source_type": attr(str),
        "reliability": attr(str),
    },
)
SOURCE = SOURCE_REF.extend(
    "Source",
    {
        "url": attr(str),
        "description": attr(str),
        "report_count": F(int, lambda s, r: getattr(s, "report_count", None)),
        "version": attr(int),
    },
)

REPORT_REF = Shape(
    "report",
    "ReportRef",
    {
        "id": attr(int, "pk"),
        "title": attr(str),
        "kind": attr(str),
        "language": attr(str),
        "published_on": attr(datetime.date),
        "url": attr(str),
        "source": nested(SOURCE_REF, lambda r: r.source),
    },
)
REPORT = REPORT_REF.extend(
    "Report",
    {
        "dataset_key": attr(str),
        "content_sha256": attr(str),
        "received_at": attr(datetime.datetime),
        "corrects": attr(int, "corrects_id"),
    },
)

INCIDENT_RECORD = Shape(
    "incident_record",
    "IncidentRecord",
    {
        "id": attr(int, "pk"),
        "incident": attr(int, "incident_id"),
        "date": attr(datetime.date),
        "date_precision": attr(int),
        "place": F(PlaceRef, lambda x, r: place_value(x.place)),
        "place_text": attr(str),
        "lat": attr(float),
        "lon": attr(float),
        "facility_text": attr(str),
        "attack_types": attr(list[str]),
        "weapons": attr(list[str]),
        "perpetrator_text": attr(str),
        "certainty": attr(str),
        "description": attr(str),
        "counts": F(
            CasualtiesOut, lambda x, r: casualties_value({m: x.count_of(m) for m in x.counts})
        ),
        "values": F(
            dict[str, Any],
            lambda x, r: x.values,
            "What has no field of its own: for an imported row, its provenance (run, file SHA-256, sheet, row, "
            "profile), extra values and flags; the row itself, as received, is its report's original text.",
        ),
    },
)
PERSON_RECORD = Shape(
    "person_record",
    "PersonRecord",
    {
        "id": attr(int, "pk"),
        "person": attr(int, "person_id"),
        "name_ar": attr(str),
        "name_latin": attr(str),
        "sex": attr(str),
        "age_text": attr(str),
        "profession_text": attr(str),
        "fate": attr(str),
        "date": attr(datetime.date),
        "place_text": attr(str),
        "values": F(dict[str, Any], lambda x, r: x.values),
    },
)

FIGURE = Shape(
    "figure",
    "Figure",
    {
        "id": attr(int, "pk"),
        "quantity": attr(int),
        "quantity_high": attr(int),
        "measure": attr(str),
        "population": attr(str),
        "place": F(PlaceRef, lambda f, r: place_value(f.place)),
        "place_text": attr(str),
        "period_start": attr(datetime.date),
        "period_end": attr(datetime.date),
        "quote": attr(str, description="The exact words of the report."),
        "publication": attr(
            str, description="Whether it may be published: by_kind, public or private."
        ),
        "stated_by": nested(
            SOURCE_REF, lambda f: f.stated_by, "The source the figure is credited to."
        ),
        "report": nested(REPORT_REF, lambda f: f.report, "The report that states it."),
        "incident": attr(int, "incident_id"),
    },
)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


REPORT_DETAIL = REPORT.extend(
    "ReportDetail",
    {
        "original_text": attr(str),
        "informant_name": attr(str),
        "informant_contact": attr(str),
        "submitted_by": F(str, lambda x, r: _username(x.submitted_by)),
        "attachments": F(
            list[AttachmentOut],
            lambda x, r: [
                {
                    "id": a.pk,
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.size,
                    "sha256": a.sha256,
                }
                for a in x.attachments.all()
            ],
        ),
        "incident_records": nested_list(INCIDENT_RECORD, lambda x: x.incident_records.all()),
        "person_records": nested_list(PERSON_RECORD, lambda x: x.person_records.all()),
        "figures": nested_list(FIGURE, lambda x: x.figures.all()),
    },
)

# Inputs


class SourceIn(Schema, extra="forbid"):
    name: Text200 = Field(..., min_length=1)
    source_type: SourceType
    reliability: Reliability = Reliability.F
    url: Url200 = ""
    description: Text5000 = ""


class SourcePatch(Schema, extra="forbid"):
    name: Text200 | None = Field(None, min_length=1)
    source_type: SourceType | None = None
    reliability: Reliability | None = None
    url: Url200 | None = None
    description: Text5000 | None = None
    version: Id
    reason: Text500 = ""


class ReportIn(Schema, extra="forbid"):
    source: Id
    kind: ReportKind
    language: Language
    title: Text300 = ""
    original_text: Text200000 = ""
    published_on: Annotated[PastDay | None, BLANK_IS_NONE] = None
    url: Url500 = ""
    informant_name: Text200 = Field("", description="Restricted: a witness's or informant's name.")
    informant_contact: Text200 = Field("", description="Restricted.")
    dataset_key: Text120 = ""
    corrects: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="The report this one corrects."
    )


class FigureIn(Schema, extra="forbid"):
    report: Id
    quantity: int = Field(..., ge=0, le=10**12)
    quantity_high: int | None = Field(None, ge=0, le=10**12)
    measure: FigureMeasure
    population: FigurePopulation
    quote: Text5000 = Field(
        ..., min_length=1, description="The exact words of the report: a figure needs its quote."
    )
    place: Annotated[PCode | None, BLANK_IS_NONE] = None
    place_text: Text200 = ""
    period_start: Annotated[PastDay | None, BLANK_IS_NONE] = None
    period_end: Annotated[PastDay | None, BLANK_IS_NONE] = None
    attributed_to: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="The source the report quotes, if not itself."
    )
    incident: Annotated[Id | None, BLANK_IS_NONE] = None
    publication: QuotePublication = Field(
        QuotePublication.BY_KIND,
        description=(
            "Whether the figure and its quote may be published: by_kind (reports published by their source: yes;"
            " statements, interviews and others: no), public, or private. A field form's figures are never public."
        ),
    )
