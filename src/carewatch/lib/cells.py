"""Cells of a CSV file that people open in a spreadsheet program."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Neutralise spreadsheet formula injection: such cells get a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text
