"""The real Syria rows of two public datasets, imported by ``carewatch demo`` through the import
service like any user's file: Insecurity Insight's 2016-2023 attacks on health care (904 rows)
and the WHO Surveillance System for Attacks on Health Care (335 rows). Each becomes a report and
an incident record of its source, whose description holds the dataset's citation (shown on the
source's page and the data attribution page). The extracts and their licences:
``demo/data/README.md``; how they were made: ``scripts/extract_demo_datasets.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carewatch.imports.models import ImportRun
from carewatch.imports.services import ImportOptions, import_file

DATA = Path(__file__).resolve().parent / "data"
DATASETS = (
    ("insecurity-insight-2016-2023-syria.csv", "insecurity_insight"),
    ("who-ssa-syria.csv", "who_ssa"),
)


def load_datasets(user: Any, language: str = "en") -> list[ImportRun]:
    """Import both extracts (idempotent: a second run finds every row unchanged); one run each."""
    runs = []
    for name, profile in DATASETS:
        options = ImportOptions(profile=profile, language=language, valid_rows_only=True)
        runs.append(import_file(user=user, path=DATA / name, options=options))
    return runs
