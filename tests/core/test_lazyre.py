"""``lazy_compile``: an expression compiled on its first use behaves as the compiled pattern."""

import re

import pytest

from carewatch_core.lazyre import lazy_compile


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_the_compiled_one() -> None:
    text = "Trois hôpitaux, 12 morts — ١٢ قتيلاً"
    lazy = lazy_compile(r"(\d+)\s+morts|([٠-٩]+)\s+قتيل", re.I)
    assert lazy._compiled is None  # type: ignore[attr-defined]  # nothing compiled yet
    eager = re.compile(r"(\d+)\s+morts|([٠-٩]+)\s+قتيل", re.I)
    assert [m.groups() for m in lazy.finditer(text)] == [m.groups() for m in eager.finditer(text)]
    assert lazy._compiled is not None  # type: ignore[attr-defined]
    assert lazy.sub("N", text) == eager.sub("N", text) and lazy.flags == eager.flags


def test_a_bad_expression_fails_when_first_used() -> None:
    bad = lazy_compile("(unclosed")
    with pytest.raises(re.error):
        bad.search("x")


def test_a_lazy_pattern_can_be_copied() -> None:
    import copy

    lazy = lazy_compile(r"\d+")
    assert copy.deepcopy(lazy).findall("a 12 b 3") == ["12", "3"]
    assert copy.copy(lazy).search("x 7").group() == "7"
