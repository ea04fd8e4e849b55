"""What a built-in (or user-saved) import profile declares."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carewatch_core.imports.layout import Column
from carewatch_core.imports.rows import RowView

#: A profile's row function: fills ``record`` (incident record fields) and ``extra``
#: (normalised values the record has no column for) from the row.
RowMapper = Callable[[RowView, dict[str, Any], dict[str, Any]], None]


@dataclass(frozen=True)
class Step:
    """One piece of a profile's row function, run in order with the others.

    With ``fields``, the piece reads only those fields' cells (and writes only ``record``,
    ``extra`` and issues), so the mapper may run it once per distinct combination of those
    cells and replay its result on every row that has them: datasets repeat their dates,
    places, vocabulary labels and counts thousands of times. Without ``fields`` it runs on
    every row (what is unique to a row: its coordinates, its description).
    """

    run: RowMapper
    fields: tuple[str, ...] | None = None


def in_steps(steps: Sequence[Step]) -> RowMapper:
    """The row function made of ``steps``, run one after the other on one row."""

    def map_row(view: RowView, record: dict[str, Any], extra: dict[str, Any]) -> None:
        for step in steps:
            step.run(view, record, extra)

    return map_row


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
    #: ``map_row`` in steps (``map_row`` is then ``in_steps(steps)``), for mapping rows in batches.
    steps: tuple[Step, ...] = ()
    id_field: str | None = "id"
    required: tuple[str, ...] = ("id",)
    requires_hxl: bool = False
    sheet: str | None = None
    #: How the source counts (e.g. Insecurity Insight counts one where the number is not given).
    counting_rule: str = ""
    #: The language the dataset's rows are written in.
    language: str = "en"
    #: How a date whose day and month could be either way round (``03/04/2020``) is read when
    #: the file does not say (``Mapper.day_first``): month first (False), day first (True), or
    #: not at all (None: the row is rejected).
    day_first: bool | None = None
    #: The fields holding the row's dates, whose slashed dates tell a file's date order.
    date_fields: tuple[str, ...] = ("date",)
    notes: tuple[str, ...] = field(default_factory=tuple)
