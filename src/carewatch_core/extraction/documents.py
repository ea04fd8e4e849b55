"""The text of a document to read figures from: plain text, HTML, PDF or DOCX, told by its first
bytes (not its name). Refuses what is too large or not one of these, with a reason to show."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

from defusedxml import ElementTree  # type: ignore[import-untyped]  # no stubs

MAX_BYTES = 20 * 1024 * 1024  # a press release or a newsletter, with its pictures
MAX_UNPACKED = 50 * 1024 * 1024  # the text part of a DOCX, unpacked (a zip bomb stops here)
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocumentRefused(ValueError):
    """A document that cannot be read; the message says why, for the person who gave it."""


def document_text(data: bytes, name: str = "") -> str:
    if len(data) > MAX_BYTES:
        raise DocumentRefused(f"{name or 'the file'} is larger than {MAX_BYTES // 2**20} MB")
    if data.startswith(b"%PDF"):
        return _pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx(data)
    text = _decoded(data)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<body", "<p", "<div", "<h1", "<meta")):
        return html_text(text)
    return text


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without its mark), UTF-16 with its mark, else Windows Arabic (cp1256, which
    also holds the accented letters of French)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def _pdf(data: bytes) -> str:
    # Imported when a PDF is read, not when the module is: pypdf is a third of a second of the
    # start of every process that loads the web pages (docs/architecture.md, "Start-up").
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise DocumentRefused(f"this PDF cannot be read ({error})") from None


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_UNPACKED:
                raise DocumentRefused("this DOCX unpacks to more text than a document holds")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise DocumentRefused("this is a zip archive but not a Word document (DOCX)") from None
    paragraphs = []
    for paragraph in root.iter(f"{_WORD}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_WORD}t":
                parts.append(node.text or "")
            elif node.tag == f"{_WORD}tab":
                parts.append("\t")
            elif node.tag in (f"{_WORD}br", f"{_WORD}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


class _Text(HTMLParser):
    _BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "blockquote",
    }
    _SKIP = {"script", "style", "template", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, a line per block."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = ("".join(parser.parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
