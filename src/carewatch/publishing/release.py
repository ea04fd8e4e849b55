"""Press releases: shaped like the seed ("Paris, le 17 octobre 2017 –", a title, a lead, figures
from the records each with its note, a quote with its speaker, the organisation's "About" and
press contact). Their figures (``{{ measure year }}`` in the words) and the organisation's
profile are frozen at approval, as a bulletin's are."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from carewatch.lib.bidi import isolated, listed, ltr
from carewatch.publishing.models import Bulletin, BulletinText, OrganisationProfile
from carewatch.stats.cache import current_version
from carewatch.stats.choices import Measure
from carewatch.stats.headlines import CERTAINTY_NOTE
from carewatch.stats.live import PLACEHOLDER, figure

WORDS = ("lead", "body", "quote", "closing")


def figure_key(match: re.Match[str]) -> str:
    """How a placeholder's figure is kept: "incidents 2017", "killed_hw"."""
    return f"{match.group(1)} {match.group(2) or ''}".strip()


def compute(bulletin: Bulletin) -> dict[str, Any]:
    """The figures the release's words ask for, and the organisation's profile, as of now."""
    figures: dict[str, dict[str, Any]] = {}
    for text in bulletin.texts.all():
        for name in WORDS:
            for match in PLACEHOLDER.finditer(getattr(text, name)):
                year = int(match.group(2)) if match.group(2) else None
                found = figure(match.group(1), year)
                key = figure_key(match)
                if found is not None and key not in figures:
                    figures[key] = {
                        "measure": match.group(1),
                        "year": year,
                        "value": found.value,
                        "sources": list(found.sources),
                    }
    profile = OrganisationProfile.objects.first()
    return {
        "figures": figures,
        "organisation": profile.frozen() if profile else {},
        "data_version": current_version(),
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def dateline(bulletin: Bulletin, language: str) -> str:
    """ "Paris, le 17 octobre 2017 –", "Paris, 17 October 2017 –", "باريس، ١٧ تشرين الأول ٢٠١٧ –"."""
    with translation.override(language):
        day = formats.date_format(bulletin.period_start, "j F Y")
        place = isolated(bulletin.dateline)  # a place in either script
        if language == "fr":
            return f"{place}, le {day} –"
        return f"{place}{'،' if language == 'ar' else ','} {day} –"


class Notes:
    """The release's figures as found in its words, numbered in order of first use."""

    def __init__(self, numbers: dict[str, Any]) -> None:
        self.figures = numbers.get("figures", {})
        self.order: list[str] = []

    def number(self, key: str) -> int:
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1

    def texts(self) -> list[str]:
        out = []
        for key in self.order:
            f = self.figures[key]
            label = str(Measure(f["measure"]).label)
            year = f" ({f['year']})" if f["year"] else ""
            sources = listed(f["sources"]) or _("no source yet")
            out.append(f"{label}{year}. {_('Sources:')} {sources}. {CERTAINTY_NOTE}")
        return out


def html(text: str, notes: Notes) -> SafeString:
    """Words as paragraphs, each placeholder replaced by its frozen figure and note number."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(str(conditional_escape(text[last : match.start()])))
        key = figure_key(match)
        found = notes.figures.get(key)
        if found is None:
            parts.append(str(conditional_escape(match.group(0))))
        else:
            number = notes.number(key)
            parts.append(
                str(
                    format_html(
                        '<strong dir="ltr">{}</strong><sup><a href="#note-{}">{}</a></sup>',
                        found["value"],
                        number,
                        number,
                    )
                )
            )
        last = match.end()
    parts.append(str(conditional_escape(text[last:])))
    return mark_safe(linebreaks("".join(parts), autoescape=False))  # noqa: S308  # nosec B308 B703  # each part escaped above


def plain(text: str, notes: Notes) -> str:
    """The same as plain text ("1,234 [1]"), for the PDF."""

    def figure_text(match: Any) -> str:
        key = figure_key(match)
        found = notes.figures.get(key)
        return f"{ltr(found['value'])} [{notes.number(key)}]" if found else match.group(0)

    return PLACEHOLDER.sub(figure_text, text)


def text_for(bulletin: Bulletin, language: str) -> BulletinText | None:
    texts = {t.language: t for t in bulletin.texts.all()}
    return texts.get(language) or next(iter(texts.values()), None)


def about(numbers: dict[str, Any], language: str) -> str:
    organisation = numbers.get("organisation", {})
    return organisation.get(f"about_{language}") or organisation.get("about_en", "")


def shown_release(bulletin: Bulletin, numbers: dict[str, Any], language: str) -> dict[str, Any]:
    """What a release's page shows in ``language``: its words with their figures and notes."""
    with translation.override(language):
        text = text_for(bulletin, language)
        notes = Notes(numbers)
        words = {name: html(getattr(text, name), notes) if text else "" for name in WORDS}
        organisation = numbers.get("organisation", {})
        return {
            "bulletin": bulletin,
            "text": text,
            "language": text.language if text else language,
            "dateline": dateline(bulletin, text.language if text else language),
            **words,
            "notes": notes.texts(),
            "organisation": organisation,
            "about": about(numbers, language),
            "has_logo": OrganisationProfile.objects.exclude(logo_png=b"").exists(),
        }
