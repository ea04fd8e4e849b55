"""What a built-in (or user-saved) import profile declares."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from carewatch_core.imports.layout import Column
from carewatch_core.imports.rows import RowView

#: A profile's row function: fills ``record`` (incident record fields) and ``extra``
#: (normalised values the record has no column for) from the row.
RowMapper = Callable[[RowView, dict[str, Any], dict[str, Any]], None]


@dataclass(frozen=True)
class SourceInfo:
    """The source a profile's rows come from, and how to cite it."""

    name: str
    source_type: str
    reliability: str
    url: str
    citation: str


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    source: SourceInfo
    columns: Mapping[str, Column]
    map_row: RowMapper
    id_field: str | None = "id"
    required: tuple[str, ...] = ("id",)
    requires_hxl: bool = False
    sheet: str | None = None
    #: How the source counts (e.g. Insecurity Insight counts one where the number is not given).
    counting_rule: str = ""
    #: The language the dataset's rows are written in.
    language: str = "en"
    notes: tuple[str, ...] = field(default_factory=tuple)
