"""Vocabularies of the newsletter (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the address to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("The address does not work (bounced)")
    COMPLAINED = "complained", _("Reported a message as spam")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent: suppressed, erased or unsubscribed meanwhile")
    FAILED = "failed", _("Refused by the mail server")
    BOUNCED = "bounced", _("Bounced after it was sent")
    COMPLAINED = "complained", _("Reported as spam")


class BlockKind(models.TextChoices):
    HEADING = "heading", _("Heading")
    TEXT = "text", _("Text (may hold live figures)")
    FIGURE = "figure", _("A verified figure")
    PETITION = "petition", _("A petition with its count")
    BULLETIN = "bulletin", _("A published bulletin's figures")
    EVENT = "event", _("An event with its date and place")
    LINK = "link", _("A button to a page")
