"""``carewatch extract-figures FILE [--lang fr|en|ar] [--issuer NAME] [--date YYYY-MM-DD] [--json]``:
the figures a text states (``carewatch_core.extraction``), from plain text, HTML, PDF or DOCX."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from carewatch.lib.commands import Operation
from carewatch.sources.choices import FigureMeasure
from carewatch_core.extraction import ExtractedFigure, extract
from carewatch_core.extraction.documents import MAX_BYTES, DocumentRefused, document_text
from carewatch_core.geo.gazetteer import Gazetteer


class Command(Operation):
    help = "List the figures a text states: quantity, measure, place, period and source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="Plain text, HTML, PDF or DOCX.")
        parser.add_argument("--lang", choices=("fr", "en", "ar"), help="Guessed when not given.")
        parser.add_argument("--issuer", default="", help="Who published the text.")
        parser.add_argument("--date", default="", help="The text's date (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true", help="One JSON array on stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                _("%(path)s is larger than %(mb)s MB: not a text to read figures from.")
                % {"path": path, "mb": MAX_BYTES // 2**20}
            )
        try:
            text = document_text(path.read_bytes(), path.name)
        except DocumentRefused as refused:
            raise CommandError(f"{path}: {refused}") from None
        figures = extract(
            text,
            language=options["lang"],
            issuer=options["issuer"] or None,
            date=_date(options["date"]),
            gazetteer=Gazetteer.load("SY"),
        )
        if options["json"]:
            self.stdout.write(
                json.dumps([f.as_json() for f in figures], ensure_ascii=False, indent=1)
            )
            return
        for figure in figures:
            self.stdout.write(_line(figure))
        self.stderr.write(_("%(n)s figures.") % {"n": len(figures)})


def _date(raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            _("--date: %(value)s is not a date (YYYY-MM-DD)") % {"value": raw}
        ) from None


def _line(figure: ExtractedFigure) -> str:
    amount = (
        str(figure.quantity)
        if figure.quantity is not None
        else f"{figure.low}–{figure.high}"
        if figure.high
        else f"{figure.low}+"
    )
    parts = [
        f"{(figure.qualifier or '').replace('_', ' ')} {amount}".strip(),
        str(FigureMeasure(figure.measure).label),
        figure.place or "",
        f"{figure.period_start}…{figure.period_end}" if figure.period_start else "",
        figure.source or _("(the issuer)"),
    ]
    return " | ".join(p for p in parts if p) + f"\n    {figure.quote[:160]}"
