"""A PDF document in one language: headings, paragraphs and tables, Arabic shaped and set right
to left, Latin and Arabic mixed in one line (each run in the font that has its letters).

fpdf2 lays the text out and HarfBuzz (uharfbuzz) shapes it: Arabic letters join, and a line's
runs are ordered by the Unicode bidirectional algorithm. The fonts are in ``fonts/`` (Noto,
SIL Open Font License), so a document looks the same on every machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"
LATIN, ARABIC = "NotoSans", "NotoSansArabic"
MARGIN = 18


class Document:
    """A4 pages in ``language`` (``ar`` sets them right to left)."""

    def __init__(self, *, language: str, title: str, author: str = "CareWatch") -> None:
        # fpdf2 is imported when a document is made: most of a second of the start of every
        # process that loads the web pages otherwise (docs/architecture.md, "Start-up").
        from fpdf import FPDF

        self.rtl = language == "ar"
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        self.pdf.set_title(title)
        self.pdf.set_author(author)
        self.pdf.set_lang(language)
        for family, stem in ((LATIN, "NotoSans"), (ARABIC, "NotoSansArabic")):
            self.pdf.add_font(family, "", FONTS / f"{stem}-Regular.ttf")
            self.pdf.add_font(family, "B", FONTS / f"{stem}-Bold.ttf")
        main, other = (ARABIC, LATIN) if self.rtl else (LATIN, ARABIC)
        self.family = main
        self.pdf.set_fallback_fonts([other])
        self.pdf.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        self.pdf.add_page()
        self.pdf.set_font(main, size=11)

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"

    def heading(self, text: str, size: int = 16) -> None:
        self.pdf.set_font(self.family, "B", size)
        self.pdf.multi_cell(0, size * 0.55, text, align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)
        self.pdf.set_font(self.family, "", 11)

    def paragraph(self, text: str, size: int = 11) -> None:
        self.pdf.set_font(self.family, "", size)
        self.pdf.multi_cell(0, size * 0.5, text, align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int]
    ) -> None:
        """A table whose columns run right to left in Arabic; its header repeats on each page."""
        from fpdf.enums import TableBordersLayout  # as FPDF in __init__

        order = list(reversed(range(len(headers)))) if self.rtl else list(range(len(headers)))
        self.pdf.set_font(self.family, "", 10)
        with self.pdf.table(
            col_widths=tuple(widths[i] for i in order),
            text_align=self.align,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            line_height=6,
            first_row_as_headings=True,
        ) as table:
            for row in (headers, *rows):
                cells = table.row()
                for i in order:
                    cells.cell(str(row[i]))
        self.pdf.ln(4)

    def picture(self, png: bytes, height: float) -> None:
        """A picture (a logo) ``height`` millimetres high, at the start of the line."""
        x = self.pdf.w - self.pdf.r_margin - height * 4 if self.rtl else self.pdf.l_margin
        self.pdf.image(io.BytesIO(png), x=x, h=height, keep_aspect_ratio=True, w=height * 4)
        self.pdf.ln(2)

    def svg(self, drawing: str, width: float) -> None:
        """A drawing (SVG text, paths and fills only) ``width`` millimetres wide, centred."""
        left = (self.pdf.w - width) / 2
        self.pdf.image(io.BytesIO(drawing.encode("utf-8")), x=left, w=width)
        self.pdf.ln(2)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())
