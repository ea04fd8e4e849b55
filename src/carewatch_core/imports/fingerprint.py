"""A row's content fingerprint: the SHA-256 of the canonical JSON of its non-blank column → value mapping.

The fingerprint tells an unchanged row from a changed one when a dataset is imported again,
so it must not depend on the column order or on how the row is stored. For the common row —
every cell text, no cell past the header, no two columns with the same name — the canonical
JSON is written straight from the cells in the header's sorted order, without building the
mapping; it is the same text ``canonical_json`` gives (tests compare them).
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring  # the C encoder json.dumps uses (ensure_ascii=False)
from typing import Any

from carewatch_core.hashing import canonical_json, sha256_text
from carewatch_core.imports.stored import row_values


class Fingerprint:
    """Fingerprints the rows of one file (``header`` is its header)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.header = list(header)
        self.width = len(self.header)
        named = sorted(enumerate(self.header), key=lambda pair: pair[1])
        unique = len(set(self.header)) == self.width
        #: (cell index, '"name":') in the canonical key order, when names are unique.
        self._order = [(index, encode_basestring(name) + ":") for index, name in named] if unique else None

    def of(self, cells: Sequence[Any], all_text: bool) -> str:
        """The fingerprint of a row; ``all_text``: every cell is a string (as in any CSV)."""
        order = self._order
        if order is None or not all_text or len(cells) > self.width:
            return sha256_text(canonical_json(row_values(cells, self.header)))
        count = len(cells)
        parts = [name + encode_basestring(cell) for index, name in order
                 if index < count and (cell := cells[index]) and not cell.isspace()]  # fmt: skip
        return sha256_text("{" + ",".join(parts) + "}")
