"""A newsletter's blocks, checked when staff save them and rendered per language, as HTML and
as plain text, with live data: a verified figure with its sources and certainty, a petition
with its verified count. Each figure gets a numbered note at the end of the message.

Blocks are stored as ``[{"kind": "text", "text": "…"}, {"kind": "figure", "measure": …,
"year": 2017}, {"kind": "petition", "slug": …}, {"kind": "link", "label": …, "url": …},
{"kind": "heading", "text": …}]`` (BlockKind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from carewatch.events import present
from carewatch.events.choices import EventStatus
from carewatch.events.models import Event
from carewatch.mailings.choices import BlockKind
from carewatch.petitions.counting import verified_count
from carewatch.petitions.models import Petition
from carewatch.publishing.present import shown
from carewatch.publishing.selectors import current_versions
from carewatch.stats.headlines import CERTAINTY_NOTE
from carewatch.stats.live import PLACEHOLDER, Figure, figure

MAX_BLOCKS = 40
MAX_TEXT = 10_000
_BUTTON = (
    "display:inline-block;background:#0b6e4f;color:#ffffff;padding:10px 18px;"
    "border-radius:4px;text-decoration:none;"
)
_FIGURE = "font-size:32px;font-weight:bold;margin:0;"


@dataclass
class Rendered:
    """A version's blocks: the HTML, the plain text, and the figures' notes in both."""

    html: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    notes_html: list[str] = field(default_factory=list)
    notes_text: list[str] = field(default_factory=list)
    numbers: dict[tuple[str, int | None], int] = field(default_factory=dict)

    def note(self, found: Figure) -> int:
        """The number of the figure's note (one note per measure and year, however often the
        figure is shown)."""
        key = (found.label, found.year)
        if key not in self.numbers:
            self.numbers[key] = self._add(found)
        return self.numbers[key]

    def _add(self, found: Figure) -> int:
        sources = ", ".join(found.sources) if found.sources else _("no source yet")
        year = f" ({found.year})" if found.year else ""
        words = f"{found.label}{year}. {_('Sources:')} {sources}. {CERTAINTY_NOTE}"
        self.notes_text.append(words)
        sources_html = (
            ", ".join(str(format_html("<bdi>{}</bdi>", s)) for s in found.sources)
            if found.sources
            else str(conditional_escape(_("no source yet")))
        )
        self.notes_html.append(
            str(
                format_html(
                    "{}{}. {} {}. {}",
                    found.label,
                    year,
                    _("Sources:"),
                    mark_safe(sources_html),  # noqa: S308  # nosec B308 B703  # escaped above
                    CERTAINTY_NOTE,
                )
            )
        )
        return len(self.notes_text)


def checked(blocks: Any) -> list[dict[str, Any]]:
    """The blocks as stored, or ValidationError saying what is wrong (in the user's language)."""
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        raise ValidationError(_("A newsletter has at most %(n)d blocks.") % {"n": MAX_BLOCKS})
    out = []
    for number, block in enumerate(blocks, start=1):
        kind = block.get("kind") if isinstance(block, dict) else None
        if kind not in BlockKind.values:
            raise ValidationError(_("Block %(n)d: unknown kind.") % {"n": number})
        out.append(_CHECKS[kind](block, number))
    return out


def _words(block: dict[str, Any], number: int, name: str = "text") -> str:
    value = str(block.get(name) or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise ValidationError(
            _("Block %(n)d: write between 1 and %(max)d characters.")
            % {"n": number, "max": MAX_TEXT}
        )
    return value


def _check_text(block: dict[str, Any], number: int) -> dict[str, Any]:
    return {"kind": block["kind"], "text": _words(block, number)}


def _check_figure(block: dict[str, Any], number: int) -> dict[str, Any]:
    given = str(block.get("year") or "")
    year = int(given) if given.isdigit() else None
    if figure(str(block.get("measure", "")), year) is None:
        raise ValidationError(
            _("Block %(n)d: choose a measure (and a year from 1990).") % {"n": number}
        )
    return {"kind": BlockKind.FIGURE.value, "measure": block["measure"], "year": year}


def _check_petition(block: dict[str, Any], number: int) -> dict[str, Any]:
    slug = str(block.get("slug", ""))
    if not Petition.objects.filter(slug=slug).exists():
        raise ValidationError(_("Block %(n)d: no petition has this address.") % {"n": number})
    return {"kind": BlockKind.PETITION.value, "slug": slug}


def _check_bulletin(block: dict[str, Any], number: int) -> dict[str, Any]:
    slug = str(block.get("slug", ""))
    if not current_versions().filter(slug=slug).exists():
        raise ValidationError(
            _("Block %(n)d: no published bulletin has this address.") % {"n": number}
        )
    return {"kind": BlockKind.BULLETIN.value, "slug": slug}


def _check_event(block: dict[str, Any], number: int) -> dict[str, Any]:
    slug = str(block.get("slug", ""))
    if not Event.objects.filter(slug=slug, status=EventStatus.PUBLISHED).exists():
        raise ValidationError(
            _("Block %(n)d: no published event has this address.") % {"n": number}
        )
    return {"kind": BlockKind.EVENT.value, "slug": slug}


def _check_link(block: dict[str, Any], number: int) -> dict[str, Any]:
    url = str(block.get("url", "")).strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError(
            _("Block %(n)d: give a full web address (https://…).") % {"n": number}
        ) from None
    return {"kind": BlockKind.LINK.value, "label": _words(block, number, "label"), "url": url}


_CHECKS: dict[str, Callable[[dict[str, Any], int], dict[str, Any]]] = {
    BlockKind.HEADING: _check_text,
    BlockKind.TEXT: _check_text,
    BlockKind.FIGURE: _check_figure,
    BlockKind.PETITION: _check_petition,
    BlockKind.BULLETIN: _check_bulletin,
    BlockKind.EVENT: _check_event,
    BlockKind.LINK: _check_link,
}


def render(
    blocks: list[dict[str, Any]], language: str, link: Callable[[str], str] = str
) -> Rendered:
    """``blocks`` as they read in ``language`` (the caller activates it); ``link`` turns an
    address into the one the message carries (the click-counting redirect, when asked)."""
    out = Rendered()
    for block in blocks:
        _RENDERERS[block["kind"]](block, out, language, link)
    return out


def _heading(block: dict[str, Any], out: Rendered, _lang: str, _link: Any) -> None:
    out.html.append(
        str(format_html('<h2 style="font-size:20px;" dir="auto">{}</h2>', block["text"]))
    )
    out.text.append(block["text"].upper())


def _text(block: dict[str, Any], out: Rendered, _lang: str, _link: Any) -> None:
    html: list[str] = []
    text: list[str] = []
    last = 0
    source = block["text"]
    for match in PLACEHOLDER.finditer(source):
        html.append(str(conditional_escape(source[last : match.start()])))
        text.append(source[last : match.start()])
        year = int(match.group(2)) if match.group(2) else None
        found = figure(match.group(1), year)
        if found is None:
            html.append(str(conditional_escape(match.group(0))))
            text.append(match.group(0))
        else:
            number = out.note(found)
            html.append(
                str(format_html('<strong dir="ltr">{}</strong><sup>{}</sup>', found.value, number))
            )
            text.append(f"{found.value} [{number}]")
        last = match.end()
    html.append(str(conditional_escape(source[last:])))
    text.append(source[last:])
    out.html.append(linebreaks("".join(html), autoescape=False))
    out.text.append("".join(text))


def _figure(block: dict[str, Any], out: Rendered, _lang: str, _link: Any) -> None:
    found = figure(block["measure"], block.get("year"))
    if found is None:
        return
    number = out.note(found)
    year = f" ({found.year})" if found.year else ""
    out.html.append(
        str(
            format_html(
                '<p style="{}" dir="ltr">{}<sup style="font-size:14px;">{}</sup></p><p>{}{}</p>',
                _FIGURE,
                found.value,
                number,
                found.label,
                year,
            )
        )
    )
    out.text.append(f"{found.value} [{number}] — {found.label}{year}")


def _petition(
    block: dict[str, Any], out: Rendered, language: str, link: Callable[[str], str]
) -> None:
    petition = Petition.objects.filter(slug=block["slug"]).prefetch_related("texts").first()
    if petition is None:
        return
    texts = {t.language: t for t in petition.texts.all()}
    text = texts.get(language) or next(iter(texts.values()), None)
    title = text.title if text else petition.slug
    count = verified_count(petition.pk)
    url = link(settings.CAREWATCH_SITE_URL + reverse("petition-page", args=[petition.slug]))
    counted = _("%(count)s verified signatures of a goal of %(goal)s.") % {
        "count": f"{count:,}",
        "goal": f"{petition.goal:,}",
    }
    out.html.append(
        str(
            format_html(
                '<h3 style="font-size:18px;"><bdi>{}</bdi></h3><p>{}</p>'
                '<p><a href="{}" style="{}">{}</a></p>',
                title,
                counted,
                url,
                _BUTTON,
                _("Sign the petition"),
            )
        )
    )
    out.text.append(f"{title}\n{counted}\n{_('Sign the petition')}: {url}")


def _bulletin(
    block: dict[str, Any], out: Rendered, language: str, link: Callable[[str], str]
) -> None:
    """A published bulletin's title, lead and headline figures (frozen, with its own notes),
    and a button to its page."""
    bulletin = current_versions().filter(slug=block["slug"]).first()
    if bulletin is None:
        return
    view = shown(bulletin, bulletin.numbers or {}, language)
    first = len(out.notes_text)
    for note in view.notes:
        out.notes_text.append(note)
        out.notes_html.append(str(conditional_escape(note)))
    title = view.text.title if view.text else view.period
    lead = view.text.lead if view.text else ""
    url = link(
        settings.CAREWATCH_SITE_URL
        + reverse("press-bulletin-version", args=[bulletin.slug, bulletin.version])
    )
    out.html.append(str(format_html('<h3 style="font-size:18px;" dir="auto">{}</h3>', title)))
    if lead:
        out.html.append(str(format_html('<p dir="auto">{}</p>', lead)))
    lines = [title, lead] if lead else [title]
    for n in view.headline:
        out.html.append(
            str(
                format_html(
                    '<p style="{}" dir="ltr">{}<sup style="font-size:14px;">{}</sup></p><p>{}</p>',
                    _FIGURE,
                    n.value,
                    first + n.note,
                    n.label,
                )
            )
        )
        lines.append(f"{n.value} [{first + n.note}] — {n.label}")
    out.html.append(
        str(
            format_html(
                '<p><a href="{}" style="{}">{}</a></p>', url, _BUTTON, _("Read the bulletin")
            )
        )
    )
    out.text.append("\n".join([*lines, f"{_('Read the bulletin')}: {url}"]))


def _event(block: dict[str, Any], out: Rendered, language: str, link: Callable[[str], str]) -> None:
    """An event's title, when and where in its own time zone, and a button to its page."""
    event = Event.objects.filter(slug=block["slug"]).prefetch_related("texts").first()
    if event is None:
        return
    title = present.title_in(event, language)
    when, where = present.when(event, language), present.where(event, language)
    url = link(settings.CAREWATCH_SITE_URL + reverse("event-page", args=[event.slug]))
    out.html.append(
        str(
            format_html(
                '<h3 style="font-size:18px;" dir="auto">{}</h3><p><bdi>{}</bdi><br><bdi>{}</bdi>'
                '</p><p><a href="{}" style="{}">{}</a></p>',
                title,
                when,
                where,
                url,
                _BUTTON,
                _("See the event"),
            )
        )
    )
    out.text.append(f"{title}\n{when}\n{where}\n{_('See the event')}: {url}")


def _link(block: dict[str, Any], out: Rendered, _lang: str, link: Callable[[str], str]) -> None:
    url = link(block["url"])
    out.html.append(
        str(
            format_html(
                '<p><a href="{}" style="{}" dir="auto">{}</a></p>', url, _BUTTON, block["label"]
            )
        )
    )
    out.text.append(f"{block['label']}: {url}")


_RENDERERS: dict[str, Callable[..., None]] = {
    BlockKind.HEADING: _heading,
    BlockKind.TEXT: _text,
    BlockKind.FIGURE: _figure,
    BlockKind.PETITION: _petition,
    BlockKind.BULLETIN: _bulletin,
    BlockKind.EVENT: _event,
    BlockKind.LINK: _link,
}


def as_safe(parts: list[str]) -> SafeString:
    """Rendered HTML parts joined (each was built escaped)."""
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # escaped when built
