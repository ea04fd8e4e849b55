"""Sending a newsletter: one pass of a worker over the deliveries still waiting.

Exactly once: a delivery is marked sent at the safe moment of its SMTP exchange
(carewatch.lib.mail.channel), one row at a time, so a worker killed at any point leaves every
row either sent (the server has the message) or waiting (it does not). Only one worker sends a
campaign at a time: it holds the campaign's lease (``Campaign.sender``), which another may take
only when the holder's process is gone or has not been heard of for ``LEASE_MINUTES``.

A pass lasts ``PASS_SECONDS`` at most; the job then queues the next pass, so that other mail
(confirmations) is not held up behind a large send. Throttled to ``CAREWATCH_NEWSLETTER_RATE``
messages a second.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from carewatch.lib.jobs import worker_gone
from carewatch.lib.mail.channel import (
    DEFERRED,
    REFUSED,
    Channel,
    ChannelBroken,
    Result,
    open_channel,
)
from carewatch.lib.mail.compose import Content, Unsubscribe, compose
from carewatch.mailings.choices import CampaignState, DeliveryState, SubscriptionState
from carewatch.mailings.models import Campaign, Delivery
from carewatch.mailings.render import render_version
from carewatch.mailings.services import SENDER_SOURCE, preferences_token
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.models import Suppression
from carewatch.supporters.services import suppress, unsubscribe_token

logger = logging.getLogger(__name__)

PASS_SECONDS = 20.0
BATCH = 200
MAX_ATTEMPTS = 3
LEASE_MINUTES = 5
#: How often a pass renews its lease and looks whether the campaign was cancelled.
HEARTBEAT_SECONDS = 5.0
UNSUBSCRIBE = "__CW_UNSUBSCRIBE__"
PREFERENCES = "__CW_PREFERENCES__"
DONE, MORE, WAIT, BUSY, IDLE = "done", "more", "wait", "busy", "idle"


def take_lease(campaign_id: int, me: str) -> bool:
    """Become the campaign's sender, if it is sending and nobody alive is."""
    row = Campaign.objects.filter(pk=campaign_id).values("sender", "sender_seen", "state").first()
    if row is None or row["state"] != CampaignState.SENDING:
        return False
    holder = row["sender"]
    stale = row["sender_seen"] is None or row["sender_seen"] < timezone.now() - timedelta(
        minutes=LEASE_MINUTES
    )
    if holder and holder != me and not (worker_gone(holder) or stale):
        return False
    taken = Campaign.objects.filter(pk=campaign_id, sender=holder).update(
        sender=me, sender_seen=timezone.now()
    )
    return taken == 1


def release(campaign_id: int, me: str) -> None:
    Campaign.objects.filter(pk=campaign_id, sender=me).update(sender="")


class Pace:
    """At most ``rate`` messages a second (0: as fast as they go)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next > now:
            time.sleep(self.next - now)
        self.next = max(self.next, now) + self.interval


@dataclass
class Row:
    pk: int
    mailbox: str
    language: str
    state: str
    supporter: int
    email: str


def _batch(campaign_id: int, cursor: int) -> list[Row]:
    rows = (
        Delivery.objects.filter(campaign_id=campaign_id, state=DeliveryState.QUEUED, pk__gt=cursor)
        .order_by("pk")
        .values_list(
            "pk",
            "mailbox_key",
            "language",
            "subscription__state",
            "subscription__supporter_id",
            "subscription__supporter__email",
        )[:BATCH]
    )
    return [Row(*values) for values in rows]


def _prefix(name: str) -> str:
    """The site's address of the page ``name`` up to its token."""
    return settings.CAREWATCH_SITE_URL + reverse(name, args=["TOKEN"]).removesuffix("TOKEN/")


class LeaseLost(RuntimeError):
    """Another worker has taken the campaign over: this pass stops, and a message it was
    sending is left without its final line (the server discards it)."""


class Pass:
    """One worker's pass over one campaign's waiting deliveries, as the lease holder ``me``."""

    def __init__(self, campaign: Campaign, channel: Channel, me: str) -> None:
        self.campaign = campaign
        self.channel = channel
        self.me = me
        self.heard = 0.0
        self.contents: dict[str, Content] = {}
        self.scope = f"newsletter:{campaign.mailing_list_id}:{campaign.pk}"
        self.list_id = f"newsletter-{campaign.mailing_list.slug}"
        self.pace = Pace(float(settings.CAREWATCH_NEWSLETTER_RATE))
        self.sent = 0
        self.deferred = 0
        # Each message's two links differ only by their token: the addresses are built once.
        self.unsubscribe_at = _prefix("mail-unsubscribe")
        self.preferences_at = _prefix("newsletter-preferences")

    def content(self, language: str) -> Content:
        if language not in self.contents:
            version = self.campaign.versions.get(language=language)
            with translation.override(language):
                self.contents[language] = render_version(
                    version, unsubscribe_url=UNSUBSCRIBE, preferences_url=PREFERENCES
                )
        return self.contents[language]

    def run(self, deadline: float) -> None:
        """Send until ``deadline`` (checked before each message), nothing waits, the campaign
        is cancelled, or another worker has the lease (LeaseLost)."""
        self.deadline = deadline
        cursor = 0
        while self._go_on():
            rows = _batch(self.campaign.pk, cursor)
            if not rows:
                return
            cursor = rows[-1].pk
            self._send_batch(rows)

    def _go_on(self) -> bool:
        """Before each message: the pass's time is not up, and (every few seconds) the campaign
        still sends and this worker still holds its lease, which it renews."""
        if time.monotonic() >= self.deadline:
            return False
        if time.monotonic() - self.heard < HEARTBEAT_SECONDS:
            return True
        mine = Campaign.objects.filter(pk=self.campaign.pk, sender=self.me)
        if not mine.update(sender_seen=timezone.now()):
            raise LeaseLost(f"newsletter {self.campaign.pk}: another worker sends it now")
        self.heard = time.monotonic()
        return mine.filter(state=CampaignState.SENDING).exists()

    def _send_batch(self, rows: list[Row]) -> None:
        keys = [r.mailbox for r in rows]
        barred = set(
            Suppression.objects.filter(mailbox_key__in=keys).values_list("mailbox_key", flat=True)
        )
        skipped = [
            r.pk
            for r in rows
            if r.mailbox in barred or r.state != SubscriptionState.CONFIRMED or not r.email
        ]
        Delivery.objects.filter(pk__in=skipped, state=DeliveryState.QUEUED).update(
            state=DeliveryState.SKIPPED
        )
        for row in rows:
            if row.pk not in skipped:
                if not self._go_on():
                    return
                self._send_one(row)
                self.pace.wait()

    def _send_one(self, row: Row) -> None:
        template = self.content(row.language)
        token = unsubscribe_token(address=row.email, scope=self.scope)
        unsubscribe = Unsubscribe(url=f"{self.unsubscribe_at}{token}/", token=token)
        prefs = f"{self.preferences_at}{preferences_token(row.supporter)}/"

        def fill(text: str) -> str:
            return text.replace(UNSUBSCRIBE, unsubscribe.url).replace(PREFERENCES, prefs)

        content = Content(template.subject, fill(template.text), fill(template.html), row.language)
        message = compose(
            to=row.email, content=content, unsubscribe=unsubscribe, list_id=self.list_id
        )
        waiting = Delivery.objects.filter(pk=row.pk, state=DeliveryState.QUEUED)

        def mark() -> None:
            changed = waiting.update(
                state=DeliveryState.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            if changed != 1:  # another worker sent it: never send the final line
                raise LeaseLost(f"delivery {row.pk} is no longer waiting")

        try:
            result = self.channel.deliver(message, mark)
        except ChannelBroken as broken:
            if not broken.marked:
                waiting.update(attempts=F("attempts") + 1, detail=str(broken)[:300])
                waiting.filter(attempts__gte=MAX_ATTEMPTS).update(state=DeliveryState.FAILED)
            raise
        if result.outcome in (REFUSED, DEFERRED):
            self._refused(row, result)
        else:
            self.sent += 1

    def _refused(self, row: Row, result: Result) -> None:
        detail = f"{result.stage} {result.code} {result.reply}"[:300]
        this = Delivery.objects.filter(pk=row.pk)
        if result.outcome == DEFERRED:
            self.deferred += 1
            counted = 0 if result.stage == "end" else 1  # mark() counted an attempt at "end"
            this.update(
                state=DeliveryState.QUEUED,
                sent_at=None,
                attempts=F("attempts") + counted,
                detail=detail,
            )
            this.filter(attempts__gte=MAX_ATTEMPTS).update(state=DeliveryState.FAILED)
            return
        bounced = result.stage == "rcpt"
        this.update(
            state=DeliveryState.BOUNCED if bounced else DeliveryState.FAILED,
            sent_at=None,
            detail=detail,
        )
        if bounced:
            suppress(
                mailbox=row.mailbox,
                reason=SuppressionReason.HARD_BOUNCE,
                source=SENDER_SOURCE,
                detail=detail,
            )


def waiting(campaign_id: int) -> bool:
    return Delivery.objects.filter(campaign_id=campaign_id, state=DeliveryState.QUEUED).exists()


def send_pass(campaign_id: int, me: str, *, seconds: float = PASS_SECONDS) -> tuple[str, int]:
    """One pass: (what next — DONE, MORE, WAIT for the mail server, BUSY with another worker,
    IDLE: not sending —, messages sent)."""
    if not take_lease(campaign_id, me):
        sending = Campaign.objects.filter(pk=campaign_id, state=CampaignState.SENDING).exists()
        return (BUSY if sending else IDLE), 0
    campaign = Campaign.objects.select_related("mailing_list").get(pk=campaign_id)
    work: Pass | None = None
    try:
        channel = open_channel()
        try:
            work = Pass(campaign, channel, me)
            work.run(time.monotonic() + seconds)
        finally:
            channel.close()
    except LeaseLost as lost:
        logger.warning("%s; this pass stops", lost)
        return BUSY, work.sent if work else 0
    except (ChannelBroken, OSError) as error:
        logger.warning(
            "newsletter %s: the mail server failed (%s); again in a minute", campaign_id, error
        )
        return WAIT, work.sent if work else 0
    finally:
        release(campaign_id, me)
    if waiting(campaign_id):
        state = Campaign.objects.filter(pk=campaign_id).values_list("state", flat=True).first()
        if state != CampaignState.SENDING:
            return IDLE, work.sent
        return (WAIT if work.deferred and not work.sent else MORE), work.sent
    return DONE, work.sent


def sending_now() -> list[int]:
    """Campaigns being sent: a worker that starts queues a pass for each (a pass whose campaign
    another worker holds ends at once), so a send whose worker died goes on."""
    return list(Campaign.objects.filter(state=CampaignState.SENDING).values_list("pk", flat=True))
