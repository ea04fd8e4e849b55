"""Composing and scheduling newsletters (audited, keyword-only), and what a send starts with:
one delivery row per confirmed subscriber, in the subscriber's language (or the campaign's
first language when it has no version in theirs)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.mailings import blocks as block_rules
from carewatch.mailings.choices import CampaignState, DeliveryState, SubscriptionState
from carewatch.mailings.models import Campaign, CampaignVersion, Delivery, MailingList, Subscription
from carewatch.supporters.choices import Language

#: The order in which a version stands in for a language the campaign was not written in.
FALLBACK = (Language.ENGLISH, Language.FRENCH, Language.ARABIC)
EDITABLE = (CampaignState.DRAFT, CampaignState.SCHEDULED)
_CHUNK = 2000


class CampaignRefused(ValueError):
    """The change cannot be made; the message says why, in the user's language."""


@transaction.atomic
def create_campaign(
    *,
    mailing_list: MailingList,
    name: str,
    actor: Any,
    count_clicks: bool = False,
    generated: bool = False,
) -> Campaign:
    campaign = Campaign.objects.create(
        mailing_list=mailing_list,
        name=name,
        count_clicks=count_clicks,
        created_by=str(getattr(actor, "username", actor))[:150],
        generated=generated,
    )
    log_action(
        action="carewatch.campaign.created",
        actor=actor,
        obj=campaign,
        after={"list": mailing_list.slug, "name": name, "count_clicks": count_clicks},
    )
    return campaign


@transaction.atomic
def save_version(
    *, campaign: Campaign, language: str, subject: str, blocks: list[dict[str, Any]], actor: Any
) -> CampaignVersion:
    """Write (or replace) the campaign's words in ``language``; blocks are checked first
    (ValidationError), and a campaign that has begun sending cannot change."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state not in EDITABLE:
        raise CampaignRefused(_("This newsletter has been sent: it can no longer change."))
    clean = block_rules.checked(blocks)
    found = CampaignVersion.objects.filter(campaign=campaign, language=language).first()
    before = {"subject": found.subject, "blocks": found.blocks} if found else None
    version, _created = CampaignVersion.objects.update_or_create(
        campaign=campaign, language=language, defaults={"subject": subject, "blocks": clean}
    )
    log_action(
        action="carewatch.campaign.version_saved",
        actor=actor,
        obj=campaign,
        before=before,
        after={"language": language, "subject": subject, "blocks": clean},
    )
    return version


def languages_of(campaign: Campaign) -> list[str]:
    return sorted(campaign.versions.values_list("language", flat=True))


def language_for(wanted: str, written: list[str]) -> str:
    if wanted in written:
        return wanted
    return next(code for code in FALLBACK if code in written)


@transaction.atomic
def cancel(*, campaign: Campaign, actor: Any) -> Campaign:
    """Stop a scheduled newsletter, or one being sent (those not yet sent stay unsent)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state not in (*EDITABLE, CampaignState.SENDING):
        raise CampaignRefused(_("This newsletter has already been sent or cancelled."))
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.CANCELLED)
    log_action(
        action="carewatch.campaign.cancelled",
        actor=actor,
        obj=campaign,
        before={"state": campaign.state},
        after={"state": CampaignState.CANCELLED.value},
    )
    campaign.refresh_from_db()
    return campaign


@transaction.atomic
def start(*, campaign_id: int, scheduled_for: str, actor: str) -> bool:
    """Move a scheduled campaign to sending and write its delivery rows, all or nothing;
    False when it is not the campaign's due send (cancelled, rescheduled, already begun)."""
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if (
        campaign is None
        or campaign.state != CampaignState.SCHEDULED
        or campaign.scheduled_for is None
        or campaign.scheduled_for.isoformat() != scheduled_for
    ):
        return False
    written = languages_of(campaign)
    recipients = Subscription.objects.filter(
        mailing_list_id=campaign.mailing_list_id, state=SubscriptionState.CONFIRMED
    ).values_list("pk", "mailbox_key", "language")
    total = 0
    batch: list[Delivery] = []
    for pk, key, language in recipients.order_by("pk").iterator(chunk_size=_CHUNK):
        batch.append(
            Delivery(
                campaign_id=campaign.pk,
                subscription_id=pk,
                mailbox_key=key,
                language=language_for(language, written),
            )
        )
        if len(batch) >= _CHUNK:
            total += len(Delivery.objects.bulk_create(batch))
            batch = []
    total += len(Delivery.objects.bulk_create(batch))
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.SENDING, started_at=timezone.now()
    )
    log_action(
        action="carewatch.campaign.started",
        actor=actor,
        obj=campaign,
        after={"recipients": total, "languages": written},
    )
    return True


def finish(*, campaign: Campaign, actor: str) -> None:
    """Mark a campaign sent once no delivery waits (audited with its figures)."""
    with transaction.atomic():
        changed = Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
            state=CampaignState.SENT, finished_at=timezone.now(), sender=""
        )
        if changed:
            log_action(
                action="carewatch.campaign.sent",
                actor=actor,
                obj=campaign,
                after={"deliveries": tally(campaign)},
            )


def tally(campaign: Campaign) -> dict[str, int]:
    """Deliveries by state, every state named (0 when none), and the unsubscriptions."""
    rows = Delivery.objects.filter(campaign=campaign)
    found = dict(rows.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    counts = {state: int(found.get(state, 0)) for state in DeliveryState.values}
    counts["unsubscribed"] = rows.filter(unsubscribed=True).count()
    return counts
