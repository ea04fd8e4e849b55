"""Reading the exported files back into typed values (the round trip the tests prove).

The inverse of the writers, driven by the same column declaration: a blank cell is unknown
(``None``), never zero; neutralised text gets its leading quote removed.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Sequence
from typing import IO, Any

from carewatch_core.exports.cells import LIST_SEPARATOR, restore
from carewatch_core.exports.columns import Column, Kind

Row = dict[str, object]


def parse_text(kind: Kind, text: str) -> object:
    """A CSV cell's text as a typed value of ``kind``."""
    text = restore(text)
    if text == "":
        return [] if kind is Kind.LIST else None
    if kind is Kind.INTEGER:
        return int(text)
    if kind is Kind.NUMBER:
        return float(text)
    if kind is Kind.DATE:
        return datetime.date.fromisoformat(text)
    if kind is Kind.BOOLEAN:
        return text == "true"
    if kind is Kind.LIST:
        return text.split(LIST_SEPARATOR)
    return text


def read_csv(data: bytes, columns: Sequence[Column], *, hxl: bool = False) -> list[Row]:
    """Rows of an exported CSV (with or without BOM; ``hxl``: check and skip the hashtag row)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    if hxl:
        tags = next(reader)
        expected = {c.name: c.hxl for c in columns}
        if not all(expected.get(name, tag) == tag for name, tag in zip(header, tags, strict=True)):
            raise ValueError("the HXL row does not match the columns")
    kinds = {c.name: c.kind for c in columns}
    return [
        {
            name: parse_text(kinds.get(name, Kind.TEXT), cell)
            for name, cell in zip(header, line, strict=True)
        }
        for line in reader
    ]


_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def unescape_ooxml(text: str) -> str:
    """Undo OOXML's ``_xHHHH_`` escapes (how a workbook stores control characters such as CR),
    which openpyxl leaves in the text."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _from_xlsx(kind: Kind, value: Any) -> object:
    if isinstance(value, str):
        value = unescape_ooxml(value)
    if value is None:
        return [] if kind is Kind.LIST else None
    if kind is Kind.DATE and isinstance(value, datetime.datetime):
        return value.date()
    if kind is Kind.INTEGER and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind is Kind.LIST:
        return str(value).split(LIST_SEPARATOR)
    return value


def read_xlsx(source: str | IO[bytes], columns: Sequence[Column], sheet: str = "data") -> list[Row]:
    """Rows of an exported workbook's sheet (openpyxl, read-only)."""
    import openpyxl

    book = openpyxl.load_workbook(source, read_only=True, data_only=False)
    try:
        lines = book[sheet].iter_rows(values_only=True)
        header = [str(h) for h in next(lines)]
        kinds = {c.name: c.kind for c in columns}
        return [
            {
                name: _from_xlsx(kinds.get(name, Kind.TEXT), v)
                for name, v in zip(header, line, strict=False)
            }
            for line in lines
        ]
    finally:
        book.close()


def read_geojson(
    data: bytes, columns: Sequence[Column], *, lat: str = "lat", lon: str = "lon"
) -> list[Row]:
    """Rows of an exported FeatureCollection: properties, with the point back in ``lat``/``lon``."""
    collection = json.loads(data.decode("utf-8"))
    kinds = {c.name: c.kind for c in columns}
    rows: list[Row] = []
    for f in collection["features"]:
        row: Row = {
            k: (datetime.date.fromisoformat(v) if kinds.get(k) is Kind.DATE and v else v)
            for k, v in f["properties"].items()
        }
        point = (f.get("geometry") or {}).get("coordinates") or [None, None]
        row[lon], row[lat] = point[0], point[1]
        rows.append(row)
    return rows
