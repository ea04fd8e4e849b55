"""Regular expressions compiled when first used, not when their module is imported.

Every process that serves pages imports the figure extractor (its vocabularies of measures,
periods and exclusions are a few large expressions in three languages), and compiling them took
about 0.3 s of each start; most processes never extract a figure. ``lazy_compile`` returns an
object that compiles its expression on the first use of any of its methods and behaves as the
compiled pattern from then on. Pass it only where a compiled pattern's methods are called
(``search``, ``finditer``, ``sub``…), not to the ``re`` module's functions.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name in _LazyPattern.__slots__:  # not set yet (a copy being made): never recurse
            raise AttributeError(name)
        compiled = self._compiled
        if compiled is None:  # two threads may both compile it: the same pattern either way
            compiled = self._compiled = re.compile(self._source, self._flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r}, {self._flags!r})"


def lazy_compile(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, compiled on first use."""
    return cast(re.Pattern[str], _LazyPattern(source, int(flags)))
