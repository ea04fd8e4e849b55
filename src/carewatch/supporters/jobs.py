"""Mail goes out through the job queue's ``mail`` queue (carewatch.lib.jobs): a page that sends
a message answers at once, and a mail server that is down delays the message, not the visitor.

A server that refuses the recipient for good (5xx) suppresses the address (a hard bounce, as a
report sent back later would). One that cannot be reached, or answers "try later" (4xx), gets
the message again later: ``RETRY_MINUTES`` after each attempt, then the job fails and says so.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from carewatch.lib.mail.verp import mailbox_key
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.mailer import Attachment, send_now
from carewatch.supporters.services import ALL, suppress

logger = logging.getLogger(__name__)

RETRY_MINUTES = (1, 5, 30, 120, 480)


@task(queue_name="mail")
def send_message(
    to: str,
    template: str,
    data: dict[str, Any],
    language: str,
    scope: str = ALL,
    attempt: int = 1,
    requested: bool = False,
    attachments: list[Attachment] | None = None,
) -> str:
    """Send ``mail/<template>`` to ``to``; what happened, in a word (the job's result).
    ``requested``: a message the person has just asked for (services.is_suppressed);
    ``attachments``: (file name, MIME type, content in base 64) each."""
    try:
        sent = send_now(
            to=to,
            template=template,
            context=data,
            language=language,
            scope=scope,
            requested=requested,
            attachments=attachments,
        )
        return "sent" if sent else "suppressed"
    except smtplib.SMTPRecipientsRefused as refused:
        code, reply = next(iter(refused.recipients.values()))
        if 500 <= code < 600:
            suppress(
                mailbox=mailbox_key(to),
                reason=SuppressionReason.HARD_BOUNCE,
                source="smtp",
                detail=f"{code} {reply.decode(errors='replace')}",
            )
            return "refused"
        return _again(
            to, template, data, language, scope, attempt, f"{code}", requested, attachments
        )
    except (smtplib.SMTPException, OSError) as error:
        why = type(error).__name__
        return _again(to, template, data, language, scope, attempt, why, requested, attachments)


def _again(  # the job's own arguments, passed on
    to: str,
    template: str,
    data: dict[str, Any],
    language: str,
    scope: str,
    attempt: int,
    why: str,
    requested: bool,
    attachments: list[Attachment] | None,
) -> str:
    if attempt > len(RETRY_MINUTES):
        raise RuntimeError(f"mail {template!r} not delivered after {attempt} attempts ({why})")
    later = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
    send_message.using(run_after=later).enqueue(
        to,
        template,
        data,
        language,
        scope,
        attempt=attempt + 1,
        requested=requested,
        attachments=attachments,
    )
    logger.warning("mail %s: attempt %d failed (%s); again at %s", template, attempt, why, later)
    return "deferred"


def queue_message(
    *,
    to: str,
    template: str,
    data: dict[str, Any],
    language: str,
    scope: str = ALL,
    requested: bool = False,
    attachments: list[Attachment] | None = None,
) -> None:
    """Send ``mail/<template>`` to ``to`` from the worker (``data``: JSON values only;
    ``requested``: a message the person has just asked for, services.is_suppressed;
    ``attachments``: see ``attachment``)."""
    send_message.enqueue(
        to, template, data, language, scope, requested=requested, attachments=attachments
    )
