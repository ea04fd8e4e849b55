"""Sending one message to one supporter-side address: rendered in the recipient's language from
``templates/mail/<name>.{subject.txt,txt,html}``, with its unsubscribe link, never to a
suppressed address. Messages go through the job queue's ``mail`` queue (``jobs.send_message``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from carewatch.lib.mail.compose import Content, Unsubscribe, compose
from carewatch.supporters.services import ALL, is_suppressed, unsubscribe_token

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


def unsubscribe_for(address: str, scope: str = ALL) -> Unsubscribe:
    token = unsubscribe_token(address=address, scope=scope)
    url = settings.CAREWATCH_SITE_URL + reverse("mail-unsubscribe", args=[token])
    return Unsubscribe(url=url, token=token)


def send_now(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    scope: str = ALL,
    requested: bool = False,
) -> bool:
    """Render and send at once (the worker calls this); False, and nothing sent, when the
    address is suppressed (``requested``: see services.is_suppressed)."""
    if is_suppressed(to, requested=requested):
        return False
    unsubscribe = unsubscribe_for(to, scope)
    content = render(template, {**context, "unsubscribe_url": unsubscribe.url}, language)
    compose(to=to, content=content, unsubscribe=unsubscribe, list_id=scope.split(":")[0]).send()
    return True
