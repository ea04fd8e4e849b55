"""The warnings an estimate carries, as text that is also a code: each is a ``str`` (its English
text, which the command line prints and the stored result keeps) that also carries a ``code`` and
the values it names, so that a page can show it in its reader's language."""

from __future__ import annotations

from typing import Any

#: code → English text (``str.format`` with the caveat's values, already formatted as text).
ENGLISH = {
    "few_lists": (
        "Only 3 lists: the models cannot check whether all three lists tend to document the same "
        "cases (a three-way dependence); if they do, the estimate is off by an unknown amount. "
        "Compare methods and treat the figure with caution."
    ),
    "empty_list": "List '{name}' documents nobody here: it adds nothing; drop it for this estimate.",
    "small_list": (
        "List '{name}' has only {size} records: too few to tell how it overlaps with the others, "
        "so estimates that use it can swing widely."
    ),
    "no_overlap": (
        "Lists '{a}' and '{b}' share no records: the models must guess how these two lists "
        "relate, and the estimate can be far off or unbounded."
    ),
    "small_overlap": (
        "Only {count} records appear on more than one list: the overlap between lists is too "
        "small for an estimate of the undocumented to mean much."
    ),
    "small_total": (
        "Only {count} records in all: an estimate from so few is dominated by chance; report the "
        "documented count instead, or pool strata."
    ),
    "unconverged": (
        "The sampler may not have converged (split R-hat {rhat} > {limit}): run longer (more "
        "burn-in and samples) before quoting the figure."
    ),
    "few_draws": (
        "Only about {draws} effectively independent draws: the interval is imprecise; run longer "
        "or thin more."
    ),
    "ceiling": (
        "The sampler reached its ceiling ({cap} undocumented per documented record): the data do "
        "not bound the total from above; the interval's upper end means nothing."
    ),
    "grid_end": (
        "The posterior has not faded by the end of the grid of totals: the upper end of the "
        "interval is set by the grid, not by the data."
    ),
    "models_disagree": (
        "Models almost as good as the chosen one (within {points} BIC points) give totals from "
        "{low} to {high}: the choice of model matters as much as the data."
    ),
    "aic_differs": "AIC prefers another model ({model}) with a total of {aic}, against {bic} by BIC.",
    "unbounded": "The data do not bound the total from above: the interval has no upper end.",
    "not_converged": "{count} models did not converge (usually empty overlaps) and were left out.",
    "implausible": (
        "The total is {times} times the documented count: the model extrapolates far beyond what "
        "the lists' overlaps show; do not quote it, and compare methods."
    ),
}


class Caveat(str):
    """One warning: its English text, with ``code`` and ``values`` (text) to translate it from."""

    code: str
    values: dict[str, str]

    def __new__(cls, code: str, **values: Any) -> Caveat:
        shown = {key: str(value) for key, value in values.items()}
        caveat = super().__new__(cls, ENGLISH[code].format(**shown))
        caveat.code, caveat.values = code, shown
        return caveat

    def __reduce__(self) -> Any:  # pickled (a worker's result) as itself, not as a bare str
        return (_rebuild, (self.code, self.values))


def _rebuild(code: str, values: dict[str, str]) -> Caveat:
    return Caveat(code, **values)


def coded(warnings: Any) -> list[dict[str, Any]]:
    """The codes and values of ``warnings`` (plain strings have none), for a stored result."""
    return [
        {"code": w.code, "values": dict(w.values)} if isinstance(w, Caveat) else {"text": str(w)}
        for w in warnings
    ]
