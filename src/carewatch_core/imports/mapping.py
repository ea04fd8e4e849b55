"""From a table to mapped rows: layout, columns, the dataset's own ID, the profile's mapping."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice

from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import MAX_CELL_CHARS, as_json_value, as_text
from carewatch_core.imports.dates import date_order
from carewatch_core.imports.errors import FileError, Issue, Severity
from carewatch_core.imports.fingerprint import Fingerprint
from carewatch_core.imports.hxl import is_hashtag_row
from carewatch_core.imports.layout import Layout, find_layout, resolve_columns
from carewatch_core.imports.profile import Profile
from carewatch_core.imports.rows import JSONValue, MappedRow, Overrides, RowView
from carewatch_core.imports.steps import StepRunner
from carewatch_core.imports.tables import Cell, RawRow, Table

#: The longest dataset ID a report can hold (``Report.dataset_key``).
MAX_KEY = 120
#: Rows mapped together (read ahead of the writer by at most this many).
BATCH = 1000
#: Rows read ahead to learn the file's date order (``Mapper.day_first``).
DATE_SAMPLE = 10_000


@dataclass(frozen=True)
class Known:
    """What one process's mapper learned of a file, handed to another mapping part of it."""

    layout: Layout
    day_first: bool | None


@dataclass
class Mapper:
    """Maps each data row of ``table`` with ``profile``; iterate over it for ``MappedRow``s."""

    profile: Profile
    table: Table
    overrides: Overrides = field(default_factory=Overrides)
    #: What another process's mapper of the same file found (``Known``): the table's rows are
    #: then data rows only, given to ``map_rows`` (a process mapping some pieces of a sheet).
    known: Known | None = None
    layout: Layout = field(init=False)
    columns: dict[str, int] = field(init=False)
    _rows: Iterator[RawRow] = field(init=False)
    _seen: set[str] = field(init=False, default_factory=set)
    _steps: StepRunner | None = field(init=False, default=None)
    _fingerprint: Fingerprint = field(init=False)
    #: How this file's ambiguous dates are read: as its unambiguous ones in the first
    #: ``DATE_SAMPLE`` rows say (``dates.date_order``), else as the profile says.
    day_first: bool | None = field(init=False)
    #: When a list: (row number, dataset ID, the ID's cell as text when not the ID itself) of
    #: each ID taken, for ``duplicate`` in the process that puts the pieces together.
    taken: list[tuple[int, str, str | None]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        profile = self.profile
        required = tuple(f for f in profile.required if f not in self.overrides.columns)
        if self.known is not None:
            self.layout, self._rows = self.known.layout, iter(())
        else:
            self.layout, self._rows = find_layout(
                self.table.rows, profile.columns, required, profile.requires_hxl
            )
        self.columns = resolve_columns(self.layout, profile.columns, self.overrides.columns)
        missing = [f for f in profile.required if f not in self.columns]
        if missing:
            names = [(profile.columns[f].names or profile.columns[f].tags)[0] for f in missing]
            raise FileError(E.COLUMN_MISSING, columns=", ".join(names))
        self._fingerprint = Fingerprint(self.layout.header)
        self.day_first = self.known.day_first if self.known is not None else self._date_order()
        if profile.steps:
            self._steps = StepRunner(
                profile.steps,
                self.columns,
                self.layout.header,
                self.overrides,
                typed=self.table.format != "csv",
            )

    def _date_order(self) -> bool | None:
        """Reads ahead ``DATE_SAMPLE`` rows (put back in front of the rest) for the file's date order."""
        ahead = list(islice(self._rows, DATE_SAMPLE))
        self._rows = chain(ahead, self._rows)
        indices = [self.columns[f] for f in self.profile.date_fields if f in self.columns]
        cells = (raw.cells[i] for raw in ahead for i in indices if i < len(raw.cells))
        return date_order(cells, self.profile.day_first)

    def __iter__(self) -> Iterator[MappedRow]:
        batch: list[RawRow] = []
        for raw in self._rows:
            if not _blank(raw.cells):
                batch.append(raw)
                if len(batch) >= BATCH:
                    yield from self.map_batch(batch)
                    batch = []
        yield from self.map_batch(batch)

    def in_shares(self, share: int, shares: int, size: int) -> Iterator[list[MappedRow]]:
        """What one of ``shares`` processes mapping the file together maps: of the batches of
        ``size`` rows, every ``shares``-th from the ``share``-th (counted from 0). The others are
        read only for what later rows depend on: the dataset IDs taken (a repeated one is
        refused), so each row is judged exactly as by one process mapping all of them."""
        batch: list[RawRow] = []
        index = 0
        for raw in self._rows:
            if not _blank(raw.cells):
                batch.append(raw)
                if len(batch) >= size:
                    if index % shares == share:
                        yield self.map_batch(batch)
                    else:
                        self._pass(batch)
                    batch, index = [], index + 1
        if batch and index % shares == share:
            yield self.map_batch(batch)

    def map_rows(self, raws: Sequence[RawRow], size: int) -> Iterator[list[MappedRow]]:
        """Batches of at most ``size`` of ``raws``'s data rows (below the header), mapped: a
        mapper given what another found (``known``) maps the rows of each of its pieces so."""
        layout = self.layout
        first = max(layout.header_row, layout.hashtag_row or 0) + 1
        data = [raw for raw in raws if raw.number >= first and not _blank(raw.cells)]
        for start in range(0, len(data), size):
            yield self.map_batch(data[start : start + size])

    def duplicate(self, number: int, value: str) -> Issue:
        """The issue refusing row ``number`` whose dataset ID (its cell's text: ``value``) an
        earlier row took, as ``_key`` gives it."""
        index = self.columns[self.profile.id_field]  # type: ignore[index]  # it has IDs
        cells = (None,) * index + (value,)
        view = RowView(number, cells, self.columns, self.layout.header, self.overrides)
        view.reject(self.profile.id_field, E.DUPLICATE_ID)  # type: ignore[arg-type]
        return view.issues[0]

    def _pass(self, raws: Sequence[RawRow]) -> None:
        """Take the dataset IDs of rows mapped by another process, as ``_start`` would."""
        if not self.keys_unique:
            return  # no ID column: nothing about a row depends on the rows before it
        index = self.columns[self.profile.id_field]  # type: ignore[index]  # keys_unique: it has one
        seen = self._seen
        for raw in raws:
            cells, joined = raw.cells, _joined(raw.cells)
            if joined is not None and "#" not in joined and len(joined) <= MAX_CELL_CHARS:
                # All text, no hashtag, no cell too large: not refused (``_refused``); its ID
                # taken as ``_key`` takes it (a second one adds nothing).
                text = cells[index].strip() if index < len(cells) else ""  # type: ignore[union-attr]
                if text and len(text) <= MAX_KEY:
                    seen.add(text)
                continue
            view = RowView(raw.number, cells, self.columns, self.layout.header, self.overrides)
            if not self._refused(raw, view, joined):
                self._key(view, "")

    def map(self, raw: RawRow) -> MappedRow:
        """One row, mapped on its own with the profile's row function."""
        row, view = self._start(raw)
        if view is not None:
            self.profile.map_row(view, row.record, row.extra)
            self._finish(row)
        return row

    def map_batch(self, raws: Sequence[RawRow]) -> list[MappedRow]:
        """Rows mapped together: a profile in steps runs each cached step once per distinct input."""
        if self._steps is None:
            return [self.map(raw) for raw in raws]
        rows: list[MappedRow] = []
        live: list[tuple[MappedRow, RowView]] = []
        for raw in raws:
            row, view = self._start(raw)
            rows.append(row)
            if view is not None:
                live.append((row, view))
        self._steps.run(live)
        for row, _view in live:
            self._finish(row)
        return rows

    def _start(self, raw: RawRow) -> tuple[MappedRow, RowView | None]:
        """The row with its fingerprint and dataset ID, and its view (``None`` when the row is refused whole)."""
        header = self.layout.header
        view = RowView(raw.number, raw.cells, self.columns, header, self.overrides, self.day_first)
        joined = _joined(raw.cells)  # all the cells' text, or None when some cell is not text
        encoded: list[str] | None = None
        if joined is not None:
            cells: Sequence[JSONValue] = raw.cells  # type: ignore[assignment]
            digest, encoded = self._fingerprint.of_text(raw.cells)  # type: ignore[arg-type]
        else:
            cells = [as_json_value(c) for c in raw.cells]
            digest = self._fingerprint.of(raw.cells, False)
        row = MappedRow(
            raw.number,
            "",
            digest,
            header,
            issues=view.issues,
            cells=cells,
            typed=joined is None,
            encoded=encoded,
        )
        if self._refused(raw, view, joined):
            return row, None
        row.key = self._key(view, digest)
        return row, view

    def _finish(self, row: MappedRow) -> None:
        if self.profile.counting_rule:
            row.extra["counting_rule"] = self.profile.counting_rule

    def _refused(self, raw: RawRow, view: RowView, joined: str | None) -> bool:
        texts: Sequence[str] = (
            raw.cells  # type: ignore[assignment]
            if joined is not None
            else [c for c in raw.cells if type(c) is str]
        )
        hashtags = "#" in joined if joined is not None else _hashtag_like(texts)
        if (
            self.layout.hashtags is not None
            and hashtags
            and _hashtag_like(texts)
            and is_hashtag_row(raw.cells)
        ):
            view.reject("", E.HXL_ROW_IN_DATA)
            return True
        if (
            len(joined) if joined is not None else max(map(len, texts), default=0)
        ) <= MAX_CELL_CHARS:
            return False
        for index, cell in enumerate(raw.cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                column = (
                    self.layout.header[index] if index < len(self.layout.header) else str(index + 1)
                )
                view.issues.append(
                    Issue(
                        raw.number,
                        column,
                        cell[:200],
                        E.CELL_TOO_LARGE,
                        Severity.REJECTED,
                        {"length": len(cell), "limit": MAX_CELL_CHARS},
                    )
                )
                return True
        return False

    @property
    def keys_unique(self) -> bool:
        """Is every accepted row's dataset ID its own? (The file's ID column: a second row with an
        ID is refused; without one, identical rows have one key.)"""
        return self.profile.id_field is not None and self.profile.id_field in self.columns

    def _key(self, view: RowView, digest: str) -> str:
        """The dataset's own event ID, or, for a profile without one, the row's content digest."""
        if self.profile.id_field is None or self.profile.id_field not in self.columns:
            return "sha256:" + digest[:56]
        text = view.text(self.profile.id_field)
        if not text:
            view.reject(self.profile.id_field, E.MISSING_ID)
        elif len(text) > MAX_KEY:
            view.reject(self.profile.id_field, E.CELL_TOO_LARGE, length=len(text), limit=MAX_KEY)
        elif text in self._seen:
            view.reject(self.profile.id_field, E.DUPLICATE_ID)
        else:
            self._seen.add(text)
            if self.taken is not None:
                cell = view.cell(self.profile.id_field)
                value = cell if type(cell) is str else as_text(cell)
                self.taken.append((view.number, text, None if value == text else value[:500]))
        return text


def _blank(cells: tuple[Cell, ...]) -> bool:
    joined = _joined(cells)
    if joined is not None:
        return not joined.strip()
    return not any(c is not None and as_text(c).strip() for c in cells)


def _joined(cells: tuple[Cell, ...]) -> str | None:
    """The cells joined, or ``None`` when one is not text (cheaper than checking each cell's type)."""
    try:
        return "".join(cells)  # type: ignore[arg-type]
    except TypeError:
        return None


def _hashtag_like(texts: Sequence[str]) -> bool:
    """Does any cell start with ``#`` (after spaces)? Checked on the joined text first: most rows have none."""
    return "#" in "".join(texts) and any(t.lstrip().startswith("#") for t in texts)
