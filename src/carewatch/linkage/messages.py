"""Translated messages for the problems ``carewatch_core.linkage.files`` finds in a file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carewatch.lib.file_problems import describe_file
from carewatch.linkage.choices import FIELD_LABELS
from carewatch.linkage.levels import reading
from carewatch_core.imports.errors import UNKNOWN_FORMAT
from carewatch_core.linkage.files import ReadNote, RowError


def describe(error: RowError) -> str:
    """One problem as a sentence in the user's language."""
    messages = {
        "missing_columns": _(
            "the file has no column %(column)s (the first row that is not blank must name the "
            "columns)"
        ),
        "empty": _("the file has no records"),
        "required": _("%(column)s is empty; every row needs one"),
        "duplicate_id": _("record_id %(value)s appears more than once"),
        "sex": _("sex %(value)s is not m, f, male, female, ذكر or أنثى"),
        "age": _("age %(value)s is not a whole number from 0 to 120"),
        "date": _("%(column)s %(value)s is not a date (write it YYYY-MM-DD)"),
        "ambiguous_date": _(
            "%(column)s %(value)s could put the day or the month first: give --day-first or "
            "--month-first, or write it YYYY-MM-DD"
        ),
        "precision": _("date_precision %(value)s is not day, week or month (1, 2 or 3)"),
        "latitude": _("lat %(value)s is not a latitude between -90 and 90"),
        "longitude": _("lon %(value)s is not a longitude between -180 and 180"),
        "coordinates_pair": _("lat and lon must both be given or both be empty"),
        "count": _("%(column)s %(value)s is not a whole number of people"),
    }
    if error.code == "file":
        text = _file_problem(error.value, dict(error.params))
    else:
        text = messages[error.code] % {"column": error.column, "value": error.value}
    if error.row <= 0:
        return text
    return _("row %(row)d: %(problem)s") % {"row": error.row, "problem": text}


def _file_problem(code: str, params: dict[str, Any]) -> str:
    if code == UNKNOWN_FORMAT:
        return _("files of type “%(suffix)s” cannot be linked: use .csv, .xlsx or .json") % {
            "suffix": params.get("suffix", "")
        }
    return describe_file(code, params)


def read_note(note: ReadNote) -> str:
    """What the reading of a list did, as a sentence (``carewatch_core.linkage.files.ReadNote``)."""
    if note.code == "encoding":
        return _("the file is not UTF-8; it was read as %(encoding)s") % {"encoding": note.value}
    if note.code == "alias":
        return _("the column “%(header)s” was read as %(column)s") % {
            "header": note.value,
            "column": note.column,
        }
    if note.code == "age_ranges":
        return ngettext(
            "%(count)d age was a range (30-35) and was read as its middle",
            "%(count)d ages were ranges (30-35) and were read as their middle",
            note.count,
        ) % {"count": note.count}
    if note.code == "unidentified":
        return ngettext(
            "%(count)d name said the person was not identified (“Unidentified”, “مجهول الهوية”) "
            "and was read as no name",
            "%(count)d names said the person was not identified (“Unidentified”, “مجهول الهوية”) "
            "and were read as no name",
            note.count,
        ) % {"count": note.count}
    if note.code == "one_source":
        return _(
            "the file has no column source: its rows are taken as one list, “%(list)s”, "
            "and its duplicates are looked for"
        ) % {"list": note.value}
    if note.code == "header_row":
        return _("the header is on row %(row)d: the rows above it were left out") % {
            "row": note.count
        }
    if note.code == "sheet":
        return _("the workbook's sheet “%(sheet)s” was read") % {"sheet": note.value}
    return ngettext(
        "%(count)d %(column)s gave no day (a month or a year only) and was read as unknown",
        "%(count)d %(column)s values gave no day (a month or a year only) and were read as unknown",
        note.count,
    ) % {"count": note.count, "column": note.column}


def step_text(step: str) -> str:
    """A step of a linkage run, as ``carewatch_core.linkage`` reports its progress, in the user's
    language (a step not listed here is shown as it is)."""
    steps = {
        "preparing names, dates and places": _("preparing names, dates and places"),
        "preparing dates and places": _("preparing dates and places"),
        "training: prior": _("training: prior"),
        "training: u": _("training: u"),
        "training: m (expectation maximisation)": _("training: m (expectation maximisation)"),
        "training: m from reviewed pairs": _("training: m from reviewed pairs"),
        "training: the parameters of the model given": _(
            "training: the parameters of the model given"
        ),
        "scoring candidate pairs": _("scoring candidate pairs"),
        "clustering": _("clustering"),
    }
    return steps.get(step, step)


def note_text(code: str, params: Mapping[str, Any]) -> str:
    """A note of a linkage run (``carewatch_core.linkage.summary``) in the user's language."""
    messages = {
        "column_empty": _("%(column)s is empty in every row: not used"),
        "column_sparse": _("%(column)s is filled in too few rows to inform: not used"),
        "column_constant": _("%(column)s has one value in every row: not used"),
        "blocking_fallback": _("few candidate rules left: pairs are also found on %(rule)s"),
        "blocking_too_wide": _(
            "%(rule)s would make %(pairs)s candidate pairs, too many for this list: not used"
        ),
        "session_unusable": _("a training step needs columns this list lacks (%(rules)s): skipped"),
        "session_no_pairs": _("training on %(rule)s found nothing to learn from: next rule tried"),
        "session_vanished": _(
            "training on %(rule)s drove an estimate below what a number can hold: next rule tried"
        ),
        "session_shortened": _(
            "no rule could be trained in full: %(rule)s was trained in %(iterations)s iterations"
        ),
        "session_skipped": _("a training step was skipped: no rule found pairs to learn from"),
        "comparison_untrained": _(
            "%(comparison)s: a level was never seen in training and weighs nothing"
        ),
        "prior_rule_failed": _("the prior could not be estimated on %(rule)s"),
        "prior_from_size": _(
            "the prior was taken from the list's size (%(records)s records): each record is assumed "
            "to have about one other record of itself"
        ),
        "prior_not_scaled": _(
            "no date to compare: the prior stays as estimated on %(records)s records, so a name "
            "many people share is linked only on more evidence (fewer links, fewer wrong ones)"
        ),
    }
    text = messages.get(code)
    return text % dict(params) if text else code


def column_state(reason: str) -> str:
    """Whether a run used a column, and why not."""
    return {
        "": _("used"),
        "empty": _("not used: empty in every row"),
        "sparse": _("not used: filled in too few rows"),
        "constant": _("not used: one value in every row"),
    }.get(reason, reason)


def summary_lines(summary: Mapping[str, Any]) -> list[str]:
    """A run's summary (``summary_dict``) as lines of text for the command line."""
    lines = [_("Columns")]
    for column in summary["columns"]:
        lines.append(
            f"  {column['name']:<14} {column['filled']:>7.1%}  "
            + _("%(count)d values") % {"count": column["distinct"]}
            + f"  {column_state(column['reason'])}"
        )
    lines.append(_("Prior: %(prior)s") % {"prior": f"{summary['prior']:.3g}"})
    lines.append(_("Threshold: %(threshold)s") % {"threshold": summary["threshold"]})
    if summary.get("threshold_across") is not None:
        lines.append(
            _("Threshold for two records in two scripts: %(threshold)s")
            % {"threshold": summary["threshold_across"]}
        )
    if summary["notes"]:
        lines.append(_("Notes"))
        lines.extend(f"  - {note_text(n['code'], n['params'])}" for n in summary["notes"])
    lines.append(_("Comparisons: m, u and weight of each level"))
    for comparison in summary["comparisons"]:
        lines.append(f"  {comparison['name']}")
        for level in comparison["levels"]:
            weight = "" if level["weight"] is None else f"{level['weight']:+.2f}"
            lines.append(
                f"    {level['label'][:44]:<44} m {level['m'] or 0:.4f}  u {level['u'] or 0:.4f}"
                f"  {weight}"
            )
    lines.append(_("Pairs nearest the threshold"))
    lines.extend(
        f"  {pair['left']}  {pair['right']}  {pair['probability']:.4f}"
        for pair in summary["nearest"]
    )
    return lines


def summary_view(summary: Mapping[str, Any]) -> dict[str, Any]:
    """A run's summary (``summary_dict``) with its states and notes in the reader's language, and
    each level as the reviewer reads it, for the review queue's page."""
    return {
        "columns": [{**c, "state": column_state(c["reason"])} for c in summary["columns"]],
        "notes": [note_text(n["code"], n["params"]) for n in summary["notes"]],
        "prior": summary["prior"],
        "threshold": summary["threshold"],
        "comparisons": [
            {
                "name": str(FIELD_LABELS.get(c["name"], c["name"])),
                "levels": [{**level, "reading": reading(level["label"])} for level in c["levels"]],
            }
            for c in summary["comparisons"]
        ],
        "nearest": summary["nearest"],
    }
