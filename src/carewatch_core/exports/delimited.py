"""Streaming CSV and HXL-tagged CSV (a header row, then a row of HXL hashtags)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

from carewatch_core.exports.cells import csv_cell
from carewatch_core.exports.columns import Column

BOM = "\ufeff"


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    *,
    hxl: bool = False,
    bom: bool = False,
    batch: int = 500,
) -> Iterator[bytes]:
    """The CSV file, UTF-8, in chunks of ``batch`` rows (memory stays flat whatever the row count).

    Text fields are quoted and neutralised against formula injection; numbers are written bare.
    ``bom`` starts the file with a byte-order mark, which Excel needs to read UTF-8 (Arabic) right.
    ``hxl`` adds the row of hashtags under the header (columns without a tag get an empty cell).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([c.name for c in columns])
    if hxl:
        writer.writerow([c.hxl for c in columns])
    names = [c.name for c in columns]
    pending = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in names])
        pending += 1
        if pending >= batch:
            yield _take(buffer)
            pending = 0
    yield _take(buffer)


def _take(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data
