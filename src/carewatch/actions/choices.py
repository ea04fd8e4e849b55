"""Vocabularies of the actions app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    X = "x", _("X (Twitter)")
    BLUESKY = "bluesky", _("Bluesky")
    MASTODON = "mastodon", _("Mastodon")
    EMAIL = "email", _("Email")
