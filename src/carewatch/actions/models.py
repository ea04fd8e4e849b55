"""Decision-makers, calls to action addressed to them, their messages per language, and how
many times each was taken (counted per day, platform and language: nothing about who)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.actions.choices import Platform
from carewatch.supporters.choices import Language


class DecisionMaker(models.Model):
    """Someone a petition or a call to action is addressed to."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    x_handle = models.CharField(_("X handle"), max_length=60, blank=True)
    bluesky_handle = models.CharField(_("Bluesky handle"), max_length=120, blank=True)
    mastodon_handle = models.CharField(_("Mastodon handle"), max_length=200, blank=True)
    public_email = models.EmailField(_("public email"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    def __str__(self) -> str:
        return self.name


class CallToAction(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    targets = models.ManyToManyField(DecisionMaker, related_name="calls_to_action")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class ActionText(models.Model):
    """The call's words in one language: a heading and the message people send. ``{handle}`` in
    the message becomes the target's handle on the platform chosen (or their name by email)."""

    call = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    heading = models.CharField(_("heading"), max_length=200)
    message = models.TextField(_("message"), max_length=1000)
    subject = models.CharField(_("email subject"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "language"], name="one_action_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} ({self.language})"


class ActionCount(models.Model):
    """How many times an action was taken: one row per call, target, platform, language and day."""

    call = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="counts")
    target = models.ForeignKey(DecisionMaker, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    day = models.DateField(_("day"))
    taken = models.PositiveIntegerField(_("times taken"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "target", "platform", "language", "day"], name="one_count_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.platform} {self.day}: {self.taken}"
