"""Evidence files: what may be uploaded (judged by the bytes, not the name) and the shareable
copies of images, re-encoded from their pixels so that no EXIF, GPS, XMP or comment survives.

The original stays sealed (content-addressed, read-only, digest-checked on every read).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import filetype
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from carewatch.sources.storage import FileTooLarge

HEAD_BYTES = 8192

# Detected type → extension used for downloads. Anything else is refused.
ACCEPTED: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/x-wav": "wav",
    "audio/mp4": "m4a",
    "audio/amr": "amr",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
}
# Images Pillow can re-encode into a clean shareable copy, with the format to write.
SHAREABLE: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/gif": "PNG",
}

ACCEPTED_DESCRIPTION = _(
    "photos (JPEG, PNG, WebP, GIF, HEIC), PDF, video (MP4, MOV, WebM), audio (MP3, OGG, WAV, "
    "M4A, AMR), Word, Excel or OpenDocument text, plain text"
)


#: The most pixels an image may have to be kept (40 megapixels: a 48-megapixel phone photo is saved
#: at 12 by default). A decoded image takes 3–4 bytes a pixel per copy, whatever its file's size: a
#: 493 KB PNG of 13,000 × 13,000 pixels (169 megapixels) took a server from 332 MB to 3.4 GB.
#: Checked from the file's header, before any pixel is decoded; Pillow's own guard is set to it too.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class ImageTooLarge(ValueError):
    """An image with more pixels than ``MAX_IMAGE_PIXELS`` (judged from its header)."""


def check_image_size(path: Path, detected: str) -> None:
    """Refuse an image whose header gives more than ``MAX_IMAGE_PIXELS`` (``ImageTooLarge``);
    nothing is decoded. Other files, and images Pillow cannot read, pass (the latter get no
    shareable copy). Past twice the limit Pillow itself refuses to open the header."""
    if detected not in SHAREABLE:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (OSError, ValueError):
        return
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(f"{width} x {height} pixels")


class UnsupportedFileType(ValueError):
    """The file's bytes are not of a kind CareWatch keeps as evidence."""

    def __init__(self, detected: str | None) -> None:
        super().__init__(detected or "unknown")
        self.detected = detected


def detect_type(head: bytes) -> str | None:
    """The type the first bytes show (magic numbers); UTF-8 text without control bytes is text/plain."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    text = _as_text(head)
    if text and not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return "text/plain"
    return None


def _as_text(head: bytes) -> str | None:
    """``head`` as UTF-8, allowing a character cut at the end of the sample."""
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def checked_chunks(chunks: Iterable[bytes], found: list[str]) -> Iterator[bytes]:
    """Pass ``chunks`` through, refusing (before anything is kept) a file whose first bytes are
    not an accepted type; the detected type is appended to ``found``."""
    head, pending = b"", []
    iterator = iter(chunks)
    for chunk in iterator:
        pending.append(chunk)
        head += chunk
        if len(head) >= HEAD_BYTES:
            break
    detected = detect_type(head[:HEAD_BYTES])
    if detected not in ACCEPTED:
        raise UnsupportedFileType(detected)
    found.append(detected)
    yield from pending
    yield from iterator


def shareable_copy(data: bytes, detected: str) -> bytes | None:
    """A metadata-free copy of an image (pixels only, orientation applied), or ``None`` when the
    type has no shareable copy or the image cannot be decoded safely."""
    fmt = SHAREABLE.get(detected)
    if fmt is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.size[0] * image.size[1] > MAX_IMAGE_PIXELS:
                return None
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            mode = (
                "RGBA"
                if image.mode in ("P", "LA", "PA") or "transparency" in image.info
                else image.mode
            )
            if fmt == "JPEG" or mode not in ("RGB", "RGBA", "L"):
                mode = "RGB" if fmt == "JPEG" else "RGBA"
            pixels = image if image.mode == mode else image.convert(mode)
            # Pixels only, into a new image: no EXIF, XMP, ICC, text chunk or comment comes along
            # (and at most two copies of the pixels are held at once).
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels)
            del pixels
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    clean.save(out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def refusal_message(exc: Exception) -> str:
    """What to tell the uploader when a file is refused (too large, or not an accepted kind)."""
    from django.conf import settings

    if isinstance(exc, FileTooLarge):
        limit = settings.CAREWATCH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        return str(_("This file is too large (the limit is %(limit)s MB).") % {"limit": limit})
    if isinstance(exc, ImageTooLarge):
        return str(
            _(
                "This image has too many pixels (the limit is %(limit)s megapixels). Send a smaller copy of it."
            )
            % {"limit": MAX_IMAGE_PIXELS // 1_000_000}
        )
    return str(
        _("This kind of file is not accepted as evidence. Accepted: %(kinds)s.")
        % {"kinds": ACCEPTED_DESCRIPTION}
    )
