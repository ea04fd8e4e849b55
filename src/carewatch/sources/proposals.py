"""Figures proposed from a report's text (``carewatch_core.extraction``), for a reviewer to accept,
correct or drop: the text cut into pieces with the proposed quantities marked, and one row of
initial values per proposal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from carewatch.places.models import Place
from carewatch.sources.choices import FigurePopulation, QuotePublication
from carewatch.sources.evidence import HEAD_BYTES, detect_type
from carewatch.sources.models import Report, Source
from carewatch_core.extraction import ExtractedFigure, extract
from carewatch_core.extraction.documents import DocumentRefused, document_text
from carewatch_core.geo.gazetteer import Gazetteer

#: Files whose text is read into a report given without one (a press release sent as PDF).
READABLE = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
}
TEXT_LIMIT = 500_000  # characters, as the report form's own text field

#: More proposals than this in one text are not shown (the reviewer records the rest by hand).
MOST = 60


@dataclass(frozen=True)
class Piece:
    text: str
    figure: int | None  # the number of the proposal marked here, or None


def proposals(report: Report) -> list[ExtractedFigure]:
    found = extract(
        report.original_text,
        language=report.language if report.language in ("ar", "fr", "en") else None,
        issuer=report.source.name,
        date=report.published_on,
        gazetteer=Gazetteer.load("SY"),
    )
    return found[:MOST]


def pieces(text: str, found: list[ExtractedFigure]) -> list[Piece]:
    """``text`` in order, each proposed quantity a piece of its own."""
    cut, at = [], 0
    for number, figure in enumerate(found, start=1):
        if figure.start < at:
            continue
        cut += [
            Piece(text[at : figure.start], None),
            Piece(text[figure.start : figure.end], number),
        ]
        at = figure.end
    return [*cut, Piece(text[at:], None)]


def initial_rows(
    found: list[ExtractedFigure], sources: QuerySet[Source], recorded: set[tuple[int, str]]
) -> list[dict[str, Any]]:
    """The form values each proposal starts with: its named source matched to a source record
    by name when one is known (else left for the reviewer), its place by p-code; unticked when
    the report already has a figure of that number and measure (``recorded``)."""
    by_name = {s.name.casefold(): s.pk for s in sources}
    places = dict(
        Place.objects.filter(pcode__in={f.place for f in found if f.place}).values_list(
            "pcode", "pk"
        )
    )
    return [
        {
            "record": (f.quantity if f.quantity is not None else f.low, f.measure) not in recorded,
            "quantity": f.quantity if f.quantity is not None else f.low,
            "quantity_high": f.high,
            "measure": f.measure,
            "population": f.population or FigurePopulation.OTHER,
            "place": places.get(f.place or ""),
            "place_text": "" if f.place in places else (f.place or ""),
            "period_start": f.period_start,
            "period_end": f.period_end,
            "attributed_to": by_name.get((f.source or "").casefold()),
            "named_source": f.source or "",
            "quote": f.quote,
            "publication": QuotePublication.BY_KIND,
        }
        for f in found
    ]


def text_of_upload(upload: Any) -> str:
    """The text of an uploaded PDF, DOCX, HTML or plain-text file, or "" for any other file (a
    photo, a recording) and for one that cannot be read (it is kept as evidence all the same)."""
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if detect_type(head) not in READABLE:
        return ""
    try:
        text = document_text(upload.read(), upload.name)
    except DocumentRefused:
        return ""
    finally:
        upload.seek(0)
    return text[:TEXT_LIMIT]
