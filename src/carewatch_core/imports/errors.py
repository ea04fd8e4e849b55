"""What can be wrong with a file or a row, as stable reason codes with parameters.

Messages are built from the code on the Django side (translated); the core only says *what*
is wrong, where, and with which value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """A flagged row is taken with the problem noted; a rejected row is not taken."""

    FLAGGED = "flagged"
    REJECTED = "rejected"


# Row-level reason codes.
MISSING_ID = "missing_id"
DUPLICATE_ID = "duplicate_id"
BAD_DATE = "bad_date"
MISSING_DATE = "missing_date"
IMPRECISE_DATE = "imprecise_date"
AMBIGUOUS_DATE = "ambiguous_date"
VAGUE_COUNT = "vague_count"
MISSING_PRECISION = "missing_precision"
BAD_COUNT = "bad_count"
BAD_COORDINATE = "bad_coordinate"
ZERO_COORDINATE = "zero_coordinate"
OUTSIDE_COUNTRY = "outside_country"
HALF_COORDINATE = "half_coordinate"
UNKNOWN_VALUE = "unknown_value"
UNKNOWN_PLACE = "unknown_place"
CELL_TOO_LARGE = "cell_too_large"
BAD_PRECISION = "bad_precision"
EXTRA_CELLS = "extra_cells"
HXL_ROW_IN_DATA = "hxl_row_in_data"

# File-level reason codes.
UNDECODABLE = "undecodable"
NOT_A_WORKBOOK = "not_a_workbook"
ENCRYPTED = "encrypted"
NO_SUCH_SHEET = "no_such_sheet"
EMPTY_SHEET = "empty_sheet"
MERGED_CELLS = "merged_cells"
HEADER_MISSING = "header_missing"
HXL_MISSING = "hxl_missing"
HXL_MISPLACED = "hxl_misplaced"
HEADER_MISPLACED = "header_misplaced"
COLUMN_MISSING = "column_missing"
BAD_JSON = "bad_json"
UNKNOWN_FORMAT = "unknown_format"


@dataclass(frozen=True)
class Issue:
    """One problem with one cell (or the whole row when ``column`` is empty)."""

    row: int
    column: str
    value: str
    code: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


class FileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params
