"""Accounts: staff users with one role each, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.accounts.choices import Role


class User(AbstractUser):
    """A staff member. What they may do follows from ``role`` (see ``permissions.py``)."""

    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.FIELD_DOCUMENTER
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("label"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.label})"

    @staticmethod
    def new_key() -> str:
        return "cw_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


class UserSession(models.Model):
    """A signed-in session of ``user``, so that disabling the user can end every one of them.

    Holds no address or browser details: only when it started and when it was last seen.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"
