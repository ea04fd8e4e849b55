"""Plain-language warnings for data too thin for an estimate to mean anything.

These never raise: a table that passes validation can always be estimated, but a reader of
the figure must be told when the lists are too few, too small, or overlap too little. The
thresholds are rules of thumb from the multiple systems estimation literature (an estimate
is driven by the overlaps; with a handful of shared records it is driven by chance).
"""

from __future__ import annotations

from carewatch_core.estimation.caveats import Caveat
from carewatch_core.estimation.patterns import PatternTable

SMALL_LIST = 20  # records on one list
SMALL_OVERLAP = 20  # records on two lists or more, all pairs together
SMALL_TOTAL = 50  # records documented by any list


def data_warnings(table: PatternTable) -> list[str]:
    """Every reason to doubt an estimate from ``table``, whatever the method."""
    return [
        *_few_lists(table),
        *_small_lists(table),
        *_missing_overlaps(table),
        *_small_total(table),
    ]


def _few_lists(table: PatternTable) -> list[str]:
    if table.n_lists > 3:
        return []
    return [Caveat("few_lists")]


def _small_lists(table: PatternTable) -> list[str]:
    out: list[str] = []
    for name, size in table.list_sizes().items():
        if size == 0:
            out.append(Caveat("empty_list", name=name))
        elif size < SMALL_LIST:
            out.append(Caveat("small_list", name=name, size=size))
    return out


def _missing_overlaps(table: PatternTable) -> list[str]:
    sizes = table.list_sizes()
    out: list[str] = [
        Caveat("no_overlap", a=a, b=b)
        for (a, b), shared in table.pair_overlaps().items()
        if shared == 0 and sizes[a] > 0 and sizes[b] > 0
    ]
    several = table.on_several_lists()
    if several < SMALL_OVERLAP:
        out.append(Caveat("small_overlap", count=several))
    return out


def _small_total(table: PatternTable) -> list[str]:
    if table.observed >= SMALL_TOTAL:
        return []
    return [Caveat("small_total", count=table.observed)]
