"""The header of an import run, for reading back the rows its reports keep (``sources.rows``)."""

from __future__ import annotations

from carewatch.imports.models import ImportRun


def run_columns(run: int) -> list[str]:
    """The header of import run ``run`` (empty if the run is gone)."""
    return ImportRun.objects.filter(pk=run).values_list("columns", flat=True).first() or []
