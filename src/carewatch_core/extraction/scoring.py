"""Recall and precision of the extraction on annotated texts: a folder of texts and an
``expected.json`` naming, per file, its date, issuer and the figures a careful reader would list
(``[quantity or lower bound, measure, source or null]``). Used by the tests on the project's own
corpus (tests/core/data/extraction) and by ``bench/extract.py --corpus FOLDER`` on any other."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from carewatch_core.extraction.documents import document_text
from carewatch_core.extraction.figures import ExtractedFigure, extract
from carewatch_core.geo.gazetteer import Gazetteer

Expected = tuple[int, str, str | None]


@dataclass
class Score:
    found: int = 0  # expected figures found (quantity and measure right)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    sources_right: int = 0
    wrong_sources: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / max(1, self.found + len(self.missed))

    @property
    def precision(self) -> float:
        return self.found / max(1, self.found + len(self.extra))

    @property
    def source_accuracy(self) -> float:
        return self.sources_right / max(1, self.found)


@dataclass(frozen=True)
class Annotated:
    name: str
    text: str
    date: dt.date | None
    issuer: str | None
    figures: list[Expected]


def corpus(folder: Path) -> list[Annotated]:
    spec = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return [
        Annotated(
            name,
            document_text((folder / name).read_bytes(), name),
            dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
            entry.get("issuer"),
            [(int(q), str(m), s) for q, m, s in entry["figures"]],
        )
        for name, entry in spec.items()
        if not name.startswith("_")
    ]


def score(texts: list[Annotated], gazetteer: Gazetteer | None = None) -> Score:
    result = Score()
    for text in texts:
        got = extract(text.text, issuer=text.issuer, date=text.date, gazetteer=gazetteer)
        _compare(text.name, got, list(text.figures), result)
    return result


def _compare(name: str, got: list[ExtractedFigure], left: list[Expected], result: Score) -> None:
    for figure in got:
        amount = figure.quantity if figure.quantity is not None else figure.low
        hit = next((e for e in left if e[0] == amount and e[1] == figure.measure), None)
        if hit is None:
            result.extra.append(f"{name}: {amount} {figure.measure}")
            continue
        left.remove(hit)
        result.found += 1
        if same_source(hit[2], figure.source):
            result.sources_right += 1
        else:
            result.wrong_sources.append(
                f"{name}: {amount} {figure.measure} {figure.source!r}, not {hit[2]!r}"
            )
    result.missed += [f"{name}: {q} {m}" for q, m, _s in left]


def same_source(expected: str | None, found: str | None) -> bool:
    if expected is None or found is None:
        return expected is found
    a, b = expected.casefold(), found.casefold()
    return a in b or b in a
