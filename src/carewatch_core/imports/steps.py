"""Running a profile's steps over a batch of rows: each cached step once per distinct input.

A step with ``fields`` (``Profile.steps``) reads only those cells, so its result — what it put
in ``record`` and ``extra`` and the issues it raised — is the same for every row with the same
cells. The runner keeps the results of one file's import by cell values and replays them: in a
million rows there are a few thousand dates, a dozen governorates and a few hundred weapon,
perpetrator and location combinations. The result is exactly what the row function gives row
by row (the tests compare both on the real workbooks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, cast

from carewatch_core.imports.errors import Issue
from carewatch_core.imports.profile import Step
from carewatch_core.imports.rows import MappedRow, Overrides, RowView
from carewatch_core.imports.tables import Cell

#: Results kept per step, and characters of cell text kept in their keys for all steps; past
#: these a step's new combinations are computed without being kept, so memory stays bounded
#: whatever the file (a step over unique or huge cells gains nothing from its memo anyway).
MEMO_LIMIT = 20_000
MEMO_CHARS = 16_000_000

Result = tuple[dict[str, Any], dict[str, Any], tuple[tuple[Any, ...], ...]]
Live = Sequence[tuple[MappedRow, RowView]]


@dataclass
class StepRunner:
    """Runs ``steps`` on batches of rows of one file (whose columns and overrides are fixed)."""

    steps: Sequence[Step]
    columns: Mapping[str, int]
    header: Sequence[str]
    overrides: Overrides
    #: Cells of any type (XLSX, JSON): keys must tell ``True`` from ``1``, which compare equal.
    typed: bool = True
    _memo: dict[int, dict[Any, Result]] = field(default_factory=dict)
    _chars: int = 0

    def run(self, live: Live) -> None:
        """Fill each row's record, extras and issues; ``live`` pairs rows with their views."""
        cells = [view.cells for _row, view in live]
        for index, step in enumerate(self.steps):
            if step.fields is None:
                for row, view in live:
                    step.run(view, row.record, row.extra)
            else:
                self._replay(index, step, live, self._keys(step.fields, cells))

    def _replay(self, index: int, step: Step, live: Live, keys: list[Any]) -> None:
        memo = self._memo.setdefault(index, {})
        hits = list(map(memo.get, keys))
        if None in hits:  # combinations not seen before (an earlier row of the batch may add one)
            for position, hit in enumerate(hits):
                if hit is None:
                    key = keys[position]
                    hit = memo.get(key)
                    if hit is None:
                        view = live[position][1]
                        hit = self._once(step, view)
                        self._keep(memo, key, hit, view.text_length(step.fields or ()))
                    hits[position] = hit
        for (row, view), (record, extra, issues) in zip(
            live, cast(list[Result], hits), strict=True
        ):
            if record:
                row.record.update(record)
            if extra:
                row.extra.update(extra)
            if issues:
                view.issues.extend(Issue(view.number, *issue) for issue in issues)

    def _keep(self, memo: dict[Any, Result], key: Any, hit: Result, chars: int) -> None:
        if len(memo) < MEMO_LIMIT and self._chars + chars <= MEMO_CHARS:
            memo[key] = hit
            self._chars += chars

    def _once(self, step: Step, view: RowView) -> Result:
        probe = RowView(
            view.number, view.cells, self.columns, self.header, self.overrides, view.day_first
        )
        record: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        step.run(probe, record, extra)
        return (
            record,
            extra,
            tuple((i.column, i.value, i.code, i.severity, i.params) for i in probe.issues),
        )

    def _keys(self, fields: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[Any]:
        """Each row's cells of ``fields`` (a missing column's cell is always blank: left out)."""
        indices = [self.columns[f] for f in fields if f in self.columns]
        if not indices:
            return [()] * len(rows)
        last = max(indices)
        if min(map(len, rows), default=0) > last:
            keys = list(map(itemgetter(*indices), rows))
        else:  # short rows (CSV lines with fewer cells): the missing cells are blank
            keys = [tuple(cells[i] if i < len(cells) else None for i in indices) for cells in rows]
            keys = keys if len(indices) > 1 else [k[0] for k in keys]
        if not self.typed:
            return keys
        if len(indices) == 1:
            return [(k, type(k)) for k in keys]
        return [(k, tuple(map(type, k))) for k in keys]
