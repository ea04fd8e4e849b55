"""One problem of a row of a file staff import (a bank statement, a stock count export): where it
is, as a spreadsheet shows it, and what to write instead, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str
