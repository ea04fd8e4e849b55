"""Rendering one message in its recipient's language from ``templates/mail/<name>.{subject.txt,
txt,html}`` (any app's templates folder)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import translation

from carewatch.lib.mail.compose import Content

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def render(template: str, context: dict[str, Any], language: str) -> Content:
    """The subject and both parts of ``mail/<template>`` in ``language``."""
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        full = {**context, "language": language, "rtl": translation.get_language_bidi()}
        subject = plain(f"mail/{template}.subject.txt", full).strip()
        full["subject"] = subject
        return Content(
            subject=" ".join(subject.split()),
            text=plain(f"mail/{template}.txt", full),
            html=render_to_string(f"mail/{template}.html", full),
            language=language,
        )


def plain(name: str, context: dict[str, Any]) -> str:
    """A plain-text template rendered without HTML escaping (a subject or a text part shows
    "l'appel & co", not "l&#x27;appel &amp; co")."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return str(engine.get_template(name).render(Context(context, autoescape=False)))
