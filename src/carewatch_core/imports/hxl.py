"""HXL (Humanitarian Exchange Language) hashtag rows: detection and matching.

A hashtag row sits under the header row; each cell is ``#tag`` followed by ``+attribute``s
(``#affected +healthworker +killed``). As in libhxl, a row is a hashtag row when at least
half of its non-empty cells are valid hashtags. A spec ``#affected+killed`` matches a column
whose tag is ``affected`` and whose attributes include ``killed``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TAG = re.compile(r"^\s*#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)\s*$", re.IGNORECASE)
_ATTR = re.compile(r"\+\s*([a-z][a-z0-9_]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Hashtag:
    tag: str
    attributes: frozenset[str]

    def matches(self, spec: Hashtag) -> bool:
        """True when this column satisfies ``spec`` (same tag, spec's attributes all present)."""
        return self.tag == spec.tag and spec.attributes <= self.attributes

    def __str__(self) -> str:
        return "#" + self.tag + "".join(f" +{a}" for a in sorted(self.attributes))


def parse_hashtag(text: object) -> Hashtag | None:
    """The hashtag in a cell, lower-cased, or ``None`` when the cell is not one."""
    if not isinstance(text, str):
        return None
    match = _TAG.match(text)
    if match is None:
        return None
    attributes = frozenset(a.lower() for a in _ATTR.findall(match.group(2)))
    return Hashtag(match.group(1).lower(), attributes)


def is_hashtag_row(cells: Sequence[object]) -> bool:
    """At least one cell, and at least half of the non-empty cells, are hashtags."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    tags = sum(1 for c in filled if parse_hashtag(c) is not None)
    return tags > 0 and tags * 2 >= len(filled)


def find_column(hashtags: Sequence[Hashtag | None], spec: str) -> int | None:
    """Index of the first column matching ``spec`` (e.g. ``"#affected+healthworker+killed"``)."""
    wanted = parse_hashtag(spec)
    if wanted is None:
        raise ValueError(f"not a hashtag spec: {spec!r}")
    for index, tag in enumerate(hashtags):
        if tag is not None and tag.matches(wanted):
            return index
    return None
