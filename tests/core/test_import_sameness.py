"""A row sent again written another way (a spreadsheet program's CSV of a workbook) is the same row;
any change of what it says is not (carewatch_core.imports.sameness)."""

from __future__ import annotations

import pytest

from carewatch_core.imports.sameness import same_cell, same_row


@pytest.mark.parametrize(
    ("kept", "read"),
    [
        ("2023-12-21", "12/21/2023"),
        ("2023-12-21", "21/12/2023"),
        ("2016-09-28 10:30:00", "9/28/16 10:30 AM"),
        ("False", "FALSE"),
        (False, "false"),
        ("True", "TRUE"),
        (42822, "42822"),
        ("42822", "42822.0"),
        (32.102353054700004, "32.1023530547"),
        ("0.5", ".5"),
        ("One\r\ntwo", "One\ntwo"),
        ("A hospital ", "A hospital"),
        ("محافظة إدلب", "محافظة إدلب"),
        ("2", "٢"),
        ("2016-09-28", "٢٠١٦-٠٩-٢٨"),  # Arabic-Indic digits: the numbers the import reads
    ],
)
def test_the_same_value_written_another_way_is_the_same(kept: object, read: object) -> None:
    assert same_cell(kept, read)  # type: ignore[arg-type]
    assert same_cell(read, kept)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kept", "read"),
    [
        ("31.5294490666", "31.52944907"),  # rounded for display: precision lost
        ("A hospital was hit.", "A clinic was hit."),
        ("2023-12-21", "2023-12-22"),
        ("2023-12-21", "12/21/2023 10:30"),  # a time added
        ("2023-12-21", "45281"),  # a bare number is a number, not a spreadsheet serial
        ("1", "TRUE"),
        ("0", "FALSE"),
        ("007", "7a"),
        ("nan", "NaN"),
        ("inf", "Infinity"),
    ],
)
def test_a_changed_value_is_not_the_same(kept: object, read: object) -> None:
    assert not same_cell(kept, read)  # type: ignore[arg-type]


def test_a_date_whose_day_and_month_could_be_either_way_is_read_as_the_profile_reads_it() -> None:
    assert not same_cell("2021-03-07", "3/7/2021", day_first=None)
    assert same_cell("2021-03-07", "3/7/2021", day_first=False)
    assert not same_cell("2021-03-07", "3/7/2021", day_first=True)
    assert same_cell("2021-07-03", "3/7/2021", day_first=True)


def test_rows_are_the_same_only_with_the_same_columns_each_the_same() -> None:
    kept = {"Date": "2023-12-21", "Killed": 2, "Access Denied": False}
    assert same_row(kept, {"Date": "12/21/2023", "Killed": "2", "Access Denied": "FALSE"})
    assert not same_row(kept, {"Date": "12/21/2023", "Killed": "2"})
    assert not same_row(
        kept, {"Date": "12/21/2023", "Killed": "2", "Access Denied": "FALSE", "Note": "x"}
    )
    assert not same_row(kept, {"Date": "12/21/2023", "Killed": "3", "Access Denied": "FALSE"})
