"""Petitions, their words per language, their targets, the counts other platforms report, and
signatures (docs/petitions.md). A signature names its supporter; the client's address is kept
only as keyed hashes (carewatch.lib.clients), and only for a while."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.actions.models import CallToAction, DecisionMaker
from carewatch.petitions.choices import (
    InvalidationKind,
    InvalidationState,
    PetitionStatus,
    SignatureState,
)
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter


class Petition(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PetitionStatus.choices, default=PetitionStatus.DRAFT
    )
    goal = models.PositiveIntegerField(_("goal"))
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    targets = models.ManyToManyField(DecisionMaker, blank=True, related_name="petitions")
    call_to_action = models.ForeignKey(
        CallToAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
        help_text=_("Offered to signers, in their language, once they have signed."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    def __str__(self) -> str:
        return self.slug


class PetitionText(models.Model):
    """A petition's words in one language: ``story`` may hold live figures (docs/petitions.md)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"))
    ask = models.TextField(_("what we ask"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} ({self.language})"


class ExternalCount(models.Model):
    """A count another platform reports for the same petition, shown beside ours, never added."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="external")
    platform = models.CharField(_("platform"), max_length=80)
    count = models.PositiveIntegerField(_("count"))
    as_of = models.DateField(_("as of"))
    url = models.URLField(_("address"), blank=True)

    def __str__(self) -> str:
        return f"{self.platform}: {self.count}"


class Invalidation(models.Model):
    """A job that removed signatures after the fact, with its reason, shown in the history."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="invalidations")
    kind = models.CharField(_("kind"), max_length=16, choices=InvalidationKind.choices)
    criteria = models.JSONField(_("criteria"))
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=InvalidationState.choices,
        default=InvalidationState.QUEUED,
    )
    removed = models.PositiveIntegerField(_("signatures removed"), default=0)
    requested_by = models.CharField(_("requested by"), max_length=150)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    def __str__(self) -> str:
        return f"invalidation #{self.pk}"


class Signature(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="signatures")
    state = models.CharField(
        _("state"), max_length=12, choices=SignatureState.choices, default=SignatureState.PENDING
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    name_to_targets = models.BooleanField(_("name given to the targets"), default=False)
    email_domain = models.CharField(_("address domain"), max_length=253, blank=True)
    address_key = models.CharField(_("client address (keyed hash)"), max_length=32, blank=True)
    network_key = models.CharField(_("client network (keyed hash)"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    invalidated_by = models.ForeignKey(
        Invalidation, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "supporter"], name="one_signature_each")
        ]
        indexes = [
            models.Index(fields=["petition", "state"]),
            models.Index(fields=["network_key"]),
            models.Index(fields=["petition", "email_domain"]),
        ]

    def __str__(self) -> str:
        return f"signature #{self.pk}"
