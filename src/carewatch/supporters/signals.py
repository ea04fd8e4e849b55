"""Bounces and complaints reported by mail providers' webhooks (django-anymail normalises them):
a hard bounce or a complaint suppresses the address; an unsubscription through the provider's
own link suppresses it too. The webhooks answer only with their credentials (urls.py)."""

from __future__ import annotations

from typing import Any

from anymail.signals import AnymailTrackingEvent, EventType, tracking
from django.dispatch import receiver

from carewatch.lib.mail.verp import mailbox_key
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.services import suppress

REASONS = {
    EventType.BOUNCED: SuppressionReason.HARD_BOUNCE,
    EventType.REJECTED: SuppressionReason.HARD_BOUNCE,
    EventType.COMPLAINED: SuppressionReason.COMPLAINT,
    EventType.UNSUBSCRIBED: SuppressionReason.UNSUBSCRIBED,
}


@receiver(tracking)
def provider_event(sender: Any, event: AnymailTrackingEvent, esp_name: str, **_: Any) -> None:
    reason = REASONS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    if event.event_type == EventType.REJECTED and event.reject_reason not in {"bounced", "invalid"}:
        return  # refused by the provider for another reason (content, a policy): not the address
    suppress(
        mailbox=mailbox_key(event.recipient),
        reason=reason,
        source=f"webhook:{esp_name.lower()}"[:40],
        detail=str(event.description or event.reject_reason or "")[:500],
    )
