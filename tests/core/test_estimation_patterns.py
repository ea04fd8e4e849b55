"""Capture-pattern tables: reading, validation with clear messages, and the data warnings."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from carewatch_core.estimation import (
    PatternTable,
    data_warnings,
    parse_patterns_csv,
    parse_records_csv,
    read_patterns_csv,
    read_records_csv,
)

DATA = Path(__file__).parent / "data"
KOSOVO = DATA / "kosovo_aggregate_patterns.csv"
KOSOVO_RECORDS = DATA / "kosovo_aggregate_records.csv"


def table(text: str) -> PatternTable:
    return parse_patterns_csv(text.splitlines(keepends=True))


def test_it_reads_the_kosovo_patterns() -> None:
    kosovo = read_patterns_csv(KOSOVO)
    assert kosovo.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert kosovo.observed == 4400
    assert len(kosovo.counts) == 15
    assert kosovo.as_dict()[(1, 0, 0, 0)] == 1131
    assert kosovo.as_dict()[(1, 1, 1, 1)] == 27
    assert kosovo.list_sizes() == {"EXH": 1910, "ABA": 1528, "OSCE": 1786, "HRW": 685}


def test_per_record_rows_give_the_same_table_as_the_pattern_counts() -> None:
    records = read_records_csv(KOSOVO_RECORDS)
    patterns = read_patterns_csv(KOSOVO)
    assert records.lists == patterns.lists
    assert records.as_dict() == patterns.as_dict()
    assert np.array_equal(records.dense(), patterns.dense())


def test_the_dense_table_puts_list_j_on_bit_j_and_leaves_the_unobserved_cell_empty() -> None:
    kosovo = read_patterns_csv(KOSOVO)
    dense = kosovo.dense()
    assert len(dense) == 16 and dense[0] == 0
    assert dense[PatternTable.cell_index((1, 0, 0, 0))] == dense[1] == 1131
    assert dense[PatternTable.cell_index((0, 0, 0, 1))] == dense[8] == 306


def test_overlaps_count_records_shared_by_each_pair() -> None:
    kosovo = read_patterns_csv(KOSOVO)
    assert kosovo.pair_overlaps()[("EXH", "ABA")] == 177 + 18 + 181 + 27
    assert kosovo.on_several_lists() == 4400 - (306 + 936 + 845 + 1131)


def test_zero_counts_are_allowed_and_dropped() -> None:
    small = table("A,B,C,n\n1,0,0,5\n0,1,0,0\n0,0,1,4\n0,0,0,0\n")
    assert small.as_dict() == {(1, 0, 0): 5, (0, 0, 1): 4}


def test_it_accepts_quoted_headers_a_bom_blank_lines_and_whole_counts_written_as_decimals() -> None:
    small = table('\ufeff"A","B","C","Freq"\n1,0,0,5.0\n\n0,1,1, 2 \n')
    assert small.lists == ("A", "B", "C")
    assert small.as_dict() == {(1, 0, 0): 5, (0, 1, 1): 2}


def test_subset_keeps_the_chosen_lists_and_drops_records_on_none() -> None:
    kosovo = read_patterns_csv(KOSOVO)
    three = kosovo.subset([0, 1, 2])
    assert three.lists == ("EXH", "ABA", "OSCE")
    assert three.observed == 4400 - 306


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,count\n1,0,5\n0,1,3\n", "at least 3 lists; there are 2 (A, B)"),
        ("A,B,C,count\n1,2,0,5\n", "line 2, column 'B': list flags must be 0 or 1, found '2'"),
        (
            "A,B,C,count\n1,0,0,-3\n",
            "line 2, column 'count': the count must be a whole number of zero or more, found '-3'",
        ),
        ("A,B,C,count\n1,0,0,2.5\n", "whole number of zero or more, found '2.5'"),
        ("A,B,C,count\n1,0,0,many\n", "the count must be a number, found 'many'"),
        (
            "A,B,C,count\n1,0,0,5\n0,0,0,7\n",
            "line 3: the pattern with every list 0 has a count of 7",
        ),
        (
            "A,B,C,count\n1,0,0,5\n0,1,0,1\n1,0,0,2\n",
            "line 4: pattern 1,0,0 appears twice (first on line 2)",
        ),
        ("A,B,C,count\n", "no records"),
        ("A,B,C,count\n1,0,0,0\n", "no records"),
        ("", "the file is empty"),
        ("1,0,0,5\n0,1,0,2\n", "line 1 must be a header naming the lists"),
        ("A,B,C,count\n1,0,5\n", "line 2 has 3 fields; the header has 4"),
        ("A,A,C,count\n1,0,0,5\n", "list names must be distinct; repeated: A"),
        ("A,,C,count\n1,0,0,5\n", "every list needs a name"),
    ],
)
def test_bad_pattern_files_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        table(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,C\n1,0,0\n0,0,0\n", "line 3: the record is on no list"),
        ("A,B,C\n1,0,x\n", "line 2, column 'C': list flags must be 0 or 1, found 'x'"),
        ("A,B\n1,0\n", "at least 3 lists"),
        ("A,B,C\n", "no records"),
    ],
)
def test_bad_record_files_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_records_csv(text.splitlines(keepends=True))


def test_tables_built_in_code_are_validated_too() -> None:
    with pytest.raises(ValueError, match="whole number"):
        PatternTable.from_counts(["A", "B", "C"], {(1, 0, 0): -1})
    with pytest.raises(ValueError, match="expected 3 list flags, found 2"):
        PatternTable.from_counts(["A", "B", "C"], {(1, 0): 4})
    with pytest.raises(ValueError, match="every list 0 has a count"):
        PatternTable.from_counts(["A", "B", "C"], {(0, 0, 0): 4, (1, 0, 0): 1})
    with pytest.raises(ValueError, match="record 2 is on no list"):
        PatternTable.from_records(["A", "B", "C"], [(1, 0, 0), (0, 0, 0)])
    with pytest.raises(ValueError, match="0 or 1"):
        PatternTable(("A", "B", "C"), np.array([[2, 0, 0]]), np.array([1]))


# --- warnings ----------------------------------------------------------------------------


def test_the_kosovo_data_raise_no_warning() -> None:
    assert data_warnings(read_patterns_csv(KOSOVO)) == []


def test_three_lists_are_flagged_as_few() -> None:
    three = read_patterns_csv(KOSOVO).subset([0, 1, 2])
    (warning,) = data_warnings(three)
    assert warning.startswith("Only 3 lists")


def test_a_small_list_is_flagged_by_name() -> None:
    counts = {
        (1, 0, 0, 0): 300,
        (0, 1, 0, 0): 250,
        (1, 1, 0, 0): 80,
        (0, 0, 1, 0): 200,
        (1, 0, 1, 0): 60,
        (0, 1, 1, 0): 50,
        (0, 0, 0, 1): 4,
        (1, 0, 0, 1): 3,
    }
    warnings = data_warnings(PatternTable.from_counts(["A", "B", "C", "D"], counts))
    assert any("List 'D' has only 7 records" in w for w in warnings)
    assert any("Lists 'B' and 'D' share no records" in w for w in warnings)
    assert any("Lists 'C' and 'D' share no records" in w for w in warnings)


def test_lists_that_barely_overlap_are_flagged() -> None:
    counts = {
        (1, 0, 0): 500,
        (0, 1, 0): 400,
        (0, 0, 1): 300,
        (1, 1, 0): 3,
        (0, 1, 1): 2,
        (1, 0, 1): 2,
    }
    warnings = data_warnings(PatternTable.from_counts(["A", "B", "C"], counts))
    assert any("Only 7 records appear on more than one list" in w for w in warnings)


def test_a_tiny_total_is_flagged() -> None:
    counts = {(1, 0, 0): 10, (0, 1, 0): 10, (0, 0, 1): 10, (1, 1, 0): 5, (0, 1, 1): 5, (1, 0, 1): 5}
    warnings = data_warnings(PatternTable.from_counts(["A", "B", "C"], counts))
    assert any(w.startswith("Only 45 records in all") for w in warnings)
