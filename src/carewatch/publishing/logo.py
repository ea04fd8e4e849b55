"""The organisation's logo: a PNG or JPEG, at most 512 KB and 2,000 pixels a side, re-encoded as
a PNG (which drops the file's metadata: who made it, where, with what) before it is kept."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

LOGO_BYTES = 512 * 1024
LOGO_SIDE = 2000


class LogoRefused(ValueError):
    pass


def logo_png(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG") or max(image.size) > LOGO_SIDE:
                raise LogoRefused(image.format or "unknown")
            clean = image.convert("RGBA")
    except (UnidentifiedImageError, OSError):
        raise LogoRefused("unknown") from None
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()
