"""The values a finished run did not know, read back from its stored row problems, so that its
page can map them (the upload itself is gone once the run ends)."""

from __future__ import annotations

from collections import Counter

from carewatch.imports.models import ImportRun
from carewatch.imports.preview import Preview, Unknown
from carewatch.imports.selectors import run_errors
from carewatch.imports.vocab import PLACE, vocabulary_of
from carewatch_core.imports.rows import MAPPABLE

#: At most this many distinct values are offered on a run's page (the most frequent).
SHOWN = 200


def run_unknown(run: ImportRun) -> list[Unknown]:
    """Unknown values of mappable fields in ``run``, most frequent first. Runs made before the
    problems named their field have none to offer."""
    found: Counter[tuple[str, str, str, str]] = Counter()
    rows = run_errors(run).filter(code__in=MAPPABLE).values_list("column", "value", "params")
    for column, value, params in rows.iterator():
        params = params if isinstance(params, dict) else {}
        name = str(params.get("field", ""))
        vocabulary = vocabulary_of(run.profile, name) if name else ""
        if not vocabulary:
            continue
        shown = value if vocabulary == PLACE else str(params.get("label") or value)
        found[(name, column, vocabulary, shown.strip())] += 1
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
    return [Unknown(*k, rows=n) for k, n in ordered]


def run_preview(run: ImportRun) -> Preview:
    """A preview made of the run's unknown values only (no columns, no rows): what the mapping
    form needs to offer a code for each."""
    return Preview(
        columns=[],
        headers=[],
        rows=[],
        unknown=run_unknown(run),
        scanned=run.rows_read,
        complete=True,
    )
