"""A published bulletin as a PDF in one language (fpdf2 with HarfBuzz shaping: decision 0018),
from its frozen figures: the same words, numbers, footnotes and names as its page."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.lib.bidi import ltr
from carewatch.lib.pdf.document import Document
from carewatch.publishing import release
from carewatch.publishing.models import Bulletin, OrganisationProfile
from carewatch.publishing.present import shown
from carewatch_core.stats.chart import BarChart

#: The colour classes of the dashboard's map (public.css), for a drawing without a stylesheet.
FILLS = ("#eceff1", "#fbe3d6", "#f4b59b", "#e07d62", "#bf4634", "#8c1c1c")


def map_svg(shown_map: dict[str, Any]) -> str:
    """The shaded map as standalone SVG (fills written on each area)."""
    drawn = shown_map["map"]
    areas = "".join(
        f'<path d="{a.path}" fill="{FILLS[a.level]}" stroke="#ffffff" stroke-width="0.7"/>'
        for a in shown_map["areas"]
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawn.width:g}" height="{drawn.height:g}" '
        f'viewBox="{drawn.view_box}">{areas}</svg>'
    )


def chart_svg(chart: BarChart) -> str:
    """The months' bars as standalone SVG: bars, the base line, the month numbers under them,
    the bulletin's own month in the darkest colour."""
    marked = {m.key for m in chart.marks}
    bars = "".join(
        f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.width:.1f}" height="{b.height:.1f}" '
        f'fill="{FILLS[5] if b.key in marked else FILLS[3]}"/>'
        f'<text x="{b.centre:.1f}" y="{chart.height - 8:.1f}" font-size="14" text-anchor="middle" '
        f'fill="#20262b">{b.key[5:7]}</text>'
        f'<text x="{b.centre:.1f}" y="{b.y - 4:.1f}" font-size="13" text-anchor="middle" '
        f'fill="#20262b">{b.value}</text>'
        for b in chart.bars
    )
    base = f'<line x1="{chart.left}" x2="{chart.width}" y1="{chart.base}" y2="{chart.base}" stroke="#20262b"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart.width:g}" height="{chart.height:g}" '
        f'viewBox="{chart.view_box}">{bars}{base}</svg>'
    )


def names_table(doc: Document, rows: list[dict[str, Any]]) -> None:
    """Names killed, both scripts, with profession, date and place (the bulletin's and the
    memorial list's)."""
    doc.table(
        [_("Name"), _("Name (Latin script)"), _("Profession"), _("Date"), _("Place")],
        (
            (
                p["name_ar"],
                p["name_latin"],
                p["profession_label"],
                ltr(p["date"] or ""),
                p["place_name"],
            )
            for p in rows
        ),
        widths=(42, 42, 32, 24, 34),
    )


def bulletin_pdf(bulletin: Bulletin, language: str) -> bytes:
    with translation.override(language):
        view = shown(bulletin, bulletin.numbers or {}, language)
        title = view.text.title if view.text else view.period
        doc = Document(language=language, title=title)
        doc.paragraph(f"{_('Monthly bulletin')} · {view.period}", size=9)
        doc.heading(title)
        if bulletin.correction_note:
            doc.paragraph(
                f"{_('This version corrects the one before:')} {bulletin.correction_note}", size=9
            )
        if view.text and view.text.lead:
            doc.paragraph(view.text.lead)
        for callout in view.callouts:
            doc.heading(callout, size=12)
        doc.table(
            [_("Figure"), _("This period"), _("Period before"), _("Note")],
            ((n.label, ltr(n.value), ltr(n.before), str(n.note)) for n in view.headline),
            widths=(76, 30, 40, 28),
        )
        if view.chart:
            doc.heading(_("Attacks month by month this year"), size=12)
            doc.svg(chart_svg(view.chart), width=150)
        if view.named:
            doc.heading(_("Compared with named periods"), size=12)
            doc.table(
                [_("Period"), _("Attacks per 30 days then"), _("In this period"), _("Rate ratio")],
                (
                    (
                        n["name"],
                        ltr(f"{n['reference']['rate_per_30_days']:.1f}"),
                        ltr(f"{n['comparison']['rate_per_30_days']:.1f}"),
                        ltr(f"{n['ratio']:.2f}" if n["ratio"] is not None else "—"),
                    )
                    for n in view.named
                ),
                widths=(74, 36, 34, 30),
            )
        if view.places:
            doc.heading(_("Attacks by governorate"), size=12)
            if view.map:
                doc.svg(map_svg(view.map), width=120)
            doc.table(
                [_("Governorate"), _("Attacks")],
                ((p["name"], ltr(str(p["low"]))) for p in view.places),
                widths=(120, 54),
            )
        doc.heading(
            _("Health workers killed, named with their families' or organisations' consent"),
            size=12,
        )
        if view.memorial:
            names_table(doc, view.memorial)
        else:
            doc.paragraph(_("No name cleared for publication in this period."))
        if view.text and view.text.closing:
            doc.paragraph(view.text.closing)
        doc.heading(_("Notes"), size=11)
        for number, note in enumerate(view.notes, start=1):
            doc.paragraph(f"{number}. {note}", size=8)
        if view.generated:
            doc.paragraph(
                _("These figures include generated demonstration data: they are not real."), size=8
            )
        return doc.bytes()


def release_pdf(bulletin: Bulletin, language: str) -> bytes:
    """A press release in ``language``: dateline, title, lead, body and quote with their frozen
    figures ("1,234 [1]"), the organisation's About and press contact, the notes."""
    with translation.override(language):
        numbers = bulletin.numbers or {}
        text = release.text_for(bulletin, language)
        notes = release.Notes(numbers)
        title = text.title if text else bulletin.slug
        doc = Document(language=language, title=title)
        profile = OrganisationProfile.objects.exclude(logo_png=b"").first()
        if profile is not None:
            doc.picture(bytes(profile.logo_png), height=14)
        doc.paragraph(_("Press release"), size=9)
        doc.heading(title)
        if text:
            doc.paragraph(
                f"{release.dateline(bulletin, text.language)} {release.plain(text.lead, notes)}"
            )
            for name in ("body", "quote", "closing"):
                words = release.plain(getattr(text, name), notes)
                if words.strip():
                    doc.paragraph(words)
            if text.quote_by:
                doc.paragraph(f"— {text.quote_by}", size=10)
        organisation = numbers.get("organisation", {})
        if organisation.get("name"):
            doc.heading(_("About %(name)s") % {"name": organisation["name"]}, size=11)
            doc.paragraph(release.about(numbers, language), size=9)
            contact = ", ".join(
                v for v in (organisation.get(k, "") for k in ("contact_name", "contact_role")) if v
            )
            reach = " · ".join(
                ltr(v)
                for v in (organisation.get(k, "") for k in ("contact_email", "contact_phone"))
                if v
            )
            if contact or reach:
                doc.paragraph(f"{_('Press contact')}: {contact} {reach}", size=9)
        if notes.order:
            doc.heading(_("Notes"), size=11)
            for number, note in enumerate(notes.texts(), start=1):
                doc.paragraph(f"{number}. {note}", size=8)
        return doc.bytes()
