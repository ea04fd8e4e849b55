"""File formats and their HTTP responses: streamed CSV and GeoJSON, XLSX spooled to a temporary file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation

from carewatch.exports.selectors import Export
from carewatch_core.exports import csv_chunks, dictionary_rows, geojson_chunks, write_xlsx
from carewatch_core.exports.columns import DICTIONARY_COLUMNS


class Format(StrEnum):
    CSV = "csv"
    HXL = "hxl"
    XLSX = "xlsx"
    GEOJSON = "geojson"

    @property
    def extension(self) -> str:
        return {"csv": "csv", "hxl": "hxl.csv", "xlsx": "xlsx", "geojson": "geojson"}[self.value]

    @property
    def content_type(self) -> str:
        return {
            "csv": "text/csv; charset=utf-8",
            "hxl": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "geojson": "application/geo+json",
        }[self.value]


def _in_language(chunks: Iterator[bytes], language: str) -> Iterator[bytes]:
    """Stream in the request's language: the body is produced after the view has returned."""
    with translation.override(language):
        yield from chunks


def _attachment(response: Any, filename: str) -> Any:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(
    export: Export,
    fmt: Format,
    filename: str,
    *,
    bom: bool = False,
    members: Mapping[str, object] | None = None,
) -> Any:
    """The file as a response: CSV, HXL and GeoJSON stream row chunks; XLSX is written to a temporary
    file first (a zip cannot be streamed before it is complete), then streamed from it."""
    name = f"{filename}.{fmt.extension}"
    language = translation.get_language() or "en"
    if fmt is Format.XLSX:
        spool = tempfile.TemporaryFile()  # noqa: SIM115  # closed by FileResponse
        write_xlsx(
            spool,
            export.columns,
            export.rows(),
            dictionary=list(dictionary_rows(export.columns)),
            dictionary_columns=DICTIONARY_COLUMNS,
        )
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=name, content_type=fmt.content_type)
    if fmt is Format.GEOJSON:
        chunks = geojson_chunks(export.columns, export.rows(), members=members)
    else:
        chunks = csv_chunks(export.columns, export.rows(), hxl=fmt is Format.HXL, bom=bom)
    return _attachment(
        StreamingHttpResponse(_in_language(chunks, language), content_type=fmt.content_type), name
    )


def dictionary_response(export: Export, filename: str, *, bom: bool = False) -> Any:
    chunks = csv_chunks(
        DICTIONARY_COLUMNS, list(dictionary_rows(export.columns)), bom=bom
    )  # labels in this language
    return _attachment(
        StreamingHttpResponse(chunks, content_type=Format.CSV.content_type), f"{filename}.csv"
    )
