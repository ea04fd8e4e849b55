"""A row's content fingerprint: the SHA-256 of the canonical JSON of its non-blank column → value mapping.

The fingerprint tells an unchanged row from a changed one when a dataset is imported again,
so it must not depend on the column order, on how the row is stored, nor on the file format:
a workbook's typed cells are fingerprinted as the text a CSV written from it holds
(``cell_text``: ``42822``, ``31.5294490666``, ``False``, ``2023-12-21``), so the same rows in
XLSX and in such a CSV are the same rows. Text cells are fingerprinted as they are.

For the common row — no cell past the header, no two columns with the same name — the
canonical JSON is written straight from the cells in the header's sorted order, without
building the mapping; it is the same text ``canonical_json`` gives (tests compare them).
Rows fingerprinted before workbook cells were read as text (by their JSON values) are still
recognised: ``MappedRow.legacy_digest``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import compress
from json.encoder import encode_basestring  # the C encoder json.dumps uses (ensure_ascii=False)
from operator import add, itemgetter
from typing import Any

from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports.stored import row_values

#: Whole numbers up to this size are written without a decimal point.
_EXACT = 1e15
_MIDNIGHT = datetime.time()


def cell_text(cell: object) -> str | None:
    """A cell as a CSV written from its workbook by Python holds it (blank: ``None``)."""
    if cell is None or type(cell) is str:
        return cell
    if isinstance(cell, datetime.datetime):
        if cell.time() == _MIDNIGHT and cell.tzinfo is None:
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < _EXACT:
        return str(int(cell))
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell)


class Fingerprint:
    """Fingerprints the rows of one file (``header`` is its header)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.header = list(header)
        self.width = len(self.header)
        named = sorted(enumerate(self.header), key=lambda pair: pair[1])
        unique = len(set(self.header)) == self.width
        #: (cell index, '"name":') in the canonical key order, when names are unique.
        self._order = (
            [(index, encode_basestring(name) + ":") for index, name in named] if unique else None
        )
        #: The same as a getter of a full row's cells in that order, and the names in it.
        self._sorted = itemgetter(*(index for index, _ in named)) if unique and named else None
        self._names = tuple(name for _, name in self._order or ())

    def of(self, cells: Sequence[Any], all_text: bool) -> str:
        """The fingerprint of a row as read; ``all_text``: every cell is a string (as in any CSV)."""
        if all_text:
            return self.of_text(cells)[0]
        return self._digest([cell_text(c) for c in cells], None)

    def of_text(self, texts: Sequence[str]) -> tuple[str, list[str]]:
        """(fingerprint, each cell as a JSON string) of a row whose cells are all text: the report
        keeps the row as those JSON strings (``stored.encode_row``), so each is written once."""
        encoded = list(map(encode_basestring, texts))
        return self._digest(texts, encoded), encoded

    def _digest(self, texts: Sequence[str | None], encoded: list[str] | None) -> str:
        order = self._order
        if order is None or len(texts) > self.width:
            return sha256_text(canonical_json(row_values(texts, self.header)))
        count = len(texts)
        if encoded is None:
            encoded = [encode_basestring(t) if t else "" for t in texts]
        elif count == self.width and self._sorted is not None and self.width > 1:
            # A full row of text, in C: each name with its cell, kept where the cell is not blank
            # (strips to nothing: empty or white space only, as ``str.isspace`` tells it).
            kept = compress(
                map(add, self._names, self._sorted(encoded)),
                map(str.strip, self._sorted(texts)),
            )
            return sha256_text("{" + ",".join(kept) + "}")
        parts = [
            name + encoded[index]
            for index, name in order
            if index < count and (cell := texts[index]) and not cell.isspace()
        ]
        return sha256_text("{" + ",".join(parts) + "}")
