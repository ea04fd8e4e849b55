"""Writers of open-data and staff exports: CSV, HXL-tagged CSV, XLSX and GeoJSON.

Pure Python. A dataset is described once as a tuple of :class:`Column` (name, label, type,
sensitivity class, HXL hashtag, description); the files and their data dictionary are both
generated from that declaration, so they cannot drift apart. Rows are mappings from column
name to a plain value (``str``, ``int``, ``float``, ``bool``, ``datetime.date``, a list of
strings, or ``None`` for unknown). Spreadsheet formula injection is neutralised on the way out
(:mod:`carewatch_core.exports.cells`).
"""

from carewatch_core.exports.cells import neutralise, restore
from carewatch_core.exports.columns import Column, Kind, columns_for, dictionary_rows
from carewatch_core.exports.delimited import csv_chunks
from carewatch_core.exports.geojson import geojson_chunks
from carewatch_core.exports.reading import read_csv, read_geojson, read_xlsx
from carewatch_core.exports.xlsx import write_xlsx

__all__ = [
    "Column",
    "Kind",
    "columns_for",
    "csv_chunks",
    "dictionary_rows",
    "geojson_chunks",
    "neutralise",
    "read_csv",
    "read_geojson",
    "read_xlsx",
    "restore",
    "write_xlsx",
]
