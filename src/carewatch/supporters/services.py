"""Suppressing addresses and unsubscribing (audited; the log names the mailbox key, never the
address)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction

from carewatch.audit.services import log_action
from carewatch.lib.mail.verp import mailbox_key
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.models import Suppression

UNSUBSCRIBE_SALT = "carewatch.mail.unsubscribe"
#: Everything: the scope of an unsubscription from a message that belongs to no list.
ALL = "all"
#: Handlers of unsubscriptions from one kind of list ("newsletter" → the mailing apps' handler),
#: registered by the apps above this one when they start; scope "kind:id".
SCOPE_HANDLERS: dict[str, Callable[..., None]] = {}
#: Called with ``mailbox``, ``reason`` and ``source`` each time an address is suppressed (the mailing apps
#: mark its subscriptions and its last delivery), registered by the apps above this one.
SUPPRESSION_HOOKS: list[Callable[..., None]] = []
#: Reasons that stop even a message the person has just asked for (a confirmation): an address
#: that bounces, a person who complained, an address staff suppressed gets nothing; one who
#: unsubscribed may sign up again.
STOPS_REQUESTED = (
    SuppressionReason.HARD_BOUNCE,
    SuppressionReason.COMPLAINT,
    SuppressionReason.STAFF,
)


@transaction.atomic
def suppress(
    *, mailbox: str, reason: SuppressionReason, source: str, detail: str = "", actor: Any = None
) -> Suppression:
    """Suppress ``mailbox`` (a mailbox key); an address already suppressed keeps its first
    reason. ``source`` says who reported it ("smtp", "inbound", "webhook:mailgun", "staff")."""
    found, created = Suppression.objects.get_or_create(
        mailbox_key=mailbox,
        defaults={"reason": reason, "source": source[:40], "detail": detail[:500]},
    )
    if created:
        log_action(
            action="carewatch.mail.suppressed",
            actor=actor or source,
            object_type="supporters.suppression",
            object_id=mailbox,
            after={"reason": str(reason), "source": source[:40]},
        )
    for hook in SUPPRESSION_HOOKS:
        hook(mailbox=mailbox, reason=reason, source=source)
    return found


def is_suppressed(address: str, *, requested: bool = False) -> bool:
    """Whether no message may go to ``address``; ``requested``: a message the person has just
    asked for (only a bounce or a complaint stops it)."""
    rows = Suppression.objects.filter(mailbox_key=mailbox_key(address))
    if requested:
        rows = rows.filter(reason__in=STOPS_REQUESTED)
    return rows.exists()


@transaction.atomic
def lift_unsubscription(*, mailbox: str, source: str) -> bool:
    """Forget that ``mailbox`` unsubscribed from everything, when its owner has just confirmed
    a new subscription (a bounce or a complaint stays); whether there was one."""
    deleted, _rows = Suppression.objects.filter(
        mailbox_key=mailbox, reason=SuppressionReason.UNSUBSCRIBED
    ).delete()
    if deleted:
        log_action(
            action="carewatch.mail.unsuppressed",
            actor=source,
            object_type="supporters.suppression",
            object_id=mailbox,
            after={"reason": "confirmed a new subscription"},
        )
    return bool(deleted)


@dataclass(frozen=True)
class Unsubscription:
    mailbox: str
    scope: str


def unsubscribe_token(*, address: str, scope: str = ALL) -> str:
    """A signed token (no expiry: an old message's link must still work; replaying it does
    nothing more) for unsubscribing ``address`` from ``scope``."""
    return signing.dumps({"k": mailbox_key(address), "s": scope}, salt=UNSUBSCRIBE_SALT)


def read_token(token: str) -> Unsubscription | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("k"), str):
        return None
    return Unsubscription(mailbox=data["k"], scope=str(data.get("s", ALL)))


def unsubscribe(*, token: str, source: str) -> Unsubscription | None:
    """Apply the unsubscription ``token`` says (None for a token that is not ours): from one
    list through its handler, else from everything."""
    found = read_token(token)
    if found is None:
        return None
    kind, _, ident = found.scope.partition(":")
    handler = SCOPE_HANDLERS.get(kind)
    if handler is not None and ident:
        handler(mailbox=found.mailbox, ident=ident, source=source)
    else:
        suppress(mailbox=found.mailbox, reason=SuppressionReason.UNSUBSCRIBED, source=source)
    return found
