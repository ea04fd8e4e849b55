"""Sending one message to one supporter-side address: rendered in the recipient's language from
``templates/mail/<name>.{subject.txt,txt,html}``, with its unsubscribe link, never to a
suppressed address. Messages go through the job queue's ``mail`` queue (``jobs.send_message``)."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.urls import reverse

from carewatch.lib.mail.compose import Unsubscribe, compose
from carewatch.lib.mail.render import render
from carewatch.supporters.services import ALL, is_suppressed, unsubscribe_token

#: A file sent with a message: (file name, MIME type, content in base 64: job arguments are JSON).
Attachment = list[str]


def attachment(name: str, mimetype: str, content: bytes) -> Attachment:
    return [name, mimetype, base64.b64encode(content).decode()]


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
    attachments: list[Attachment] | None = None,
) -> bool:
    """Render and send at once (the worker calls this); False, and nothing sent, when the
    address is suppressed (``requested``: see services.is_suppressed)."""
    if is_suppressed(to, requested=requested):
        return False
    unsubscribe = unsubscribe_for(to, scope)
    content = render(template, {**context, "unsubscribe_url": unsubscribe.url}, language)
    message = compose(to=to, content=content, unsubscribe=unsubscribe, list_id=scope.split(":")[0])
    for name, mimetype, encoded in attachments or []:
        message.attach(name, base64.b64decode(encoded), mimetype)
    message.send()
    return True
