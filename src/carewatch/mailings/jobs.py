"""The newsletter's jobs (on the ``mail`` queue): a send, pass after pass, and a test message.

``schedule`` is the service that queues a send (audited): the job starts it when it is due,
writing its delivery rows, then sends a pass and queues the next one until none waits.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from carewatch.audit.services import log_action
from carewatch.lib.jobs import worker_name
from carewatch.lib.mail.compose import Content, compose
from carewatch.mailings import sending
from carewatch.mailings.campaigns import EDITABLE, CampaignRefused, finish, start
from carewatch.mailings.choices import CampaignState
from carewatch.mailings.models import Campaign, CampaignVersion
from carewatch.mailings.render import render_version
from carewatch.supporters.mailer import unsubscribe_for

logger = logging.getLogger(__name__)
#: After a pass the mail server refused or deferred everything: the next one waits this long.
WAIT_SECONDS = 60


@task(queue_name="mail")
def send_campaign(campaign_id: int, scheduled_for: str = "") -> str:
    """Start the campaign if this is its due send, then one pass; queue the next pass."""
    if scheduled_for:
        start(campaign_id=campaign_id, scheduled_for=scheduled_for, actor="worker")
    outcome, sent = sending.send_pass(campaign_id, worker_name("newsletter"))
    if outcome == sending.MORE:
        send_campaign.enqueue(campaign_id)
    elif outcome == sending.WAIT:
        later = timezone.now() + timedelta(seconds=WAIT_SECONDS)
        send_campaign.using(run_after=later).enqueue(campaign_id)
    elif outcome == sending.DONE:
        finish(campaign=Campaign.objects.get(pk=campaign_id), actor="worker")
    elif outcome == sending.BUSY:
        # Another worker holds the lease. Should it die where this host cannot see (another
        # machine), its lease runs out: look again then, so the send is never left without a job.
        later = timezone.now() + timedelta(minutes=sending.LEASE_MINUTES, seconds=5)
        send_campaign.using(run_after=later).enqueue(campaign_id)
    return f"{outcome}: {sent} sent"


def resume_sending() -> int:
    """Queue a pass for every campaign being sent (a worker calls this when it starts)."""
    ids = sending.sending_now()
    for pk in ids:
        send_campaign.enqueue(pk)
    return len(ids)


@transaction.atomic
def schedule(*, campaign: Campaign, when: datetime | None, actor: Any) -> Campaign:
    """Send at ``when`` (None: now). The worker starts it (carewatch.mailings.jobs)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state not in EDITABLE:
        raise CampaignRefused(_("This newsletter has already been sent or cancelled."))
    if not campaign.versions.exists():
        raise CampaignRefused(_("Write the newsletter in at least one language first."))
    when = when or timezone.now()
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.SCHEDULED, scheduled_for=when
    )
    log_action(
        action="carewatch.campaign.scheduled",
        actor=actor,
        obj=campaign,
        before={"state": campaign.state},
        after={"state": CampaignState.SCHEDULED.value, "scheduled_for": when.isoformat()},
    )
    send_campaign.using(run_after=when).enqueue(campaign.pk, when.isoformat())
    campaign.refresh_from_db()
    return campaign


@task(queue_name="mail")
def send_test(version_id: int, to: str) -> str:
    """One message of a version to ``to``, its subject marked as a test."""
    version = CampaignVersion.objects.select_related("campaign__mailing_list").get(pk=version_id)
    unsubscribe = unsubscribe_for(to, f"newsletter:{version.campaign.mailing_list_id}")
    with translation.override(version.language):
        content = render_version(
            version, unsubscribe_url=unsubscribe.url, preferences_url=unsubscribe.url
        )
        subject = _("[Test] %(subject)s") % {"subject": content.subject}
    message = compose(
        to=to,
        content=Content(subject, content.text, content.html, content.language),
        unsubscribe=unsubscribe,
    )
    message.send()
    return "sent"


def queue_test(*, version: CampaignVersion, to: str, actor: Any) -> None:
    log_action(
        action="carewatch.campaign.test_sent",
        actor=actor,
        obj=version.campaign,
        after={"language": version.language},
    )
    send_test.enqueue(version.pk, to)
