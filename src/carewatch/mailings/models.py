"""Mailing lists, subscriptions, campaigns with a version per language, and deliveries.

A subscription keeps the mailbox's keyed hash (carewatch.lib.mail.verp) beside its supporter,
so that an unsubscription or a bounce, which carry only that key, find it. A delivery is one
recipient of one campaign: the sender marks it sent before the message is complete on the wire
(carewatch.mailings.sending), so a killed send resumes without sending anyone a message twice.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.mailings.choices import CampaignState, DeliveryState, SubscriptionState
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter


class MailingList(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    names = models.JSONField(_("name per language"), default=dict)
    descriptions = models.JSONField(_("description per language"), default=dict, blank=True)
    public = models.BooleanField(_("anyone may subscribe"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")

    def __str__(self) -> str:
        return self.slug

    def name_in(self, language: str) -> str:
        return str(self.names.get(language) or self.names.get("en") or self.slug)

    def description_in(self, language: str) -> str:
        return str(self.descriptions.get(language) or self.descriptions.get("en") or "")


class Subscription(models.Model):
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.PROTECT, related_name="subscriptions"
    )
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="subscriptions")
    mailbox_key = models.CharField(_("mailbox key"), max_length=32, db_index=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=SubscriptionState.choices,
        default=SubscriptionState.UNCONFIRMED,
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    form = models.CharField(_("form"), max_length=60)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mailing_list", "supporter"], name="one_subscription_per_list"
            )
        ]
        indexes = [models.Index(fields=["mailing_list", "state"])]

    def __str__(self) -> str:
        return f"subscription #{self.pk}"


class Campaign(models.Model):
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("name (for staff)"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    scheduled_for = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending began"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending ended"), null=True, blank=True)
    count_clicks = models.BooleanField(
        _("count clicks"),
        default=False,
        help_text=_("Links go through our own address, which counts them; no one is tracked."),
    )
    #: ``host:pid:name`` of the worker sending it now (carewatch.mailings.sending).
    sender = models.CharField(max_length=64, blank=True)
    sender_seen = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(_("created by"), max_length=150)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.name


class CampaignVersion(models.Model):
    """A campaign in one language: its subject and its blocks (``[{"kind": …}, …]``,
    carewatch.mailings.blocks)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    blocks = models.JSONField(_("blocks"), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "language"], name="one_version_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} ({self.language})"


class Delivery(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    mailbox_key = models.CharField(_("mailbox key"), max_length=32, db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    unsubscribed = models.BooleanField(_("unsubscribed through this message"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscription"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["campaign", "state", "id"])]

    def __str__(self) -> str:
        return f"delivery #{self.pk}"


class Click(models.Model):
    """Clicks on one link of one campaign, counted by our redirect when the campaign asks:
    a number per link, nothing about who clicked."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(_("link"), max_length=500)
    count = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "url"], name="one_row_per_link")]

    def __str__(self) -> str:
        return self.url
