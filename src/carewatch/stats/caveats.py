"""An estimate's warnings in the reader's language: the core gives each a code and its values
(``carewatch_core.estimation.caveats``); a result stored before codes existed keeps its English."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

TEXTS = {
    "few_lists": _(
        "Only 3 lists: the models cannot check whether all three lists tend to document the same "
        "cases (a three-way dependence); if they do, the estimate is off by an unknown amount. "
        "Compare methods and treat the figure with caution."
    ),
    "empty_list": _(
        "List “%(name)s” documents nobody here: it adds nothing; drop it for this estimate."
    ),
    "no_overlap": _(
        "Lists “%(a)s” and “%(b)s” share no records: the models must guess how these two lists "
        "relate, and the estimate can be far off or unbounded."
    ),
    "unconverged": _(
        "The sampler may not have converged (split R-hat %(rhat)s > %(limit)s): run longer (more "
        "burn-in and samples) before quoting the figure."
    ),
    "few_draws": _(
        "Only about %(draws)s effectively independent draws: the interval is imprecise; run "
        "longer or thin more."
    ),
    "ceiling": _(
        "The sampler reached its ceiling (%(cap)s undocumented per documented record): the data "
        "do not bound the total from above; the interval's upper end means nothing."
    ),
    "grid_end": _(
        "The posterior has not faded by the end of the grid of totals: the upper end of the "
        "interval is set by the grid, not by the data."
    ),
    "models_disagree": _(
        "Models almost as good as the chosen one (within %(points)s BIC points) give totals from "
        "%(low)s to %(high)s: the choice of model matters as much as the data."
    ),
    "aic_differs": _(
        "AIC prefers another model (%(model)s) with a total of %(aic)s, against %(bic)s by BIC."
    ),
    "unbounded": _("The data do not bound the total from above: the interval has no upper end."),
    "implausible": _(
        "The total is %(times)s times the documented count: the model extrapolates far beyond "
        "what the lists' overlaps show; do not quote it, and compare methods."
    ),
}
#: Warnings that count something: their plural follows the value named last.
PLURALS = {
    "small_list": ngettext_lazy(
        "List “%(name)s” has only %(size)s record: too few to tell how it overlaps with the "
        "others, so estimates that use it can swing widely.",
        "List “%(name)s” has only %(size)s records: too few to tell how it overlaps with the "
        "others, so estimates that use it can swing widely.",
        "size",
    ),
    "small_overlap": ngettext_lazy(
        "Only %(count)s record appears on more than one list: the overlap between lists is too "
        "small for an estimate of the undocumented to mean much.",
        "Only %(count)s records appear on more than one list: the overlap between lists is too "
        "small for an estimate of the undocumented to mean much.",
        "count",
    ),
    "small_total": ngettext_lazy(
        "Only %(count)s record in all: an estimate from so few is dominated by chance; report "
        "the documented count instead, or pool strata.",
        "Only %(count)s records in all: an estimate from so few is dominated by chance; report "
        "the documented count instead, or pool strata.",
        "count",
    ),
    "not_converged": ngettext_lazy(
        "%(count)s model did not converge (usually empty overlaps) and was left out.",
        "%(count)s models did not converge (usually empty overlaps) and were left out.",
        "count",
    ),
}
#: Values that are names or codes in Latin script, isolated on right-to-left pages.
_ISOLATED = {"name", "a", "b", "model"}


#: Warnings that count something, and the value that counts (a number, for the plural).
COUNTED = {
    "small_list": "size",
    "small_overlap": "count",
    "small_total": "count",
    "not_converged": "count",
}


def _template(code: str, values: Any) -> Any:
    if code in PLURALS:
        number = (
            str(values.get(COUNTED[code], "")).replace(",", "") if isinstance(values, dict) else ""
        )
        return PLURALS[code] if number.isdigit() else None
    return str(TEXTS[code]) if code in TEXTS else None


def shown_warnings(result: dict[str, Any] | None) -> list[tuple[str, bool]]:
    """(text, translated) for each warning of a stored result: translated when its code is known;
    else the stored English text (``translated`` False: the page marks it as English)."""
    if not result:
        return []
    texts, codes = result.get("warnings") or [], result.get("warning_codes") or []
    if len(codes) != len(texts):
        return [(str(text), False) for text in texts]
    out = []
    for english, coded in zip(texts, codes, strict=True):
        values = coded.get("values")
        template = _template(str(coded.get("code", "")), values)
        if template is None or not isinstance(values, dict):
            out.append((str(english), False))
            continue
        shown: dict[str, Any] = {
            k: f"\u2068{v}\u2069" if k in _ISOLATED else str(v) for k, v in values.items()
        }
        counted = COUNTED.get(str(coded.get("code", "")))
        if counted:
            shown[counted] = int(str(values[counted]).replace(",", ""))
        try:
            out.append((template % shown, True))
        except (KeyError, TypeError, ValueError):
            out.append((str(english), False))
    return out
