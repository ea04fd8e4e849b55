"""Live figures in a text (a petition's story, a newsletter, a press release):
``{{ killed_hw 2017 }}`` (a measure of the statistics service, and optionally a year) renders as
the public's verified figure, with its sources and its certainty filter, recomputed when the
records change (the service's cache).

A placeholder that names no measure renders as itself, marked, so that staff see it on the page
before the public do; it never stops the page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.html import conditional_escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from carewatch.stats.choices import Dimension, Measure
from carewatch.stats.headlines import CERTAINTY_NOTE
from carewatch.stats.query import StatsQuery
from carewatch.stats.service import counts

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)(?:\s+(\d{4}))?\s*\}\}")


@dataclass(frozen=True)
class Figure:
    value: str
    label: str
    sources: tuple[str, ...]
    year: int | None


def figure(measure: str, year: int | None) -> Figure | None:
    if measure not in Measure.values or (year is not None and not 1990 <= year <= 2100):
        return None
    query = StatsQuery(
        measure=measure,
        by=Dimension.YEAR,
        date_from=datetime.date(year, 1, 1) if year else None,
        date_to=datetime.date(year, 12, 31) if year else None,
    )
    series = counts(AnonymousUser(), query)
    total = series.total
    if not total.known and measure != Measure.INCIDENTS:
        value = "?"
    elif total.low == total.high:
        value = f"{total.low:,}"
    else:
        value = f"{total.low:,}–{total.high:,}"
    return Figure(value, str(Measure(measure).label), series.sources, year)


def _note(found: Figure) -> SafeString:
    """What the figure counts, its sources and its certainty filter; each source isolated, as
    names in another script than the page's would otherwise scramble the line."""
    sources = (
        format_html_join(", ", "<bdi>{}</bdi>", ((s,) for s in found.sources))
        if found.sources
        else _("no source yet")
    )
    return format_html(
        "{}{}. {} {}. {}",
        found.label,
        f" ({found.year})" if found.year else "",
        _("Sources:"),
        sources,
        CERTAINTY_NOTE,
    )


def _rendered(found: Figure | None, raw: str, number: int) -> SafeString:
    if found is None:
        return format_html('<mark class="unknown-figure" dir="ltr">{}</mark>', raw)
    return format_html(
        '<span class="live-figure"><strong dir="ltr">{}</strong><sup><a href="#figure-{}">{}</a></sup></span>',
        found.value,
        number,
        number,
    )


def render_story(text: str) -> tuple[SafeString, list[SafeString]]:
    """The story as HTML paragraphs, its placeholders replaced by live figures (each with a
    numbered note: what it counts, its sources, its certainty filter), and the notes."""
    parts: list[str] = []
    notes: list[SafeString] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(str(conditional_escape(text[last : match.start()])))
        year = int(match.group(2)) if match.group(2) else None
        found = figure(match.group(1), year)
        if found is not None:
            notes.append(_note(found))
        parts.append(str(_rendered(found, match.group(0), len(notes))))
        last = match.end()
    parts.append(str(conditional_escape(text[last:])))
    joined = linebreaks("".join(parts), autoescape=False)
    html = mark_safe(joined)  # noqa: S308  # nosec B308 B703  # every part was escaped above
    return html, notes
