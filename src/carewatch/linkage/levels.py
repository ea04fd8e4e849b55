"""The linker's comparison levels in the reviewer's language.

Splink names each level of a comparison in English (``Exact match on given_ph``,
``Abs difference of 'dod <= 3 day'``); the linker stores those names with each candidate
pair. Here they are read back as a reviewer says them, in the page's language. The field
is named in its own column, so a level says only how the two values compare. A name this
module does not know (from a newer Splink, say) is shown as it is, marked as English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Levels written for the linker (``carewatch_core.linkage``) and their readings.
_CUSTOM: dict[str, Callable[[], str]] = {
    "same name": lambda: _("the same"),
    "same consonants, other vowels": lambda: _("same consonants, other vowels"),
    "close spelling": lambda: _("spelt alike"),
    "within a day": lambda: _("within a day"),
    "within three days": lambda: _("within three days"),
    "date windows overlap": lambda: _("date windows overlap"),
    "within a week of each other": lambda: _("within a week of each other"),
    "different sub-districts": lambda: _("different sub-districts"),
    "another kind of facility": lambda: _("another kind of facility"),
    "All other comparisons": lambda: _("further apart or different"),
    "Array intersection size >= 1": lambda: _("at least one in common"),
    "Exact match on exact_day": lambda: _("same day"),
    "Exact match on adm3": lambda: _("same sub-district"),
    "Exact match on adm1": lambda: _("same governorate"),
    '"adm1_l" IS NULL OR "adm1_r" IS NULL': lambda: _("missing on one side"),
}

_NUMBER = r"(\d+(?:\.\d+)?)"


def _within(column: str, amount: str) -> str:
    count = int(float(amount))
    if column == "age":
        return ngettext("within %(count)d year", "within %(count)d years", count) % {"count": count}
    if column == "dod":
        return ngettext("within %(count)d day", "within %(count)d days", count) % {"count": count}
    return _("within %(count)d of each other") % {"count": count}


#: (pattern, reading from the match's groups), tried in order.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\w+ is NULL"), lambda m: _("missing on one side")),
    (re.compile(r"Exact match on \w+_ph"), lambda m: _("sound the same")),
    (re.compile(r"Exact match on \w+"), lambda m: _("the same")),
    (re.compile(rf"Jaro-Winkler distance of \w+ >= {_NUMBER}"), lambda m: _("spelt alike")),
    (
        re.compile(rf"Distance less than {_NUMBER}km"),
        lambda m: _("within %(km)s km of each other") % {"km": m.group(1)},
    ),
    (
        re.compile(rf"Abs(?:olute)? difference of '(\w+)'? <= {_NUMBER}(?: day)?'?"),
        lambda m: _within(m.group(1), m.group(2)),
    ),
)


@dataclass(frozen=True)
class Level:
    """A comparison level as shown: ``translated`` is False when it is Splink's own English."""

    text: str
    translated: bool


def reading(label: str) -> Level:
    """How a reviewer reads the comparison level Splink named ``label``."""
    custom = _CUSTOM.get(label)
    if custom is not None:
        return Level(custom(), True)
    for pattern, read in _PATTERNS:
        found = pattern.fullmatch(label)
        if found:
            return Level(read(found), True)
    return Level(label, False)
